/**
 * A corrupt Avro block whose array or map count is huge (64 bytes of 0xff
 * inside a record of the real Fink file `part-3-305711.avro`) is reported
 * as a corrupt block, promptly: avsc, which read the record again after the
 * compiled decoder refused it, pushed items for as long as the count said
 * and never returned. The ingest runs in a Worker, ended after 30 s.
 */
import { assert, assertEquals } from "../../assert.ts";

const SOURCE = "data/sample/fink-client/datatest/ztf/part-3-305711.avro";

Deno.test("avro: a block counting more items than its bytes hold is a corrupt block, not a hang", async () => {
  const dir = await Deno.makeTempDir();
  const worker = new Worker(new URL("./ingest_in_worker.ts", import.meta.url), { type: "module" });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const bytes = Deno.readFileSync(SOURCE);
    bytes.fill(0xff, 1_020_238, 1_020_302);
    const path = `${dir}/corrupt.avro`;
    Deno.writeFileSync(path, bytes);
    const answer = new Promise<{ alerts: number; errors: string[] }>((resolve) => {
      worker.onmessage = (e) => resolve(e.data);
    });
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("the ingest did not end within 30 s")), 30_000);
    });
    worker.postMessage({ paths: [path] });
    const { alerts, errors } = await Promise.race([answer, timeout]);
    assertEquals(alerts, 0, "a failing file writes nothing");
    assertEquals(errors.length, 1);
    assert(
      /corrupt block: record 0 of a 1-record block: map block of .* items with 675 bytes left/
        .test(errors[0]),
      errors[0],
    );
  } finally {
    clearTimeout(timer);
    worker.terminate();
    await Deno.remove(dir, { recursive: true });
  }
});
