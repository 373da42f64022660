/**
 * Open a store from a URL: none → the embedded sample (built on first use
 * into a cache folder), `file:path.db` or a path → a local SQLite store,
 * `:memory:` → an in-memory store, `hbase://host:port` → Apache HBase through
 * its REST server.
 *
 * @module
 */
import { SqliteStore } from "./sqlite.ts";
import type { Store } from "./store.ts";
import { BadRequestError } from "../astro/errors.ts";
import { ingestFiles, type IngestOptions } from "./ingest/ingest.ts";
import { findAlertFiles } from "./ingest/read.ts";

/** Where the bundled sample lives. */
export const SAMPLE_DIR: URL = new URL("../data/sample/", import.meta.url);

/** Bumped whenever the layout written by ingest changes, to rebuild caches. */
export const LAYOUT_VERSION = 4;

/** Options of {@linkcode openStore}. */
export interface OpenOptions {
  /** Progress of the one-time sample build. */
  onProgress?: IngestOptions["onProgress"];
  /** Cache folder for the sample store (default `$FINKIT_CACHE`, else `~/.cache/finkit`). */
  cacheDir?: string;
  /** Options passed to the HBase backend (timeout, credentials…). */
  hbase?: Record<string, unknown>;
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
  if (url === undefined || url === "" || url === "sample") return await sampleStore(options);
  if (url === ":memory:") return SqliteStore.open(":memory:");
  if (url.startsWith("hbase://")) {
    const { openHBaseStore } = await import("./hbase.ts");
    return await openHBaseStore(url, options.hbase ?? {});
  }
  if (url.startsWith("file:")) {
    const path = url.startsWith("file://")
      ? decodeURIComponent(new URL(url).pathname)
      : url.slice(5);
    return SqliteStore.open(path);
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    throw new BadRequestError(
      "url",
      url,
      "use nothing (the embedded sample), file:path.db, :memory: or hbase://host:port",
    );
  }
  return SqliteStore.open(url);
}

function cacheDir(options: OpenOptions): string {
  if (options.cacheDir) return options.cacheDir;
  const env = (k: string) => {
    try {
      return Deno.env.get(k);
    } catch {
      return undefined;
    }
  };
  const explicit = env("FINKIT_CACHE");
  if (explicit) return explicit;
  const xdg = env("XDG_CACHE_HOME");
  if (xdg) return `${xdg}/finkit`;
  const home = env("HOME") ?? env("USERPROFILE");
  return home ? `${home}/.cache/finkit` : `${Deno.cwd()}/.cache/finkit`;
}

async function sampleFingerprint(files: string[]): Promise<string> {
  const parts = [`layout${LAYOUT_VERSION}`];
  for (const f of files) {
    parts.push(`${f.slice(f.indexOf("data/sample/"))}:${(await Deno.stat(f)).size}`);
  }
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(parts.join("\n")));
  return [...new Uint8Array(digest)].slice(0, 6).map((b) => b.toString(16).padStart(2, "0")).join(
    "",
  );
}

/**
 * The embedded sample store: built from `data/sample` on first use into the
 * cache folder (atomically: built under a temporary name, then renamed),
 * reused afterwards.
 */
export async function sampleStore(options: OpenOptions = {}): Promise<Store> {
  if (SAMPLE_DIR.protocol !== "file:") {
    throw new BadRequestError(
      "sample",
      SAMPLE_DIR.href,
      "the embedded sample needs finkit on the local file system (clone the repository)",
    );
  }
  const files = await findAlertFiles([decodeURIComponent(SAMPLE_DIR.pathname)]);
  const dir = cacheDir(options);
  const path = `${dir}/sample-${await sampleFingerprint(files)}.db`;
  try {
    await Deno.stat(path);
    return SqliteStore.open(path);
  } catch {
    // not built yet
  }
  await Deno.mkdir(dir, { recursive: true });
  const tmp = `${path}.${Deno.pid}.tmp`;
  const store = SqliteStore.open(tmp);
  try {
    const summary = await ingestFiles(store, files, { onProgress: options.onProgress });
    if (summary.errors.length) {
      throw new Error(
        `sample files failed to ingest: ${summary.errors.map((e) => e.message).join("; ")}`,
      );
    }
  } finally {
    await store.close();
  }
  for (const suffix of ["-journal", "-wal", "-shm"]) {
    await Deno.remove(tmp + suffix).catch(() => {});
  }
  await Deno.rename(tmp, path);
  return SqliteStore.open(path);
}
