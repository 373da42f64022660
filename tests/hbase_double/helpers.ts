/**
 * Helpers of the HBase REST test double: RowSpec and ScannerModel-XML
 * parsing, scanner cell iteration, counters. Test code only.
 *
 * @module
 */
import { type DoubleTable, type RowFilter, utf8 } from "./table.ts";

/** Counters of the test double. */
export interface DoubleStats {
  requests: number;
  bytesIn: number;
  bytesOut: number;
  openScanners: number;
  scannersCreated: number;
  schemaReplaced: number;
  byRoute: Record<string, number>;
}

/** A stateful scanner of the test double. */
export interface Scanner {
  table: DoubleTable;
  keys: string[];
  index: number;
  columns: Uint8Array[];
  batch: number;
  filter?: RowFilter;
  queue: { key: string; cell: ReturnType<DoubleTable["cells"]>[number] }[];
  done: boolean;
}

/** The next cell of a scanner, applying its filter row by row. */
export function nextCell(s: Scanner) {
  while (!s.queue.length && !s.done) {
    if (s.index >= s.keys.length) {
      s.done = true;
      break;
    }
    const key = s.keys[s.index++];
    const verdict = s.filter?.row(key, false) ?? "include";
    if (verdict === "done") s.done = true;
    if (verdict !== "include") continue;
    let cells = s.table.cells(key, s.columns);
    if (s.filter) cells = s.filter.cells(cells);
    for (const cell of cells) s.queue.push({ key, cell });
  }
  return s.queue.shift();
}

/** RowSpec `<row>[/<col>,<col>]`, each part URL-decoded (after splitting, as HBase). */
export function parseRowSpec(spec: string): { key: Uint8Array; columns: Uint8Array[] } {
  const [row, cols] = spec.split("/");
  const decode = (s: string) => utf8(decodeURIComponent(s.replaceAll("+", " ")));
  return { key: decode(row), columns: cols ? cols.split(",").filter((c) => c).map(decode) : [] };
}

/** The attributes, columns and filter of a `<Scanner …>` XML body. */
export function parseScannerXml(xml: string): Record<string, unknown> {
  const attrs = /<Scanner\b([^>]*)\/?>/.exec(xml)?.[1] ?? "";
  const model: Record<string, unknown> = {};
  for (const m of attrs.matchAll(/(\w+)="([^"]*)"/g)) model[m[1]] = m[2];
  model.column = [...xml.matchAll(/<column>([^<]*)<\/column>/g)].map((m) => m[1]);
  const filter = /<filter>([^<]*)<\/filter>/.exec(xml)?.[1];
  if (filter) {
    model.filter = filter.replaceAll("&quot;", '"').replaceAll("&lt;", "<").replaceAll("&gt;", ">")
      .replaceAll("&amp;", "&");
  }
  return model;
}

/** Zeroed counters. */
export function newStats(): DoubleStats {
  return {
    requests: 0,
    bytesIn: 0,
    bytesOut: 0,
    openScanners: 0,
    scannersCreated: 0,
    schemaReplaced: 0,
    byRoute: {},
  };
}
