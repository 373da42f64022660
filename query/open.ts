/**
 * Open a store from a URL: none → the embedded sample (built on first use
 * into a cache folder), `file:path.db` or a path → a local SQLite store,
 * `:memory:` → an in-memory store, `hbase://host:port` → Apache HBase through
 * its REST server.
 *
 * @module
 */
import { SqliteStore } from "./store/sqlite.ts";
import type { Store } from "./store/store.ts";
import { BadRequestError } from "../astro/errors.ts";
import type { IngestProgress } from "./ingest/ingest.ts";
import { isSampleStoreFile, sampleStore } from "./ingest/sample.ts";

/** Options of {@linkcode openStore}. */
export interface OpenOptions {
  /** Progress of the one-time sample build. */
  onProgress?: (progress: IngestProgress) => void;
  /** Cache folder for the sample store (default `$FINKIT_CACHE`, else `~/.cache/finkit`). */
  cacheDir?: string;
  /** Options passed to the HBase backend (timeout, credentials…). */
  hbase?: Record<string, unknown>;
  /**
   * Create a SQLite file that does not exist (default true: a store to ingest
   * into). False makes a missing file an error, naming the path, instead of
   * an empty store (`connect` opens existing stores so).
   */
  create?: boolean;
}

/** Whether `url` names the embedded sample (nothing, `""` or `"sample"`). */
export function isSampleUrl(url?: string): url is undefined | "" | "sample" {
  return url === undefined || url === "" || url === "sample";
}

/**
 * Open a store.
 *
 * @example
 * ```ts
 * import { openStore } from "./open.ts";
 * const store = await openStore(":memory:");
 * console.log(store.description); // "sqlite::memory:"
 * await store.close();
 * ```
 */
export async function openStore(url?: string, options: OpenOptions = {}): Promise<Store> {
  if (isSampleUrl(url)) return await sampleStore(options);
  if (url === ":memory:") return SqliteStore.open(":memory:");
  if (url.startsWith("hbase://")) {
    const { openHBaseStore } = await import("./store/hbase.ts");
    return await openHBaseStore(url, options.hbase ?? {});
  }
  if (url.startsWith("file:")) {
    const path = url.startsWith("file://")
      ? decodeURIComponent(new URL(url).pathname)
      : url.slice(5);
    return await openSqlite(url, path, options);
  }
  // Another scheme, or a mistyped one (`hbase:/host`); one letter is a Windows drive (`C:\…`).
  if (/^[a-z][a-z0-9+.-]+:/i.test(url)) {
    throw new BadRequestError(
      "url",
      url,
      "use nothing (the embedded sample), file:path.db, :memory: or hbase://host:port",
    );
  }
  return await openSqlite(url, url, options);
}

async function openSqlite(url: string, path: string, options: OpenOptions): Promise<Store> {
  if (options.create === false) {
    const found = await Deno.stat(path).then((s) => s.isFile, () => false);
    if (!found) {
      throw new BadRequestError(
        "url",
        url,
        `no store at ${path}: make one with \`deno task ingest <files> --store file:${path}\`, ` +
          "or give an existing store",
      );
    }
  }
  // The embedded sample's file, named by its path: read-only all the same.
  return SqliteStore.open(path, { readOnly: isSampleStoreFile(path, options) });
}
