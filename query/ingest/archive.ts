/**
 * Ingest of tar archives (`.tar`, `.tar.gz`, `.tgz`), as ZTF's public alert
 * archive ships its nights: the alert files among the members are ingested
 * as files are, a thousand at a time, Avro members from memory and the
 * others from a temporary folder, removed afterwards. Members keep their
 * place in the archive's name: errors, progress and the rows' `d:hdfs_path`
 * say `night.tar.gz!/member.avro`.
 *
 * @module
 */
import { AlertFileError } from "../../astro/errors.ts";
import { basename } from "node:path";
import { extractTar, type MemberPlace } from "./tar.ts";
import { isAlertFileName, isHidden } from "./read.ts";
import { errorEntry } from "./pipeline.ts";
import type { Run } from "./run.ts";

/** How a member's temporary file is named back: for people, and in `d:hdfs_path`. */
export interface MemberName {
  /** `archive!/member`, as given on the command line. */
  shown: string;
  /** The `file:` URL of the archive, `!/` and the member. */
  uri: string;
  /** The member's bytes, when it is held in memory (its temporary file is never written). */
  bytes?: Uint8Array;
}

/** Avro members up to this size are held in memory (ZTF's: ~70 kB), larger ones written out. */
const IN_MEMORY = 16 * 1024 * 1024;

/** Members extracted before they are ingested together (and how many bytes at most). */
const MEMBERS_PER_GROUP = 1000;
const BYTES_PER_GROUP = 64 * 1024 * 1024;

/**
 * Where the members go: alert files only (named as in folders, hidden ones
 * passed over); Avro members of at most `inMemory` bytes in memory, the
 * others in folder `dir` (numbered, so equal names of the archive's folders
 * stay apart).
 */
export function memberPlace(dir: string, inMemory: number): MemberPlace {
  let n = 0;
  return (name, size) => {
    const base = basename(name);
    if (isHidden(base) || !isAlertFileName(base)) return undefined;
    if (base.endsWith(".avro") && size <= inMemory) return "memory";
    return `${dir}/${n++}-${base}`;
  };
}

/**
 * Ingest the alert files of archive `archive` with `addFiles`, a group of
 * members at a time. `names` maps each member's temporary file to its name
 * while it is ingested. A damaged archive adds one error to the summary,
 * after its members read whole before the damage are ingested.
 */
export async function addArchive(
  archive: string,
  archiveUri: string,
  run: Run,
  names: Map<string, MemberName>,
  addFiles: (files: string[]) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "finkit-archive-" });
  let group: string[] = [], bytes = 0, read = 0;
  const ingestGroup = async () => {
    const errors = run.summary.errors.length, skipped = run.summary.skipped.length;
    try {
      await addFiles(group);
    } finally {
      // Entries name members, not their temporary files.
      for (const e of run.summary.errors.slice(errors)) rename(e, names);
      for (const e of run.summary.skipped.slice(skipped)) rename(e, names);
      for (const path of group) {
        names.delete(path);
        await Deno.remove(path).catch(() => {});
      }
      group = [];
      bytes = 0;
    }
  };
  try {
    try {
      // Writing out many small files costs more than reading them (measured: 1.3 s of kernel
      // time for ZTF's 1,000 files of 66 kB): Avro members are held in memory. Parquet members
      // (fink-fat tables are read from files) and large ones are written out. (Reading the
      // archive in a worker, gunzip beside the ingest, gained nothing measurable here.)
      const members = extractTar(archive, memberPlace(dir, IN_MEMORY));
      for await (const m of members) {
        read++;
        // A member held in memory is known by a name in the folder that is never written.
        const path = m.path ?? `${dir}/memory-${read}`;
        names.set(path, {
          shown: `${archive}!/${m.name}`,
          uri: `${archiveUri}!/${m.name}`,
          bytes: m.bytes,
        });
        group.push(path);
        bytes += m.size;
        if (group.length >= MEMBERS_PER_GROUP || bytes >= BYTES_PER_GROUP) await ingestGroup();
      }
    } catch (e) {
      // The archive's damage (a store's failure goes on up); the members read whole before
      // it are still ingested.
      if (!(e instanceof AlertFileError && e.file === archive)) throw e;
      if (group.length) await ingestGroup();
      const entry = errorEntry(archive, e);
      // Each member read before the damage was ingested, or rejected with its own entry.
      entry.message += read === 0
        ? " (no alert file of it was read before that)"
        : ` (alert files read before that: ${read}, each ingested or rejected on its own)`;
      run.summary.errors.push(entry);
      return;
    }
    if (group.length) await ingestGroup();
  } finally {
    for (const path of group) names.delete(path); // a group a failure left
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

/** A summary entry about a temporary file, said of its member. */
function rename(
  entry: { file: string; message?: string; reason?: string },
  names: Map<string, MemberName>,
) {
  const name = names.get(entry.file);
  if (!name) return;
  if (entry.message) entry.message = entry.message.replaceAll(entry.file, name.shown);
  if (entry.reason) entry.reason = entry.reason.replaceAll(entry.file, name.shown);
  entry.file = name.shown;
}
