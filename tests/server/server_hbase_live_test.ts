/**
 * The REST server over a real Apache HBase: the bundled sample is ingested
 * with the CLI into a fresh namespace (`deno task ingest data/sample --store
 * hbase://…/<namespace>`), `serve` reads it with its query workers, and Fink's
 * API tests restated for the sample (`fink_contract.py`), Fink's tutorials'
 * calls (`fink_tutorials.py`) and Fink's Python clients (`fink_client.py`) must
 * pass over HTTP exactly as on the embedded store.
 *
 * Needs `HBASE_REST_URL` (set by `.ci/run`); without it the test is reported
 * as ignored.
 */
import { assert } from "../assert.ts";
import { serve } from "../../server/mod.ts";
import { SAMPLE_SSO_AGGREGATED_PATH } from "../../query/mod.ts";
import {
  dropNamespace,
  HBASE_REST_URL,
  ingestSample,
  liveName,
  namespaceUrl,
} from "../query/store/hbase_live.ts";
import { python } from "./server_helpers.ts";

const path = (p: string) => new URL(p, import.meta.url).pathname;
const BAYESTAR = path(
  "../../data/sample/fink-object-api/apps/routes/v1/ztf/skymap/bayestar.fits.gz",
);

Deno.test({
  name: `${
    liveName(", REST server")
  }: Fink's contract, tutorials and Python clients pass over HBase`,
  ignore: !HBASE_REST_URL,
  fn: async () => {
    const namespace = `finkit_serve_${crypto.randomUUID().slice(0, 8)}`;
    const store = namespaceUrl(namespace);
    try {
      await ingestSample(store);
      const ssoFile = SAMPLE_SSO_AGGREGATED_PATH; // the sample's asteroids: its aggregated file
      const server = await serve({ store, port: 0, workers: 2, ssoFile });
      try {
        const contract = await python(path("./fink_contract.py"), server.url, BAYESTAR);
        assert(/^34 passed, 0 failed$/m.test(contract), contract);
        const tutorials = await python(path("./fink_tutorials.py"), server.url, BAYESTAR);
        assert(/^30 passed, 0 failed$/m.test(tutorials), tutorials);
        const clients = await python(path("./fink_client.py"), server.url);
        assert(clients.includes("ok statistics") && !clients.includes("FAIL"), clients);
      } finally {
        await server.shutdown();
      }
    } finally {
      await dropNamespace(namespace);
    }
  },
});
