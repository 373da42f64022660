/**
 * The store conformance suites against a real Apache HBase REST gateway, when
 * `HBASE_REST_URL` (e.g. `hbase://127.0.0.1:8080`) is set — `.ci/run` starts a
 * standalone HBase with `scripts/hbase/hbase.sh` and sets it. Without it every
 * test is reported as ignored, with the reason in its name. Each test runs in a
 * fresh namespace `finkit_test_<random>`, dropped afterwards with its tables.
 * The variants: defaults (stateless scans), check-and-put with tiny batches, stateful scanners.
 */
import { type HBaseStoreOptions, openHBaseStore } from "../../../query/store/hbase.ts";
import { storeConformance } from "../../conformance/store_suite.ts";
import { ingestQueryConformance } from "../../conformance/ingest_query_suite.ts";
import { dropNamespace, HBASE_REST_URL as url, liveName, namespaceUrl } from "./hbase_live.ts";

function liveFactory(options: HBaseStoreOptions = {}) {
  return () => {
    const namespace = `finkit_test_${crypto.randomUUID().slice(0, 8)}`;
    // createTable creates the namespace when it is absent.
    const store = openHBaseStore(namespaceUrl(namespace), {
      retryDelay: 50,
      ...options,
    });
    return Promise.resolve({ store, cleanup: () => dropNamespace(namespace) });
  };
}

storeConformance(liveName(""), liveFactory(), { ignore: !url });
storeConformance(
  liveName(", check-and-put, tiny batches"),
  liveFactory({ ifAbsent: "check-and-put", cellBatch: 3, maxUrlLength: 200, maxRowsPerPut: 4 }),
  { ignore: !url },
);
storeConformance(liveName(", stateful scanners"), liveFactory({ scanner: "stateful" }), {
  ignore: !url,
});
if (url) ingestQueryConformance(liveName(""), liveFactory());
else {Deno.test({
    name: `${liveName("")}: same ingest and same query results`,
    ignore: true,
    fn() {},
  });}
