/**
 * `deno task ingest <files, folders or archives…> [--store file:alerts.db | hbase://host:port]
 *  [--no-quality-cut] [--slsn-threshold 0.5] [--commit-seconds 0.5] [--tns tns_public_objects.csv]`:
 *  ingest ZTF avro /
 *  Fink parquet alert files (and TNS's catalogue) into a store.
 */
import { parseArgs } from "node:util";
import { openStore } from "../query/open.ts";
import { ingestFiles, type IngestProgress } from "../query/ingest/ingest.ts";
import { findAlertFiles, isArchiveName } from "../query/ingest/read.ts";
import { ingestTnsCatalogue } from "../query/ingest/tns.ts";
import { formatSummary, terminalProgress } from "../query/ingest/progress.ts";

const usage =
  `Usage: deno task ingest <files, folders or archives…> [--store file:alerts.db | hbase://host:port]
       [--no-quality-cut] [--batch-size 500] [--slsn-threshold 0.5]
       [--commit-seconds 0.5] [--tns tns_public_objects.csv]

Reads ZTF avro (raw or Fink-enriched, null/snappy codecs) and Fink parquet files, recursively
in folders and inside tar archives (.tar, .tar.gz, .tgz: ZTF's nightly tarballs), and writes Fink's tables (ztf, ztf.pixel128, ztf.class, …). Default store: file:alerts.db
Files are committed whole, in groups: a commit once --commit-seconds of work is pending (0: after
every file); an ingest killed mid-way loses at most that much work and a rerun completes it.
--tns fills ztf.tns_resolver from TNS's public-objects CSV (unzipped); files are then optional.`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: Deno.args,
      allowPositionals: true,
      options: {
        store: { type: "string", default: "file:alerts.db" },
        "no-quality-cut": { type: "boolean", default: false },
        "batch-size": { type: "string", default: "500" },
        "slsn-threshold": { type: "string" },
        "commit-seconds": { type: "string" },
        tns: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${usage}`);
    return 2;
  }
  if (args.values.help || (args.positionals.length === 0 && !args.values.tns)) {
    console.error(usage);
    return args.values.help ? 0 : 2;
  }
  const batchSize = Number(args.values["batch-size"]);
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    console.error(`--batch-size must be a positive integer, got ${args.values["batch-size"]}`);
    return 2;
  }
  const threshold = args.values["slsn-threshold"];
  const slsnThreshold = threshold === undefined ? undefined : Number(threshold);
  if (slsnThreshold !== undefined && !(slsnThreshold >= 0 && slsnThreshold <= 1)) {
    console.error(`--slsn-threshold must be a number in [0, 1], got ${threshold}`);
    return 2;
  }
  const commit = args.values["commit-seconds"];
  const commitSeconds = commit === undefined ? undefined : Number(commit);
  if (commitSeconds !== undefined && !(commitSeconds >= 0 && commitSeconds < Infinity)) {
    console.error(`--commit-seconds must be a number of seconds ≥ 0, got ${commit}`);
    return 2;
  }
  let files: string[] = [];
  try {
    if (args.positionals.length) files = await findAlertFiles(args.positionals);
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  if (args.positionals.length > 0 && files.length === 0) {
    // Folders with no alert file: say so (an empty ingest would look like success).
    console.error(
      `no alert file (.avro, .parquet, .tar, .tar.gz, .tgz) under ${
        args.positionals.join(", ")
      }; ` +
        "name a file directly to read it whatever its name",
    );
    return 2;
  }
  let store;
  try {
    store = await openStore(args.values.store);
  } catch (e) {
    // A file that is not a store, an unreachable HBase: one line, no stack trace.
    console.error((e as Error).message);
    return 1;
  }
  try {
    if (args.values.tns) {
      const tns = await ingestTnsCatalogue(store, args.values.tns);
      console.log(
        `TNS catalogue: ${tns.objects} entries, ${tns.rows} ztf.tns_resolver rows ` +
          `(${tns.skipped} without internal names)`,
      );
    }
    if (files.length === 0) return 0;
    // An archive's members are counted as files in the summary; here it is one archive.
    const archives = files.filter(isArchiveName).length, plain = files.length - archives;
    const what = [
      plain ? `${plain} file${plain === 1 ? "" : "s"}` : "",
      archives ? `${archives} archive${archives === 1 ? "" : "s"} (their members are files)` : "",
    ].filter(Boolean).join(" and ");
    console.error(`Ingesting ${what} into ${store.description}`);
    const summary = await ingestFiles(store, files, {
      qualityCut: !args.values["no-quality-cut"],
      batchSize,
      slsnThreshold,
      commitSeconds,
      onProgress: progressReporter(),
    });
    console.log(formatSummary(summary));
    return summary.errors.length ? 1 : 0;
  } catch (e) {
    console.error((e as Error).message);
    return 1;
  } finally {
    await store.close();
  }
}

/** A bar on a terminal; otherwise one line per finished file (for logs and pipes). */
function progressReporter(): (p: IngestProgress) => void {
  if (Deno.stderr.isTerminal()) return terminalProgress();
  let reported = 0;
  return (p) => {
    if (p.filesDone === reported) return;
    reported = p.filesDone;
    console.error(`[${p.filesDone}/${p.filesTotal}] ${p.file} (${p.alerts} alerts so far)`);
  };
}

Deno.exit(await main());
