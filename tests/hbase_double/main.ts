/**
 * Run the HBase REST test double alone (e.g. to exercise
 * `HBASE_REST_URL=hbase://127.0.0.1:<port> deno test -A tests/query/store/hbase_live_test.ts`
 * without a real HBase). Prints its URL; stops on Ctrl-C. Test tooling only.
 */
import { HBaseRestDouble } from "./server.ts";

if (import.meta.main) {
  const double = HBaseRestDouble.start();
  console.log(double.url);
  Deno.addSignalListener("SIGINT", async () => {
    await double.close();
    Deno.exit(0);
  });
}
