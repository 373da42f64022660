/**
 * Alert files for the benchmarks, made once and cached in `.cache/bench/`: synthetic Fink Avro
 * files copied from the 31 real alerts of
 * `data/sample/fink-client/datatest/ztf/part-3-305711.avro` (Fink 2026 schema), each a new
 * object (`ZTF99…`) with its history, within one night, in blocks of 64,000 bytes as Spark
 * writes them, and a `.tar.gz` of them as ZTF's nightly archives.
 *
 * @module
 */
import { avroContainer, avroRecordType, readAvroRecords } from "../query/ingest/avro_container.ts";
import { syntheticObjectId } from "./generate.ts";

const SOURCE = new URL(
  "../data/sample/fink-client/datatest/ztf/part-3-305711.avro",
  import.meta.url,
);
const CACHE = new URL("../.cache/bench/", import.meta.url);

/**
 * Avro files of `alerts` synthetic alerts (`perFile` per file), made once: alert
 * `k` copies source record `k % 31` under a new objectId and candid, 0.7 s later.
 * With `perObject` > 1, that many consecutive alerts are one object's, 0.01 d
 * apart, with the same history (as an object's alerts of one night repeat it).
 */
export async function syntheticAvroFiles(
  alerts: number,
  perFile: number,
  cutouts: boolean,
  perObject = 1,
): Promise<string[]> {
  const name = `avro64k-${alerts}-${perFile}${cutouts ? "-cutouts" : ""}${
    perObject > 1 ? `-per${perObject}` : ""
  }`;
  const dir = new URL(`${name}/`, CACHE).pathname;
  const files = Array.from(
    { length: Math.ceil(alerts / perFile) },
    (_, i) => `${dir}${String(i).padStart(6, "0")}.avro`,
  );
  try {
    await Deno.stat(`${dir}done`);
    return files;
  } catch {
    // make them
  }
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await Deno.mkdir(dir, { recursive: true });
  const { header, records } = readAvroRecords(Deno.readFileSync(SOURCE), SOURCE.pathname);
  const src = header.schema;
  const schema = structuredClone(src);
  if (!cutouts) {
    for (const f of schema.fields as { name: string; type: unknown }[]) {
      if (f.name.startsWith("cutout")) f.type = ["null", f.type];
    }
  }
  const inType = avroRecordType(src), outType = avroRecordType(schema);
  const encoded = records.map((r) => inType.toBuffer(r));
  for (let f = 0; f < files.length; f++) {
    const out: Uint8Array[] = [];
    for (let k = f * perFile; k < Math.min(alerts, (f + 1) * perFile); k++) {
      const o = Math.floor(k / perObject);
      const r = inType.fromBuffer(encoded[o % records.length]) as Record<string, unknown>;
      const c = r.candidate as Record<string, unknown>;
      const dt = o * 8e-6; // 0.7 s apart: 10,000 alerts in 19 hours
      const candid = 3_000_000_000_000_000_000n + BigInt(k);
      r.objectId = syntheticObjectId(o);
      r.candid = candid;
      c.candid = candid;
      c.jd = (c.jd as number) + dt + (k % perObject) * 0.01;
      for (const p of (r.prv_candidates as Record<string, unknown>[] | null) ?? []) {
        p.jd = (p.jd as number) + dt;
      }
      if (!cutouts) r.cutoutScience = r.cutoutTemplate = r.cutoutDifference = null;
      out.push(outType.toBuffer(r));
    }
    // Blocks as Spark writes them (64,000 bytes: one alert with cutouts, ~6 without).
    await Deno.writeFile(files[f], avroContainer(schema, out, 1000, 64_000));
  }
  await Deno.writeTextFile(`${dir}done`, "");
  return files;
}

/** `files` (one folder) in a `.tar.gz` beside it, made once with the system's `tar`. */
export async function tarball(files: string[]): Promise<string[]> {
  const dir = files[0].slice(0, files[0].lastIndexOf("/"));
  const path = `${dir}.tar.gz`;
  try {
    await Deno.stat(path);
    return [path];
  } catch {
    // make it
  }
  const names = files.map((f) => f.slice(dir.length + 1));
  const out = await new Deno.Command("tar", { args: ["-czf", `${path}.tmp`, "-C", dir, ...names] })
    .output();
  if (!out.success) throw new Error(`tar failed: ${new TextDecoder().decode(out.stderr)}`);
  await Deno.rename(`${path}.tmp`, path);
  return [path];
}
