/**
 * Large files read as their reader needs them (`ChunkedFile`, the decoding
 * worker's reads): the same bytes as a whole read across chunk boundaries,
 * a file that shrinks or grows while read, and Avro alerts decoded while the
 * file is read: the same alerts, and the same error for a truncated file.
 */
import { assert, assertEquals } from "../../assert.ts";
import { AlertFileError } from "../../../astro/errors.ts";
import {
  avroContainer,
  avroRecordType,
  readAvroRecords,
} from "../../../query/ingest/avro_container.ts";
import { ChunkedFile, readAlerts } from "../../../query/ingest/read.ts";
import { withTempDir } from "../../temp_dir.ts";

const MiB = 1 << 20;

/** A test body run with a new temporary folder. */
const withDir = (fn: (dir: string) => Promise<void> | void) => () => withTempDir(fn);

Deno.test(
  "ChunkedFile gives the file's bytes from the start to where asked or further, byte for byte",
  withDir((dir) => {
    const bytes = new Uint8Array(40 * MiB + 12345).map((_, i) => (i * 2654435761) >>> 24);
    Deno.writeFileSync(`${dir}/f`, bytes);
    const file = new ChunkedFile(`${dir}/f`);
    try {
      let last = 0;
      for (const end of [0, 4, 16 * MiB - 1, 16 * MiB + 1, 20 * MiB, 39 * MiB, Infinity]) {
        const view = file.upTo(end);
        assert(view.length >= Math.min(end, bytes.length) && view.length >= last, `${end}`);
        assertEquals(view, bytes.subarray(0, view.length));
        last = view.length;
      }
      assertEquals(last, bytes.length);
    } finally {
      file.close();
    }
    Deno.writeFileSync(`${dir}/empty`, new Uint8Array());
    const empty = new ChunkedFile(`${dir}/empty`);
    assertEquals(empty.upTo(Infinity).length, 0);
    empty.close();
  }),
);

Deno.test(
  "ChunkedFile: a file that shrinks gives what is left; one that grows is an error naming it",
  withDir((dir) => {
    const path = `${dir}/f.avro`;
    Deno.writeFileSync(path, new Uint8Array(20 * MiB).fill(7));
    const shrinking = new ChunkedFile(path);
    shrinking.upTo(1);
    Deno.truncateSync(path, 17 * MiB);
    assertEquals(shrinking.upTo(Infinity).length, 17 * MiB);
    shrinking.close();

    const growing = new ChunkedFile(path);
    Deno.writeFileSync(path, new Uint8Array(10), { append: true });
    let error: unknown;
    try {
      growing.upTo(Infinity);
    } catch (e) {
      error = e;
    }
    growing.close();
    assert(error instanceof AlertFileError, `${error}`);
    assert(error.message.includes(path) && error.message.includes("grew"), error.message);

    let missing: unknown;
    try {
      new ChunkedFile(`${dir}/absent.avro`);
    } catch (e) {
      missing = e;
    }
    assert(missing instanceof AlertFileError && missing.message.includes("absent.avro"));
  }),
);

/** objectId, candid and the science stamp's size of each alert, or the error that stopped it. */
async function alertsOf(
  bytes: Uint8Array,
  name: string,
  more?: (end: number) => Uint8Array,
): Promise<{ alerts: string[]; error?: string }> {
  const alerts: string[] = [];
  try {
    for await (const a of readAlerts(bytes, name, { more })) {
      alerts.push(`${a.objectId} ${a.candid} ${a.cutouts.Science?.length}`);
    }
  } catch (e) {
    return { alerts, error: (e as Error).message };
  }
  return { alerts };
}

Deno.test(
  "Avro alerts decoded while the file is read are those of the whole file, errors included",
  withDir(async (dir) => {
    // ~40 MB: 800 real alerts with their cutouts, in Spark's 64,000-byte blocks.
    const src = "data/sample/fink-client/datatest/ztf/part-3-305711.avro";
    const { header, records } = readAvroRecords(await Deno.readFile(src), src);
    const type = avroRecordType(header.schema);
    const encoded = Array.from({ length: 800 }, (_, i) => type.toBuffer(records[i % 31]));
    const whole = avroContainer(header.schema, encoded, 10, 64_000);
    assert(whole.length > 32 * MiB, `${whole.length}`);
    for (const [name, bytes] of [["full", whole], ["cut", whole.subarray(0, 30 * MiB)]] as const) {
      const path = `${dir}/${name}.avro`;
      await Deno.writeFile(path, bytes);
      const expected = await alertsOf(bytes, path);
      const file = new ChunkedFile(path);
      try {
        const first = file.upTo(4);
        assert(first.length < bytes.length, "the first chunk is not the whole file");
        assertEquals(await alertsOf(first, path, (end) => file.upTo(end)), expected);
      } finally {
        file.close();
      }
      if (name === "full") assertEquals(expected, { alerts: expected.alerts });
      else assert(expected.error?.includes("truncated"), expected.error);
    }
  }),
);
