/**
 * The store conformance suite against a real HBase REST server, when
 * `HBASE_REST_URL` (e.g. `hbase://localhost:8080`) is set; otherwise every
 * test is reported as ignored, with the reason in its name. Each test runs in
 * a fresh namespace `finkit_test_<random>`, dropped afterwards with its tables.
 */
import { openHBaseStore } from "../../../query/store/hbase.ts";
import { storeConformance } from "../../conformance/store_suite.ts";

const url = Deno.env.get("HBASE_REST_URL");
const name = url
  ? `hbase live (${url.replace(/\/\/[^@/]*@/, "//")})`
  : "hbase live (skipped: set HBASE_REST_URL=hbase://host:port to run against a real HBase REST server)";

storeConformance(name, async () => {
  const namespace = `finkit_test_${crypto.randomUUID().slice(0, 8)}`;
  const admin = openHBaseStore(url!);
  await admin.client.request({
    method: "POST",
    path: `/namespaces/${namespace}`,
    body: {},
    operation: "create namespace",
  });
  const store = openHBaseStore(url!.replace(/^(hbase:\/\/[^/?]+)(\/[^?]*)?/, `$1/${namespace}`));
  return {
    store,
    cleanup: async () => {
      for (const t of await store.listTables()) {
        await store.client.request({
          method: "DELETE",
          path: `/${namespace}:${encodeURIComponent(t)}/schema`,
          operation: "drop table",
          table: t,
        });
      }
      await admin.client.request({
        method: "DELETE",
        path: `/namespaces/${namespace}`,
        operation: "drop namespace",
      });
    },
  };
}, { ignore: !url });
