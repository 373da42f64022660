/**
 * Load benchmark of `deno task serve` over HTTP on loopback, with `wrk`
 * (Debian package `wrk`): objects (one object, all columns, JSON), cone
 * search 5″ and latests n=100, each at 1 and 32 connections; requests/s,
 * p50 and p99. Every request asks a different object / position (a list of
 * 2,000 drawn with a fixed seed), so no answer is served from a warm row.
 *
 *   deno run -A bench/server_load.ts                       # the embedded sample
 *   deno run -A bench/server_load.ts --store bench         # the 1M-alert bench store
 *   deno run -A bench/server_load.ts --duration 10 --connections 1,32 --workers 2
 *
 * Targets (issue): objects p50 < 5 ms and p99 < 20 ms at 32 connections on the
 * 1M store; cone 5″ ≥ 1,000 requests/s.
 *
 * Route `floor` is the machine's floor for `objects`: a bare `Deno.serve` that
 * answers every request with one pre-built body as long as the first objects
 * answer (no query, no encoding), measured the same way; no server that sends
 * that many bytes can do better here.
 *
 * Column `CPU ms/req` is the server process's CPU time (user + system, all its
 * threads: HTTP, query workers, V8's garbage collector) over the measured run,
 * divided by the requests answered (Linux `/proc`; `?` elsewhere). With c
 * connections kept busy on k cores, a request waits about c × that / k.
 *
 * `--rates 50,100,200` measures instead the latency at a given load: requests
 * arrive at that many per second (Poisson) over at most c connections, timed
 * from the moment each was due (`open_loop.ts`; the client is this process).
 * wrk keeps every connection busy, so its p50 at 32 connections is mostly
 * queueing (about 32 ÷ requests/s); the rates show up to what load the server
 * answers within a latency.
 *
 * Requests ask for uncompressed answers (wrk's default) unless `--gzip`:
 * Python's `requests`, and so Fink's tutorials, ask for gzip, which the server
 * then spends CPU on (the floor's body is never compressed).
 *
 *   deno run -A bench/server_load.ts --store bench --routes objects --connections 32 --rates 100,150,200
 */
import { parseArgs } from "node:util";
import { connect, type FinkClient } from "../query/mod.ts";
import { benchStore, syntheticObjectId } from "./generate.ts";
import { mulberry32 } from "../fit/periodogram/fap.ts";
import { openLoop } from "./open_loop.ts";

const USAGE = `Usage: deno run -A bench/server_load.ts [--store sample|bench|file:…|hbase://…]
       [--alerts 1000000] [--duration 10] [--connections 1,32] [--workers N]
       [--routes objects,cone5,latests,floor] [--rates R1,R2,… (requests/s, open loop)]
       [--gzip (ask gzipped answers, as Python's requests does)]`;
const args = (() => {
  try {
    return parseArgs({
      args: Deno.args,
      options: {
        store: { type: "string", default: "sample" },
        alerts: { type: "string", default: "1000000" },
        duration: { type: "string", default: "10" },
        connections: { type: "string", default: "1,32" },
        workers: { type: "string" },
        routes: { type: "string", default: "objects,cone5,latests,floor" },
        rates: { type: "string" },
        gzip: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }).values;
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    Deno.exit(2);
  }
})();
if (args.help) {
  console.log(USAGE);
  Deno.exit(0);
}
const rates = args.rates?.split(",").map(Number);
if (rates && !rates.every((r) => r > 0 && Number.isFinite(r))) {
  console.error(
    `--rates ${args.rates}: expected requests per second > 0, comma-separated\n${USAGE}`,
  );
  Deno.exit(2);
}

async function which(cmd: string): Promise<boolean> {
  const r = await new Deno.Command("sh", { args: ["-c", `command -v ${cmd}`], stdout: "null" })
    .output();
  return r.success;
}
if (!await which("wrk")) {
  console.error("wrk is not installed: apt-get install wrk (Debian)");
  Deno.exit(2);
}

// --- the store and the request lists ------------------------------------------------------------
let storeUrl: string | undefined;
let client: FinkClient;
let ids: string[];
if (args.store === "bench") {
  const alerts = Number(args.alerts);
  const { path } = await benchStore({ alerts, log: (m) => console.error(`building: ${m}`) });
  storeUrl = `file:${path}`;
  client = await connect(storeUrl);
  const rnd = mulberry32(7);
  ids = Array.from({ length: 2000 }, () => syntheticObjectId(Math.floor(rnd() * alerts / 100)));
} else {
  storeUrl = args.store === "sample" ? undefined : args.store;
  client = await connect(storeUrl);
  const t = await client.conesearch({ ra: 0, dec: 0, radius: 0 }); // warm the schema
  void t;
  const all = new Set<string>();
  for await (const row of client.store.scan("ztf.pixel128", { columns: ["i:objectId"] })) {
    const id = row.key.split("_").pop()!;
    if (id.startsWith("ZTF")) all.add(id);
  }
  ids = [...all].sort();
}
const rnd = mulberry32(11);
const picks = Array.from({ length: 2000 }, () => ids[Math.floor(rnd() * ids.length)]);
const positions: [number, number][] = [];
const classes = new Set<string>();
for (const id of picks.slice(0, 300)) {
  const t = await client.objects({ objectId: id, columns: "i:ra,i:dec,i:jd,d:cdsxmatch" });
  if (t.numRows === 0) continue;
  positions.push([t.getChild("i:ra")!.get(0), t.getChild("i:dec")!.get(0)]);
}
const lat = await client.latests({ class: "SN candidate", n: 1 });
classes.add(lat.numRows ? "SN candidate" : "Solar System MPC");
await client.close();

const q = (o: Record<string, string | number>) =>
  new URLSearchParams(Object.entries(o).map(([k, v]) => [k, String(v)])).toString();
const PATHS: Record<string, string[]> = {
  objects: picks.map((id) => `/api/v1/objects?${q({ objectId: id })}`),
  cone5: positions.map(([ra, dec]) =>
    `/api/v1/conesearch?${q({ ra: ra + 1e-4, dec: dec - 1e-4, radius: 5 })}`
  ),
  latests: [...classes].map((c) => `/api/v1/latests?${q({ class: c, n: 100 })}`),
};

// --- the server, in its own process --------------------------------------------------------------
const serveArgs = ["run", "-A", new URL("../scripts/serve.ts", import.meta.url).pathname];
if (storeUrl) serveArgs.push("--store", storeUrl);
serveArgs.push("--port", "0", "--quiet");
if (args.workers) serveArgs.push("--workers", args.workers);
const server = new Deno.Command(Deno.execPath(), { args: serveArgs, stderr: "piped" }).spawn();
const reader = server.stderr.pipeThrough(new TextDecoderStream()).getReader();
let banner = "";
while (!/http:\/\/\S+\/api/.test(banner)) {
  const { value, done } = await reader.read();
  if (done) throw new Error(`the server did not start:\n${banner}`);
  banner += value;
}
const base = /(http:\/\/\S+)\/api/.exec(banner)![1];
console.error(`server: ${base} (${args.store}, workers ${args.workers ?? "default"})`);

// The floor: one pre-built body of the objects answer's size, from a bare server.
const objectsBytes = (await (await fetch(base + PATHS.objects[0])).arrayBuffer()).byteLength;
const floorBody = new Uint8Array(objectsBytes).fill(32);
const floor = Deno.serve(
  { port: 0, hostname: "127.0.0.1", onListen: () => {} },
  () => new Response(floorBody, { headers: { "content-type": "application/json" } }),
);
PATHS.floor = ["/"];
console.error(`floor: ${objectsBytes} bytes per answer from a bare Deno.serve`);

// --- wrk ------------------------------------------------------------------------------------------
function luaScript(paths: string[]): string {
  return `local paths = {${paths.map((p) => JSON.stringify(p)).join(",\n")}}
local i = 0
function setup(thread) thread:set("offset", math.random(#paths)) end
function request()
  i = i + 1
  return wrk.format("GET", paths[((i + (offset or 0)) % #paths) + 1])
end
function response(status, headers, body)
  if status ~= 200 then error("status " .. status) end
end`;
}

/** CPU seconds (user + system) used so far by process `pid`, or NaN where `/proc` is missing. */
function cpuSeconds(pid: number | "self"): number {
  try {
    // Fields after the command name: utime and stime are the 12th and 13th (clock ticks, 100/s).
    const f = Deno.readTextFileSync(`/proc/${pid}/stat`).split(") ")[1].split(" ");
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}

function ms(text: string, unit: string): number {
  const x = Number(text);
  return unit === "us" ? x / 1000 : unit === "s" ? x * 1000 : x;
}

const rows: string[] = [];
const connections = args.connections.split(",").map(Number);
for (const route of args.routes.split(",")) {
  if (rates) {
    await openLoopRuns(route);
    continue;
  }
  const script = await Deno.makeTempFile({ suffix: ".lua" });
  await Deno.writeTextFile(script, luaScript(PATHS[route]));
  for (const c of connections) {
    // Warm-up (V8 optimisation, SQLite page cache), then the measured run.
    for (const [d, measured] of [[2, false], [Number(args.duration), true]] as const) {
      // The floor server runs in this process (which idles while wrk runs).
      const pid = route === "floor" ? "self" : server.pid;
      const cpu0 = cpuSeconds(pid);
      const out = await new Deno.Command("wrk", {
        args: [
          "-t",
          String(Math.min(c, 2)),
          "-c",
          String(c),
          "-d",
          `${d}s`,
          "--latency",
          ...(args.gzip ? ["-H", "Accept-Encoding: gzip"] : []),
          "-s",
          script,
          route === "floor" ? `http://127.0.0.1:${floor.addr.port}` : base,
        ],
        stdout: "piped",
      }).output();
      if (!measured) continue;
      const text = new TextDecoder().decode(out.stdout);
      const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(text)?.[1]);
      const p = (pct: string) => {
        const m = new RegExp(`\\s${pct}%\\s+([\\d.]+)(us|ms|s)`).exec(text);
        return m ? ms(m[1], m[2]).toFixed(2) : "?";
      };
      const errors = /Non-2xx or 3xx responses: (\d+)/.exec(text)?.[1] ?? "0";
      const requests = Number(/(\d+) requests in/.exec(text)?.[1]);
      const cpu = (cpuSeconds(pid) - cpu0) * 1000 / requests;
      const cpuText = Number.isFinite(cpu) ? cpu.toFixed(2) : "?";
      const cells = [route, c, rps.toFixed(0), p("50"), p("99"), cpuText, errors];
      rows.push(`| ${cells.join(" | ")} |`);
      console.error(rows.at(-1));
    }
  }
  await Deno.remove(script);
}
/** The open-loop runs of one route: each connection count at each rate. */
async function openLoopRuns(route: string): Promise<void> {
  const origin = route === "floor" ? `http://127.0.0.1:${floor.addr.port}` : base;
  const seconds = Number(args.duration);
  for (const c of connections) {
    for (const rate of rates!) {
      const client = Deno.createHttpClient({ poolMaxIdlePerHost: c });
      const headers = { "accept-encoding": args.gzip ? "gzip" : "identity" };
      const run = { base: origin, paths: PATHS[route], connections: c, rate, client, headers };
      await openLoop({ ...run, seconds: 2, seed: 2 }); // warm-up, which also opens the connections
      // The floor server shares this process with the client: no CPU figure for it.
      const cpu0 = route === "floor" ? NaN : cpuSeconds(server.pid);
      const r = await openLoop({ ...run, seconds });
      client.close();
      const cpu = (cpuSeconds(server.pid) - cpu0) * 1000 / r.answered;
      const f = (x: number) => Number.isFinite(x) ? x.toFixed(2) : "late";
      const cells = [route, c, rate, (r.answered / seconds).toFixed(0), f(r.p50), f(r.p99)];
      cells.push(
        Number.isFinite(cpu) ? cpu.toFixed(2) : "?",
        r.non200 + (r.late ? ` (+${r.late} unsent)` : ""),
      );
      rows.push(`| ${cells.join(" | ")} |`);
      console.error(rows.at(-1));
    }
  }
}

server.kill("SIGTERM");
await server.status;
await floor.shutdown();

const encoding = args.gzip ? "gzip asked" : "no compression asked";
console.log(
  `\n${args.store} store, ${navigator.hardwareConcurrency} cores, ${args.duration} s per run, ${encoding}\n`,
);
if (rates) {
  console.log(
    "Open loop: Poisson arrivals at the offered rate, latency from each request's due time.\n",
  );
  console.log(
    "| route | connections | offered/s | answered/s | p50 ms | p99 ms | CPU ms/req | non-200 |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
} else {
  console.log("| route | connections | requests/s | p50 ms | p99 ms | CPU ms/req | non-200 |");
  console.log("| --- | --- | --- | --- | --- | --- | --- |");
}
for (const r of rows) console.log(r);
