/**
 * The REST server over a real Apache HBase: the bundled sample is ingested
 * with the CLI into a fresh namespace (`deno task ingest data/sample --store
 * hbase://…/<namespace>`), `serve` reads it with its query workers, and Fink's
 * API tests restated for the sample (`fink_contract.py`) and Fink's Python
 * clients (`fink_client.py`) must pass over HTTP exactly as on the embedded
 * store.
 *
 * Needs `HBASE_REST_URL` (set by `.ci/run`); without it the test is reported
 * as ignored.
 */
import { assert, assertEquals } from "../assert.ts";
import { serve } from "../../server/mod.ts";
import {
  dropNamespace,
  HBASE_REST_URL,
  liveName,
  namespaceUrl,
} from "../query/store/hbase_live.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const PYTHON = `${ROOT}.cache/venv/bin/python`;
const BAYESTAR = `${ROOT}data/sample/fink-object-api/apps/routes/v1/ztf/skymap/bayestar.fits.gz`;

async function run(cmd: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(cmd, { args, cwd: ROOT, stdout: "piped", stderr: "piped" })
    .output();
  const stdout = new TextDecoder().decode(out.stdout);
  assertEquals(
    out.code,
    0,
    `${cmd} ${args.join(" ")}:\n${stdout}\n${new TextDecoder().decode(out.stderr)}`,
  );
  return stdout;
}

Deno.test({
  name: `${liveName(", REST server")}: Fink's contract and Python clients pass over HBase`,
  ignore: !HBASE_REST_URL,
  fn: async () => {
    const namespace = `finkit_serve_${crypto.randomUUID().slice(0, 8)}`;
    const store = namespaceUrl(namespace);
    try {
      await run(Deno.execPath(), [
        "run",
        "-A",
        "scripts/ingest.ts",
        "data/sample",
        "--store",
        store,
      ]);
      const server = await serve({ store, port: 0, workers: 2 });
      try {
        const contract = await run(PYTHON, ["tests/server/fink_contract.py", server.url, BAYESTAR]);
        assert(/^34 passed, 0 failed$/m.test(contract), contract);
        const clients = await run(PYTHON, ["tests/server/fink_client.py", server.url]);
        assert(clients.includes("ok statistics") && !clients.includes("FAIL"), clients);
      } finally {
        await server.shutdown();
      }
    } finally {
      await dropNamespace(namespace);
    }
  },
});
