/**
 * Entry points of the alert-file readers: pick the format from the file's
 * content (Avro magic `Obj\x01`, Parquet magic `PAR1`), not its extension,
 * and yield normalised {@link AlertRecord}s; find alert files in folders.
 *
 * @module
 */

import { AlertFileError } from "../../astro/errors.ts";
import type { AlertRecord } from "./alert.ts";
import { AVRO_MAGIC, readAvroAlerts } from "./avro.ts";
import { PARQUET_MAGIC, readParquetAlerts } from "./parquet.ts";

/**
 * Options of {@link readAlertFile} and {@link readAlerts}.
 *
 * @example
 * ```ts
 * import { readAlertFile } from "./read.ts";
 * const path = "data/sample/fink-filters/datatest/tde/tde_ZTF20abfcszi_202008.parquet";
 * for await (const _ of readAlertFile(path, { onRecord: (a, i) => console.log(i, a.objectId) })) {
 *   // ingest…
 * }
 * ```
 */
export interface ReadAlertsOptions {
  /**
   * Called with each record and its index in the file, before it is yielded
   * (e.g. for progress reporting). Default: none.
   */
  onRecord?: (record: AlertRecord, index: number) => void;
  /** Check the CRC-32 trailer of Avro snappy blocks. Default `true`. */
  checkCrc?: boolean;
  /**
   * The file's bytes past those given, read as the reader needs them: a view
   * from the start to `end` or further ({@linkcode ChunkedFile.upTo}).
   * Avro is then decoded as it is read; Parquet is read whole first.
   */
  more?: (end: number) => Uint8Array;
}

/**
 * Formats recognised by {@link detectAlertFormat}.
 *
 * @example
 * ```ts
 * import type { AlertFileFormat } from "./read.ts";
 * const format: AlertFileFormat = "parquet";
 * console.log(format);
 * ```
 */
export type AlertFileFormat = "avro" | "parquet";

function startsWith(bytes: Uint8Array, magic: Uint8Array): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

/**
 * The format of an alert file from its first bytes, or `undefined` when it is neither.
 *
 * @example
 * ```ts
 * import { detectAlertFormat } from "./read.ts";
 * console.log(detectAlertFormat(new TextEncoder().encode("PAR1...."))); // "parquet"
 * ```
 */
export function detectAlertFormat(bytes: Uint8Array): AlertFileFormat | undefined {
  if (startsWith(bytes, AVRO_MAGIC)) return "avro";
  if (startsWith(bytes, PARQUET_MAGIC)) return "parquet";
  return undefined;
}

/**
 * Yield the alerts of an Avro or Parquet file held in memory; `name` is used in errors.
 * Throws {@link AlertFileError} for an empty file, an unknown format, or any
 * reading error (see the format readers); records yielded before an error are valid.
 *
 * @example
 * ```ts
 * import { readAlerts } from "./read.ts";
 * const bytes = Deno.readFileSync("data/sample/fink-client/datatest/ZTF19acyjzeo.avro");
 * for await (const alert of readAlerts(bytes, "ZTF19acyjzeo.avro")) {
 *   console.log(alert.objectId, alert.candidate.magpsf);
 * }
 * ```
 */
export async function* readAlerts(
  bytes: Uint8Array,
  name: string,
  options: ReadAlertsOptions = {},
): AsyncGenerator<AlertRecord> {
  if (bytes.length === 0) throw new AlertFileError(name, undefined, "empty file");
  const format = detectAlertFormat(bytes);
  let records: AsyncGenerator<AlertRecord>;
  if (format === "avro") records = readAvroAlerts(bytes, name, options);
  else if (format === "parquet") {
    records = readParquetAlerts(options.more?.(Infinity) ?? bytes, name);
  } else {
    const head = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, "0"));
    throw new AlertFileError(
      name,
      undefined,
      `unknown format (first bytes ${
        head.join(" ")
      }); allowed: Avro container (Obj\\x01) or Parquet (PAR1)`,
    );
  }
  let index = 0;
  for await (const record of records) {
    options.onRecord?.(record, index++);
    yield record;
  }
}

/**
 * Yield the alerts of the Avro or Parquet file at `path` (format chosen by content).
 * Throws {@link AlertFileError} naming `path` when the file cannot be read as alerts.
 *
 * @example
 * ```ts
 * import { readAlertFile } from "./read.ts";
 * const path = "data/sample/fink-utils/fink_utils/test_data/online/science/day=04/alert_samples.parquet";
 * for await (const alert of readAlertFile(path)) {
 *   console.log(alert.objectId, alert.candid, alert.fink.cdsxmatch);
 * }
 * ```
 */
export async function* readAlertFile(
  path: string,
  options: ReadAlertsOptions = {},
): AsyncGenerator<AlertRecord> {
  yield* readAlerts(await readInputFile(path), path, options);
}

/** The bytes of an input file; an unreadable file is an {@link AlertFileError} naming it. */
export async function readInputFile(path: string): Promise<Uint8Array> {
  try {
    return await Deno.readFile(path);
  } catch (err) {
    throw new AlertFileError(path, undefined, `cannot read file: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

/**
 * {@linkcode readInputFile} without a trip through the event loop: the
 * ingest reads many small files one after the other, and an asynchronous
 * read of one of them costs more waiting than reading. Large files are read
 * with {@linkcode ChunkedFile}.
 */
export function readInputFileSync(path: string): Uint8Array {
  try {
    return Deno.readFileSync(path);
  } catch (err) {
    throw cannotRead(path, err);
  }
}

function cannotRead(path: string, err: unknown): AlertFileError {
  return new AlertFileError(path, undefined, `cannot read file: ${(err as Error).message}`, {
    cause: err,
  });
}

/** Read in chunks of this size: the first alerts of a large file are decoded after the first one. */
const CHUNK = 16 << 20;

/**
 * A large file read in chunks as its reader needs them, into one buffer of
 * its size: `Deno.readFileSync` takes twice as long on large files (a 535 MB
 * Fink file: 630 against 320 ms, its buffer grown while reading), and the
 * decoding worker starts on a file's first alerts instead of waiting for all
 * of it to be read (0.3 s for that file).
 *
 * @example
 * ```ts
 * import { ChunkedFile, readAlerts } from "./read.ts";
 * const path = "data/sample/fink-client/datatest/ztf/part-3-305711.avro";
 * const file = new ChunkedFile(path);
 * try {
 *   const more = (end: number) => file.upTo(end);
 *   for await (const alert of readAlerts(more(4), path, { more })) console.log(alert.objectId);
 * } finally {
 *   file.close();
 * }
 * ```
 */
export class ChunkedFile {
  #file: Deno.FsFile | undefined;
  #bytes: Uint8Array;
  #read = 0;
  #end = false;

  /** Open `path`; an unreadable file is an {@link AlertFileError} naming it. */
  constructor(readonly path: string) {
    try {
      this.#file = Deno.openSync(path);
      this.#bytes = new Uint8Array(this.#file.statSync().size);
    } catch (err) {
      this.#file?.close();
      // The error a small file's read gives, so that a file fails alike whatever its size.
      try {
        Deno.readFileSync(path);
      } catch (again) {
        throw cannotRead(path, again);
      }
      throw cannotRead(path, err);
    }
  }

  /**
   * A view of the file's bytes from the start to `end` or further (to its
   * end when it is shorter). Throws an {@link AlertFileError} when reading
   * fails, or when the file turns out longer than when it was opened.
   */
  upTo(end: number): Uint8Array {
    const size = this.#bytes.length;
    if (end > this.#read && !this.#end) {
      const target = Math.min(size, Math.max(end, this.#read + CHUNK));
      try {
        while (this.#read < target) {
          const got = this.#file!.readSync(this.#bytes.subarray(this.#read, target));
          if (got === null) { // the file shrank while read
            this.#end = true;
            break;
          }
          this.#read += got;
        }
        if (this.#read === size && end > size && !this.#end) {
          this.#end = true;
          if (this.#file!.readSync(new Uint8Array(1)) !== null) {
            throw new AlertFileError(this.path, undefined, "the file grew while it was read");
          }
        }
      } catch (err) {
        if (err instanceof AlertFileError) throw err;
        throw cannotRead(this.path, err);
      }
    }
    return this.#bytes.subarray(0, this.#read);
  }

  /** Close the file (its bytes stay readable). */
  close(): void {
    this.#file?.close();
    this.#file = undefined;
  }
}

/** An alert file's name: `.avro` or `.parquet` (any case: `ALERT.AVRO`). */
export function isAlertFileName(name: string): boolean {
  return /\.(avro|parquet)$/i.test(name);
}

/** A tar archive's name, as ingest reads them: `.tar`, `.tar.gz`, `.tgz`. */
export function isArchiveName(name: string): boolean {
  return /\.(tar|tar\.gz|tgz)$/i.test(name);
}

/** Hidden entries, passed over: Spark's `.crc` and `_SUCCESS` files, and the like. */
export function isHidden(name: string): boolean {
  return name.startsWith(".") || name.startsWith("_");
}

async function walk(dir: string, out: string[]): Promise<void> {
  for await (const entry of Deno.readDir(dir)) {
    if (isHidden(entry.name)) continue;
    const path = `${dir.replace(/\/+$/, "")}/${entry.name}`;
    let isDirectory = entry.isDirectory;
    let isFile = entry.isFile;
    if (entry.isSymlink) {
      const info = await Deno.stat(path).catch(() => undefined);
      isDirectory = info?.isDirectory ?? false;
      isFile = info?.isFile ?? false;
    }
    // Spark writes folders named like files (`sample.avro/part-…avro`): recurse into them.
    if (isDirectory) await walk(path, out);
    else if (isFile && (isAlertFileName(entry.name) || isArchiveName(entry.name))) {
      out.push(path);
    }
  }
}

/**
 * Every `.avro` / `.parquet` file and tar archive (`.tar`, `.tar.gz`, `.tgz`)
 * under the given paths, recursively, sorted and without duplicates. Hidden entries (names starting with `.` or `_`, such as
 * Spark's `.crc` and `_SUCCESS` files) are skipped; a path naming a file is kept
 * whatever its extension. Non-alert Parquet files are kept here and rejected
 * later by schema ({@link readAlerts} throws `AlertFileError`).
 *
 * @example
 * ```ts
 * import { findAlertFiles } from "./read.ts";
 * const files = await findAlertFiles(["data/sample/fink-client"]);
 * console.log(files.length); // 7
 * ```
 */
export async function findAlertFiles(pathsOrFolders: string | string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of typeof pathsOrFolders === "string" ? [pathsOrFolders] : pathsOrFolders) {
    let info: Deno.FileInfo;
    try {
      info = await Deno.stat(path);
    } catch (err) {
      throw new AlertFileError(path, undefined, `cannot read path: ${(err as Error).message}`, {
        cause: err,
      });
    }
    if (info.isDirectory) await walk(path, out);
    else out.push(path);
  }
  return [...new Set(out)].sort();
}
