/**
 * Serving while a night is ingested (`deno run -A bench/serve_while_ingest.ts [alerts]`): a
 * server with query workers answers a steady load (open loop, `open_loop.ts`: one object's light
 * curve and a 5″ cone search in turn, 50 requests/s over at most 8 connections) on a store that
 * `deno task ingest`, in its own process, fills meanwhile with Fink Avro files of 1,000 alerts
 * with cutouts (default 20,000 alerts, `synthetic_files.ts`). The store rolls back a journal,
 * so a commit (one every 0.5 s of ingest) keeps readers out while it is written: this measures
 * what that costs the requests, against the same load with no ingest, and what the load costs
 * the ingest.
 *
 * @module
 */
import { ingestFiles } from "../query/ingest/ingest.ts";
import { findAlertFiles } from "../query/ingest/read.ts";
import { SqliteStore } from "../query/store/sqlite.ts";
import { serve } from "../server/mod.ts";
import { openLoop, type OpenLoopResult } from "./open_loop.ts";
import { syntheticAvroFiles } from "./synthetic_files.ts";

const ALERTS = Number(Deno.args.find((a) => /^\d+$/.test(a)) ?? 20_000);
/** Options passed on to `deno task ingest` (e.g. `--commit-seconds 0.1`). */
const INGEST_FLAGS = Deno.args.filter((a) => !/^\d+$/.test(a));
const ROOT = new URL("../", import.meta.url).pathname;
const RATE = 50, CONNECTIONS = 8;
const PATHS = [
  "/api/v1/objects?objectId=ZTF19acihgng&withupperlim=True",
  "/api/v1/conesearch?ra=289.8936183&dec=61.8469536&radius=5",
];

/** `deno task ingest` of `files` into `store`, in its own process; its wall time in s. */
async function ingestProcess(files: string[], store: string): Promise<number> {
  const t = performance.now();
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "scripts/ingest.ts", ...files, "--store", store, ...INGEST_FLAGS],
    cwd: ROOT,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
  return (performance.now() - t) / 1000;
}

function row(what: string, r: OpenLoopResult, ingest: string): string {
  const ms = (v: number) => v.toFixed(1);
  return `| ${what} | ${r.answered} / ${r.requests} | ${r.non200} | ${ms(r.p50)} | ${ms(r.p99)} | ${
    ms(r.max)
  } | ${ingest} |`;
}

const files = await syntheticAvroFiles(ALERTS, 1000, true);
const dir = await Deno.makeTempDir({ prefix: "finkit-serve-ingest-" });

/** A store holding the sample's 34 objects (ZTF19acihgng among them), as a server's store. */
async function seeded(name: string): Promise<string> {
  const store = SqliteStore.open(`${dir}/${name}.db`);
  await ingestFiles(store, await findAlertFiles([`${ROOT}data/sample/fink-client/datatest`]));
  await store.close();
  return `file:${dir}/${name}.db`;
}

try {
  const alone = await ingestProcess(files, await seeded("alone"));
  const store = await seeded("served");
  const seconds = Math.max(5, Math.ceil(alone * 1.5));
  const server = await serve({ store, port: 0, workers: 2 });
  const load = { base: server.url, paths: PATHS, connections: CONNECTIONS, rate: RATE, seconds };
  try {
    await openLoop({ ...load, seconds: 2 }); // warm-up, which also opens the connections
    const quiet = await openLoop(load);
    const [during, took] = await Promise.all([openLoop(load), ingestProcess(files, store)]);
    const n = ALERTS.toLocaleString("en");
    console.log(
      `${n} alerts with cutouts in ${files.length} files; load: ${RATE} requests/s over at most ` +
        `${CONNECTIONS} connections for ${seconds} s (light curve, cone 5″ in turn)\n`,
    );
    console.log("| | answered | non-200 | p50 ms | p99 ms | max ms | ingest |");
    console.log("| --- | --- | --- | --- | --- | --- | --- |");
    console.log(row("load alone", quiet, "—"));
    console.log(
      row("load during the ingest", during, `${took.toFixed(1)} s (alone: ${alone.toFixed(1)} s)`),
    );
  } finally {
    await server.shutdown();
  }
} finally {
  await Deno.remove(dir, { recursive: true });
}
