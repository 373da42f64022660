/**
 * `deno task serve [--store URL] [--port 24000] [--host 127.0.0.1]`: Fink's REST API
 * (and the portal pages) over HTTP on a finkit store; one access-log line per request.
 */
import { parseArgs } from "node:util";
import { formatAccessLog, serve } from "../server/mod.ts";

const usage = `Usage: deno task serve [--store URL] [--port 24000] [--host 127.0.0.1]
       [--timeout 60] [--max-rows 100000] [--workers N] [--read-only] [--quiet]
       [--sso-file aggregated.parquet]

Serves Fink's REST API (/api/v1/objects, conesearch, latests, …; /api lists the routes,
/api/v1/openapi.json describes them) and the portal's pages (/, /<objectId>, /sky) over
the store: default the embedded sample,
file:alerts.db for a local store, hbase://host:8080 for Apache HBase's REST server.
--timeout: seconds a query may run (504 past it) and a request body may take to arrive (408).
--workers: query threads, each with its own store connection (default: one per core).
--read-only: refuse POST /api/v1/metadata (user annotations, which Fink lets anyone post);
always so on the embedded sample, which stays as built from the shipped files.
--sso-file: the aggregated SSO light curves with ephemerides (Fink's sso_ztf_lc_aggregated
Parquet) that ssobulk, ssoft and sso?withEphem read; default the bundled sample's on the
sample, none on other stores (then ssobulk and ssoft answer empty tables).`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: Deno.args,
      options: {
        store: { type: "string" },
        port: { type: "string", default: "24000" },
        host: { type: "string", default: "127.0.0.1" },
        timeout: { type: "string", default: "60" },
        "max-rows": { type: "string", default: "100000" },
        workers: { type: "string" },
        "read-only": { type: "boolean", default: false },
        quiet: { type: "boolean", default: false },
        "sso-file": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${usage}`);
    return 2;
  }
  if (args.values.help) {
    console.log(usage);
    return 0;
  }
  const port = Number(args.values.port);
  const timeout = Number(args.values.timeout);
  const maxRows = Number(args.values["max-rows"]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be an integer from 0 to 65535, got ${args.values.port}`);
    return 2;
  }
  if (!(timeout > 0)) {
    console.error(`--timeout must be a number of seconds > 0, got ${args.values.timeout}`);
    return 2;
  }
  if (!Number.isInteger(maxRows) || maxRows < 1) {
    console.error(`--max-rows must be a positive integer, got ${args.values["max-rows"]}`);
    return 2;
  }
  const workers = args.values.workers === undefined ? undefined : Number(args.values.workers);
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 0 || workers > 64)) {
    console.error(`--workers must be an integer from 0 to 64, got ${args.values.workers}`);
    return 2;
  }
  const ssoFile = args.values["sso-file"];
  if (ssoFile !== undefined && !(await Deno.stat(ssoFile).then((s) => s.isFile, () => false))) {
    console.error(
      `--sso-file must name an aggregated SSO Parquet file, got ${ssoFile} (no such file)`,
    );
    return 2;
  }
  const controller = new AbortController();
  let server;
  try {
    server = await serve({
      store: args.values.store,
      port,
      hostname: args.values.host,
      timeoutMs: timeout * 1000,
      maxRows,
      workers,
      ssoFile,
      // Unset: read-only on the embedded sample only (serve's default).
      readOnly: args.values["read-only"] || undefined,
      signal: controller.signal,
      log: args.values.quiet ? undefined : (line) => console.log(formatAccessLog(line)),
      onListen: ({ url }) =>
        console.error(
          `finkit: Fink's REST API on ${url}/api (store: ${args.values.store ?? "sample"})`,
        ),
    });
  } catch (e) {
    // A store that is missing or cannot be opened, a port in use: one line, no stack trace.
    const message = e instanceof Deno.errors.AddrInUse
      ? `port ${port} on ${args.values.host} is in use (choose another with --port)`
      : (e as Error).message;
    console.error(`finkit: ${message}`);
    return 1;
  }
  const stop = () => controller.abort();
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  await server.finished;
  return 0;
}

if (import.meta.main) Deno.exit(await main());
