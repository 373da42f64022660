/**
 * Written pages out of the OS page cache: after each write transaction the
 * SQLite backend asks Linux to drop the cached pages of the bytes that
 * transaction appended to the file (`posix_fadvise(POSIX_FADV_DONTNEED)`,
 * through Deno's FFI and the C library).
 *
 * Why: ingest writes a store once (9.4 GB for 200,000 alerts with cutouts)
 * and reads little of it back soon. Left in the page cache, those pages push
 * the user's other files out of memory, and on a virtual machine every page
 * the cache grows into may be memory the host has not backed yet, or has
 * taken back since (free page reporting): the guest's kernel then spends
 * ~2.6 s per GiB on first touches against ~0.4 s per GiB for memory it
 * reuses. Dropped right after the commit's sync, the same few hundred MB of
 * memory serve the whole build. Measured on the bench store (200,000 alerts
 * with cutouts, 2-core VM): 6,220–6,830 alerts/s and 16–19 s of kernel time
 * without, 9,410–10,240 alerts/s and 7 s with (`docs/benchmark-log.md`).
 *
 * Only a transaction whose appended bytes are mostly large rows written
 * once (`_finkit_blobs`: the cutouts) has them dropped, and only the range
 * it appended: pages that were there before (the tables' upper b-tree
 * levels, which every insert reads) stay cached, and an ingest without
 * cutouts, whose new pages are b-tree leaves the next inserts read again,
 * keeps them all (dropping them cost the 1M bench build 5–10 %). It is
 * advice, never a loss: the kernel drops only clean pages (the commit has
 * synced them), and a dropped page is read again from the file when
 * needed. Elsewhere than Linux with glibc, or without the FFI
 * permission (`--allow-ffi`, included in `-A`), nothing is done.
 *
 * @module
 */

const POSIX_FADV_DONTNEED = 4;
const O_RDONLY_CLOEXEC = 0o2000000;

const SYMBOLS = {
  open: { parameters: ["buffer", "i32"], result: "i32" },
  close: { parameters: ["i32"], result: "i32" },
  posix_fadvise: { parameters: ["i32", "i64", "i64", "i32"], result: "i32" },
} as const;

let libc: Deno.DynamicLibrary<typeof SYMBOLS> | null | undefined;

/** The C library's three functions, or `null` where they cannot be had. */
function cLibrary(): Deno.DynamicLibrary<typeof SYMBOLS> | null {
  if (libc !== undefined) return libc;
  libc = null;
  if (Deno.build.os !== "linux") return libc;
  try {
    if (Deno.permissions.querySync({ name: "ffi" }).state !== "granted") return libc;
    libc = Deno.dlopen("libc.so.6", SYMBOLS);
  } catch {
    // musl (no libc.so.6) or FFI unavailable: keep the pages cached
  }
  return libc;
}

/** Drops the page cache of what a store file's write transactions append. */
export class WrittenPages {
  #fd: number;
  #size: number;

  private constructor(private path: string, private lib: Deno.DynamicLibrary<typeof SYMBOLS>) {
    this.#fd = lib.symbols.open(new TextEncoder().encode(`${path}\0`), O_RDONLY_CLOEXEC);
    this.#size = this.#fileSize();
  }

  /** For the file at `path`, or `undefined` when pages cannot be dropped here (or in memory). */
  static for(path: string): WrittenPages | undefined {
    if (path === "" || path === ":memory:" || path.startsWith("file:")) return undefined;
    const lib = cLibrary();
    if (!lib) return undefined;
    const pages = new WrittenPages(path, lib);
    return pages.#fd < 0 ? undefined : pages;
  }

  #fileSize(): number {
    try {
      return Deno.statSync(this.path).size;
    } catch {
      return 0;
    }
  }

  /**
   * After a commit that wrote `blobBytes` of large rows: drop the pages of
   * the bytes appended since the last call if those rows are at least half
   * of them.
   */
  committed(blobBytes: number): void {
    if (this.#fd < 0) return;
    const size = this.#fileSize();
    if (size > this.#size && 2 * blobBytes >= size - this.#size) {
      this.lib.symbols.posix_fadvise(
        this.#fd,
        BigInt(this.#size),
        BigInt(size - this.#size),
        POSIX_FADV_DONTNEED,
      );
    }
    this.#size = size;
  }

  /** Close the file descriptor (the store is closed). */
  close(): void {
    if (this.#fd >= 0) this.lib.symbols.close(this.#fd);
    this.#fd = -1;
  }
}
