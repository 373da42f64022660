/**
 * Read one Parquet leaf column chunk as raw Dremel levels: definition levels,
 * repetition levels and the non-null values, using hyparquet's page decoders
 * (`hyparquet/src/*.js`, pinned version) but not its list assembly, which
 * allocates one array per value of an optional struct element and dominates
 * the reading time of `prv_candidates`. `parquet_rows.ts` turns these levels
 * into rows.
 *
 * @module
 */

import type { ColumnChunk, Compressors, DecodedArray, ParquetParsers, SchemaTree } from "hyparquet";
import { parquetHeader } from "hyparquet/src/column.js";
import { convert, convertWithDictionary, DEFAULT_PARSERS } from "hyparquet/src/convert.js";
import { decompressPage, readDataPage, readDataPageV2 } from "hyparquet/src/datapage.js";
import { readPlain } from "hyparquet/src/plain.js";

/** Levels and values of one leaf column chunk. */
export interface LeafLevels {
  /** Schema nodes from the root to the leaf. */
  path: SchemaTree[];
  /** Number of level entries (values, nulls and empty lists). */
  count: number;
  /** Definition level of each entry, or `undefined` when every entry is at the maximum. */
  defs: Uint8Array | undefined;
  /** Repetition level of each entry, or `undefined` for a column without repetition. */
  reps: Uint8Array | undefined;
  /** The non-null values, in order (converted: strings, bigint, timestamps…). */
  values: ArrayLike<unknown>;
  /** Maximum definition level of the leaf. */
  maxDef: number;
  /** Maximum repetition level of the leaf. */
  maxRep: number;
}

/** Options of {@link readLeafLevels}. */
export interface LeafLevelsOptions {
  /** Decompressors by codec (hyparquet's built-in snappy when absent). Default `{}`. */
  compressors?: Compressors;
  /** hyparquet parsers merged over the defaults. Default none. */
  parsers?: Partial<ParquetParsers>;
  /** Decode byte arrays without a string annotation as UTF-8. Default `false`. */
  utf8?: boolean;
}

function levelsOf(path: SchemaTree[], kind: "def" | "rep"): number {
  let n = 0;
  for (const node of path.slice(1)) {
    const r = node.element.repetition_type;
    if (kind === "def" ? r !== "REQUIRED" : r === "REPEATED") n++;
  }
  return n;
}

/**
 * Decode every page of a leaf column chunk of `file` (the whole Parquet file) into levels and values.
 * Throws (a plain `Error`) on truncated or corrupt data.
 *
 * @example
 * ```ts
 * import { parquetMetadata, parquetSchema } from "hyparquet";
 * import { readLeafLevels } from "./parquet_levels.ts";
 * const path = "data/sample/fink-broker/online/science/20200101/part-00000-e827d2ad-255a-42d5-8164-41fca8bed00e.c000.snappy.parquet";
 * const file = Deno.readFileSync(path);
 * const metadata = parquetMetadata(file);
 * const root = parquetSchema(metadata);
 * const chunk = metadata.row_groups[0].columns.find((c) => c.meta_data?.path_in_schema[0] === "objectId")!;
 * const objectId = root.children.find((c) => c.element.name === "objectId")!;
 * console.log(readLeafLevels(file, chunk, [root, objectId]).values[0]); // "ZTF18acqucmw"
 * ```
 */
export function readLeafLevels(
  file: Uint8Array,
  chunk: ColumnChunk,
  path: SchemaTree[],
  { compressors = {}, parsers, utf8 = false }: LeafLevelsOptions = {},
): LeafLevels {
  const meta = chunk.meta_data;
  if (!meta) throw new Error("column chunk without metadata");
  const dictionaryOffset = meta.dictionary_page_offset ? Number(meta.dictionary_page_offset) : 0;
  const dataOffset = Number(meta.data_page_offset);
  const start = dictionaryOffset > 0 && dictionaryOffset < dataOffset
    ? dictionaryOffset
    : dataOffset;
  const length = Number(meta.total_compressed_size);
  if (start + length > file.byteLength) {
    throw new Error(`column ${meta.path_in_schema.join(".")} runs past the end of the file`);
  }
  const decoder = {
    pathInSchema: meta.path_in_schema,
    type: meta.type,
    element: path[path.length - 1].element,
    schemaPath: path,
    codec: meta.codec,
    parsers: { ...DEFAULT_PARSERS, ...parsers },
    compressors,
    utf8,
  };
  const maxDef = levelsOf(path, "def");
  const maxRep = levelsOf(path, "rep");
  const base = file.byteOffset + start;
  const reader = { view: new DataView(file.buffer, base, length), offset: 0 };
  let dictionary: DecodedArray | undefined;
  const defPages: (number[] | undefined)[] = [];
  const repPages: number[][] = [];
  const valuePages: ArrayLike<unknown>[] = [];
  const counts: number[] = [];
  while (reader.offset < length - 1) {
    const header = parquetHeader(reader);
    const size = header.compressed_page_size;
    if (!(size >= 0)) throw new Error(`corrupt page header (page size ${size})`);
    const available = Math.max(0, Math.min(size, length - reader.offset));
    const bytes = new Uint8Array(file.buffer, base + reader.offset, available);
    reader.offset += size;
    if (bytes.length < size) throw new Error("truncated page");
    if (header.type === "DICTIONARY_PAGE") {
      const page = decompressPage(
        bytes,
        Number(header.uncompressed_page_size),
        meta.codec,
        compressors,
      );
      const pageReader = {
        view: new DataView(page.buffer, page.byteOffset, page.byteLength),
        offset: 0,
      };
      const n = header.dictionary_page_header!.num_values;
      dictionary = convert(
        readPlain(pageReader, meta.type, n, decoder.element.type_length),
        decoder,
      );
      continue;
    }
    let data;
    let encoding;
    let numValues;
    if (header.type === "DATA_PAGE") {
      const daph = header.data_page_header!;
      const page = decompressPage(
        bytes,
        Number(header.uncompressed_page_size),
        meta.codec,
        compressors,
      );
      data = readDataPage(page, daph, decoder);
      encoding = daph.encoding;
      numValues = daph.num_values;
    } else if (header.type === "DATA_PAGE_V2") {
      const daph2 = header.data_page_header_v2!;
      data = readDataPageV2(bytes, header, decoder);
      encoding = daph2.encoding;
      numValues = daph2.num_values;
    } else {
      continue; // index pages
    }
    defPages.push(data.definitionLevels?.length ? data.definitionLevels : undefined);
    repPages.push(data.repetitionLevels);
    valuePages.push(convertWithDictionary(data.dataPage, dictionary, encoding, decoder));
    counts.push(numValues);
  }
  const count = counts.reduce((a, b) => a + b, 0);
  let defs: Uint8Array | undefined;
  if (maxDef > 0 && defPages.some((d) => d !== undefined)) {
    defs = new Uint8Array(count);
    let at = 0;
    for (let p = 0; p < defPages.length; p++) {
      const page = defPages[p];
      if (page) defs.set(page, at);
      else defs.fill(maxDef, at, at + counts[p]);
      at += counts[p];
    }
  }
  let reps: Uint8Array | undefined;
  if (maxRep > 0) {
    reps = new Uint8Array(count);
    let at = 0;
    for (let p = 0; p < repPages.length; p++) {
      reps.set(repPages[p], at);
      at += counts[p];
    }
  }
  const values = valuePages.length === 1 ? valuePages[0] : valuePages.flatMap((v) => Array.from(v));
  return { path, count, defs, reps, values, maxDef, maxRep };
}
