/**
 * A corrupt Avro block whose array or map count is huge (64 bytes of 0xff
 * inside a record of the real Fink file `part-3-305711.avro`) is reported
 * as a corrupt block, promptly: avsc, which read the record again after the
 * compiled decoder refused it, pushed items for as long as the count said
 * and never returned. Then 90 mutants of three real files, each ingested or
 * reported. The ingests run in a Worker, ended after a time limit.
 */
import { assert, assertEquals } from "../../assert.ts";
import { mulberry32 } from "../../../fit/periodogram/fap.ts";
import { withTempDir } from "../../temp_dir.ts";

const SOURCE = "data/sample/fink-client/datatest/ztf/part-3-305711.avro";

/**
 * Write the files `make(dir)` returns into a temporary folder and ingest them
 * in a Worker, which is ended if the ingest has not finished after `seconds`.
 */
async function ingestInWorker(
  make: (dir: string) => string[],
  seconds: number,
): Promise<{ alerts: number; errors: string[] }> {
  return await withTempDir(async (dir) => {
    const worker = new Worker(new URL("./ingest_in_worker.ts", import.meta.url), {
      type: "module",
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const answer = new Promise<{ alerts: number; errors: string[] }>((resolve) => {
        worker.onmessage = (e) => resolve(e.data);
      });
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`the ingest did not end within ${seconds} s`)),
          seconds * 1000,
        );
      });
      worker.postMessage({ paths: make(dir) });
      return await Promise.race([answer, timeout]);
    } finally {
      clearTimeout(timer);
      worker.terminate();
    }
  });
}

Deno.test("avro: a block counting more items than its bytes hold is a corrupt block, not a hang", async () => {
  const { alerts, errors } = await ingestInWorker((dir) => {
    const bytes = Deno.readFileSync(SOURCE);
    bytes.fill(0xff, 1_020_238, 1_020_302);
    Deno.writeFileSync(`${dir}/corrupt.avro`, bytes);
    return [`${dir}/corrupt.avro`];
  }, 30);
  assertEquals(alerts, 0, "a failing file writes nothing");
  assertEquals(errors.length, 1);
  assert(
    /corrupt block: record 0 of a 1-record block: map block of .* items with 675 bytes left/
      .test(errors[0]),
    errors[0],
  );
});

Deno.test("mutated real alert files (truncated, flipped bytes, runs of 0xff) are ingested or reported", async () => {
  const sources = [
    SOURCE,
    "data/sample/fink-client/datatest/ZTF19acihgng.avro",
    "data/sample/fink-science-portal/archive/science/year=1988/month=11/day=03/part-00002-d49f506d-89d6-4fb6-939d-90db2c9a763d-c000.snappy.parquet",
  ];
  const { alerts, errors } = await ingestInWorker((dir) => {
    const random = mulberry32(2);
    const paths: string[] = [];
    for (const source of sources) {
      const original = Deno.readFileSync(source);
      for (let k = 0; k < 30; k++) {
        let bytes = original.slice();
        const at = Math.floor(random() * bytes.length);
        if (k % 3 === 0) bytes = bytes.subarray(0, at);
        else if (k % 3 === 1) {
          for (let j = 0; j < 20; j++) bytes[Math.floor(random() * bytes.length)] ^= 0x5a;
        } else bytes.fill(0xff, at, at + 64);
        const path = `${dir}/${paths.length}.${source.split(".").pop()}`;
        Deno.writeFileSync(path, bytes);
        paths.push(path);
      }
    }
    return paths;
  }, 60);
  assert(errors.length > 20 && alerts > 0, `${alerts} alerts, ${errors.length} errors`);
  for (const e of errors) {
    assert(/\/\d+\.(avro|parquet)\b/.test(e), `the error names its file: ${e}`);
  }
});
