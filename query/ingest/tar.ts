/**
 * Tar archives, plain or gzipped, read as a stream: ZTF's public alert
 * archive ships each night as `ztf_public_YYYYMMDD.tar.gz`, ~200,000
 * one-alert Avro files. POSIX ustar names (with their prefix), GNU long
 * names and pax `path` records are understood; members other than regular
 * files (folders, links) are passed over. Each member chosen is read into
 * memory or written to a file of the caller's naming, as the caller says
 * member by member, so an archive of any size goes through without being
 * held in memory whole.
 *
 * @module
 */
import { AlertFileError } from "../../astro/errors.ts";

/** A member of an archive, written where the caller asked, or read into memory. */
export interface ExtractedMember {
  /** Its name in the archive (`night/ZTF19acihgng.avro`). */
  name: string;
  /** Where it was written (absent when it was read into memory). */
  path?: string;
  /** Its bytes, when it was read into memory. */
  bytes?: Uint8Array;
  /** Its size in bytes. */
  size: number;
}

/** Where a member goes: a file's path, `"memory"`, or `undefined` to pass it over. */
export type MemberPlace = (name: string, size: number) => string | "memory" | undefined;

const BLOCK = 512;

/** Bytes from a stream, taken as asked. */
class Bytes {
  #reader: ReadableStreamDefaultReader<Uint8Array>;
  #chunks: Uint8Array[] = [];
  #have = 0;
  /** Bytes taken so far. */
  offset = 0;

  constructor(stream: ReadableStream<Uint8Array>) {
    this.#reader = stream.getReader();
  }

  /** Whether `n` bytes are available (false at the end of the stream). */
  async ensure(n: number): Promise<boolean> {
    while (this.#have < n) {
      const { value, done } = await this.#reader.read();
      if (done) return false;
      this.#chunks.push(value);
      this.#have += value.length;
    }
    return true;
  }

  /** Up to `n` of the available bytes (at least one when any is available). */
  takeSome(n: number): Uint8Array {
    const first = this.#chunks[0];
    const out = first.length <= n ? first : first.subarray(0, n);
    if (out === first) this.#chunks.shift();
    else this.#chunks[0] = first.subarray(n);
    this.#have -= out.length;
    this.offset += out.length;
    return out;
  }

  /** Exactly `n` available bytes. */
  take(n: number): Uint8Array {
    if (this.#chunks[0].length >= n) return this.takeSome(n);
    const out = new Uint8Array(n);
    for (let at = 0; at < n;) {
      const part = this.takeSome(n - at);
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  async cancel(): Promise<void> {
    await this.#reader.cancel().catch(() => {});
  }
}

const ascii = new TextDecoder();

function text(block: Uint8Array, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return ascii.decode(end < 0 ? field : field.subarray(0, end));
}

/** A numeric header field: octal text, or base-256 when its first byte has the high bit. */
function number(block: Uint8Array, start: number, length: number): number {
  if (block[start] & 0x80) {
    let n = block[start] & 0x7f;
    for (let i = 1; i < length; i++) n = n * 256 + block[start + i];
    return n;
  }
  const t = text(block, start, length).trim();
  return t === "" ? 0 : /^[0-7]+$/.test(t) ? parseInt(t, 8) : NaN;
}

function checksumOk(block: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i];
  return number(block, 148, 8) === sum;
}

/** The `path` of a pax extended header (`"<length> path=<name>\n"` records). */
function paxPath(data: Uint8Array): string | undefined {
  const records = new TextDecoder().decode(data);
  let at = 0, path: string | undefined;
  while (at < records.length) {
    const space = records.indexOf(" ", at);
    const length = Number(records.slice(at, space));
    if (!(space > at && length > 0)) break;
    const record = records.slice(space + 1, at + length - 1);
    if (record.startsWith("path=")) path = record.slice(5);
    at += length;
  }
  return path;
}

/**
 * The regular files of the tar archive at `archive` (gunzipped when it is
 * gzipped), in archive order: each one `place(name, size)` names a path for
 * is written there, each it says `"memory"` for is read into memory, and
 * both are yielded; the others are passed over. A damaged or truncated
 * archive throws an {@linkcode AlertFileError} naming it, after the members
 * read whole before the damage (a truncated member's file is removed).
 *
 * @example
 * ```ts ignore
 * import { extractTar } from "./tar.ts";
 * for await (const m of extractTar("ztf_public_20191101.tar.gz", () => "memory")) {
 *   console.log(m.name, m.bytes!.length);
 * }
 * ```
 */
export async function* extractTar(
  archive: string,
  place: MemberPlace,
): AsyncGenerator<ExtractedMember> {
  const fail = (reason: string, cause?: unknown) =>
    new AlertFileError(archive, undefined, reason, cause ? { cause } : undefined);
  let file: Deno.FsFile, gzip: boolean;
  try {
    file = await Deno.open(archive);
    const head = new Uint8Array(2); // gzip's magic bytes?
    gzip = await file.read(head) === 2 && head[0] === 0x1f && head[1] === 0x8b;
    await file.seek(0, Deno.SeekMode.Start);
  } catch (e) {
    throw fail(`cannot read file: ${(e as Error).message}`, e);
  }
  const stream = gzip ? file.readable.pipeThrough(new DecompressionStream("gzip")) : file.readable;
  const bytes = new Bytes(stream);
  const read = async (n: number): Promise<boolean> => {
    try {
      return await bytes.ensure(n);
    } catch (e) {
      throw fail(`cannot decompress (gzip): ${(e as Error).message}`, e);
    }
  };
  let longName: string | undefined;
  let members = 0;
  try {
    while (true) {
      const at = bytes.offset;
      if (!await read(BLOCK)) {
        if (members === 0) throw fail("not a tar archive (empty)");
        return; // no end-of-archive blocks: accepted, as tar does
      }
      const header = bytes.take(BLOCK);
      if (header.every((b) => b === 0)) return; // end of archive
      if (!checksumOk(header)) {
        throw fail(`not a tar archive, or damaged: bad header checksum at byte ${at}`);
      }
      const size = number(header, 124, 12);
      if (!Number.isSafeInteger(size) || size < 0) {
        throw fail(`damaged tar header at byte ${at}: size ${text(header, 124, 12)}`);
      }
      const type = String.fromCharCode(header[156] || 48); // NUL: a regular file
      let name = text(header, 0, 100);
      if (text(header, 257, 6) === "ustar" && header[262] === 0) {
        // POSIX ustar's name prefix (GNU's "ustar " headers hold other fields there).
        const prefix = text(header, 345, 155);
        if (prefix) name = `${prefix}/${name}`;
      }
      const padded = Math.ceil(size / BLOCK) * BLOCK;
      if (type === "L" || type === "x") {
        // A GNU long name, or pax records: about the next member (held whole: bounded).
        if (size > 1 << 20) throw fail(`damaged tar header at byte ${at}: ${size}-byte name`);
        if (!await read(padded)) throw fail(`truncated archive in the header at byte ${at}`);
        const data = bytes.take(padded).subarray(0, size);
        longName = type === "L" ? text(data, 0, size) : paxPath(data) ?? longName;
        continue;
      }
      if (longName !== undefined) name = longName;
      longName = undefined;
      const regular = type === "0" || type === "7";
      const path = regular ? place(name, size) : undefined;
      members++;
      if (path === "memory") {
        if (!await read(padded)) throw fail(`truncated archive: member ${name} is cut short`);
        yield { name, bytes: bytes.take(padded).subarray(0, size), size };
        continue;
      }
      if (path === undefined) {
        for (let left = padded; left > 0;) {
          if (!await read(1)) throw fail(`truncated archive: member ${name} is cut short`);
          left -= bytes.takeSome(left).length;
        }
        continue;
      }
      const out = await Deno.open(path, { write: true, create: true, truncate: true });
      let complete = false;
      try {
        for (let left = size; left > 0;) {
          if (!await read(1)) throw fail(`truncated archive: member ${name} is cut short`);
          const part = bytes.takeSome(left);
          for (let w = 0; w < part.length;) w += await out.write(part.subarray(w));
          left -= part.length;
        }
        complete = true;
      } finally {
        out.close();
        if (!complete) await Deno.remove(path).catch(() => {});
      }
      if (padded > size) {
        if (!await read(padded - size)) throw fail(`truncated archive after member ${name}`);
        bytes.take(padded - size);
      }
      yield { name, path, size };
    }
  } finally {
    await bytes.cancel();
    try {
      file.close();
    } catch {
      // closed with the stream
    }
  }
}
