/**
 * The embedded sample: the real ZTF alerts bundled in `data/sample`,
 * ingested on first use into a cached SQLite store (rebuilt when the files or
 * the layout version change).
 *
 * @module
 */
import { SqliteStore } from "../store/sqlite.ts";
import type { Store } from "../store/store.ts";
import { BadRequestError } from "../../astro/errors.ts";
import { ingestFiles, type IngestOptions } from "./ingest.ts";
import { findAlertFiles } from "./read.ts";

/** Where the bundled sample lives. */
export const SAMPLE_DIR: URL = new URL("../../data/sample/", import.meta.url);

/** Bumped whenever the layout written by ingest changes, to rebuild caches. */
export const LAYOUT_VERSION = 8;

/** Options of {@linkcode sampleStore}. */
export interface SampleOptions {
  /** Progress of the one-time sample build. */
  onProgress?: IngestOptions["onProgress"];
  /** Cache folder for the sample store (default `$FINKIT_CACHE`, else `~/.cache/finkit`). */
  cacheDir?: string;
}

/**
 * Whether the SQLite file at `path` is a sample store of the cache folder (`sample-<fingerprint>.db`
 * there): it is opened read-only whatever names it, so that it stays as built from the shipped
 * files.
 */
export function isSampleStoreFile(path: string, options: SampleOptions = {}): boolean {
  const slash = path.lastIndexOf("/");
  if (!/^sample-[0-9a-f]+\.db$/.test(path.slice(slash + 1))) return false;
  try {
    return Deno.realPathSync(slash < 0 ? "." : path.slice(0, slash) || "/") ===
      Deno.realPathSync(cacheDir(options));
  } catch {
    return false; // no such folder: not the cache
  }
}

function cacheDir(options: SampleOptions): string {
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

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

/**
 * The embedded sample store: built from `data/sample` on first use into the
 * cache folder (atomically: built under a temporary name, then linked),
 * reused afterwards, and opened read-only.
 */
export async function sampleStore(options: SampleOptions = {}): Promise<Store> {
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
  // Published samples are opened read-only: they stay as built from the shipped files (a write,
  // e.g. an annotation, fails naming the file), so every script and server sees the same sample.
  if (await exists(path)) return SqliteStore.open(path, { readOnly: true });
  await Deno.mkdir(dir, { recursive: true });
  // Unique per build, not per process: the workers of a server share its pid,
  // and each may build the sample at the same time.
  const tmp = `${path}.${Deno.pid}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  const removeTemporary = async () => {
    for (const suffix of ["", "-journal", "-wal", "-shm"]) {
      await Deno.remove(tmp + suffix).catch(() => {});
    }
  };
  const store = SqliteStore.open(tmp);
  try {
    const summary = await ingestFiles(store, files, { onProgress: options.onProgress });
    if (summary.errors.length) {
      throw new Error(
        `sample files failed to ingest: ${summary.errors.map((e) => e.message).join("; ")}`,
      );
    }
  } catch (e) {
    await store.close();
    await removeTemporary();
    throw e;
  }
  await store.close();
  // A hard link publishes the file atomically and never replaces one that a
  // build finishing first has published (and someone may have open); where
  // the file system has no hard links, a rename publishes it.
  try {
    await Deno.link(tmp, path);
  } catch (e) {
    if (!(e instanceof Deno.errors.AlreadyExists)) {
      await Deno.rename(tmp, path).catch(async (renameError) => {
        await removeTemporary();
        throw renameError;
      });
    }
  }
  await removeTemporary();
  return SqliteStore.open(path, { readOnly: true });
}
