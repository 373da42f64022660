/**
 * Tests of the alert-file readers (query/ingest/{read,avro,parquet,snappy,normalise}.ts).
 * Expected values come from tests/fixtures/INVENTORY.json (computed independently of
 * finkit), from the raw bytes of the files, or from the formats' specifications.
 */
import { gunzipSync } from "node:zlib";
import { assert, assertEquals, assertRejects } from "../../assert.ts";
import { AlertFileError } from "../../../astro/errors.ts";
import type { AlertRecord } from "../../../query/ingest/alert.ts";
import {
  ChunkedFile,
  findAlertFiles,
  readAlertFile,
  readAlerts,
  readInputFileSync,
} from "../../../query/ingest/read.ts";
import { readAvroHeader } from "../../../query/ingest/avro.ts";
import { avroContainer as encodeAvroContainer } from "../../../query/ingest/avro_container.ts";
import {
  avroSnappyDecompress,
  crc32,
  crc32Table,
  SnappyError,
} from "../../../query/ingest/snappy.ts";
import { castFeatures, toFieldValue } from "../../../query/ingest/normalise.ts";
import { javaDoubleToString as javaDoubleString } from "../../../astro/time.ts";
import {
  readClassLists,
  readPhotometryText,
  readSsoAggregated,
} from "../../../query/ingest/auxiliary.ts";
import {
  readCandidateTable,
  readOrbitalCandidates,
  readTrajectoryCandidates,
} from "../../../query/ingest/fink_fat.ts";
import { readRowGroupRows } from "../../../query/ingest/parquet_rows.ts";
import { parquetMetadata, parquetReadObjects } from "hyparquet";
import { parquetWriteBuffer } from "hyparquet-writer";
import avro from "avsc";

const SAMPLE = new URL("../../../data/sample/", import.meta.url).pathname;
const INVENTORY = JSON.parse(
  Deno.readTextFileSync(new URL("../../fixtures/INVENTORY.json", import.meta.url)),
) as InventoryEntry[];

interface InventoryObject {
  alerts: number;
  maxDetections: number;
  maxUpperLimits: number;
  bands: string;
}
interface InventoryEntry {
  file: string;
  format: string;
  kind?: string;
  rows?: number;
  objects?: number;
  perObject?: Record<string, InventoryObject>;
  perRow?: Record<string, string>[];
}

const ALERT_ENTRIES = INVENTORY.filter((e) => e.kind === "alerts");

function exists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

async function readAll(path: string): Promise<AlertRecord[]> {
  const out: AlertRecord[] = [];
  for await (const alert of readAlertFile(path)) out.push(alert);
  return out;
}

/** Read `bytes` and return what was yielded before the error and the error. */
async function readUntilError(bytes: Uint8Array, name: string) {
  const yielded: AlertRecord[] = [];
  try {
    for await (const alert of readAlerts(bytes, name)) yielded.push(alert);
  } catch (err) {
    return { yielded, error: err };
  }
  return { yielded, error: undefined };
}

const SNAPPY_AVRO =
  `${SAMPLE}fink-client/tests/sample.avro/part-00001-0f70696a-f8dd-40ab-89e7-e7f64c104e25-c000.avro`;
const NULL_AVRO = `${SAMPLE}fink-client/datatest/ztf/part-3-305711.avro`;
const PARQUET = `${SAMPLE}fink-filters/datatest/tde/tde_ZTF20abfcszi_202008.parquet`;

Deno.test("findAlertFiles finds every alert file of the sample, sorted, recursing into *.avro folders", async () => {
  const files = await findAlertFiles([SAMPLE]);
  assertEquals(files, [...files].sort());
  for (const entry of ALERT_ENTRIES) {
    const path = `${SAMPLE}${entry.file}`;
    assertEquals(files.includes(path), exists(path), entry.file);
  }
  assert(files.includes(SNAPPY_AVRO), "sample.avro/ is a folder and must be searched");
  assert(files.every((f) => f.endsWith(".avro") || f.endsWith(".parquet")));
});

Deno.test("every alert file gives INVENTORY's rows, objects, detections, upper limits and bands", async () => {
  let checked = 0;
  for (const entry of ALERT_ENTRIES) {
    const path = `${SAMPLE}${entry.file}`;
    if (!exists(path)) continue; // left out of the embedded sample (PROVENANCE.md)
    const alerts = await readAll(path);
    assertEquals(alerts.length, entry.rows, `${entry.file}: rows`);
    const perObject = new Map<string, InventoryObject & { fids: Set<number> }>();
    for (const a of alerts) {
      const detections = a.prvCandidates.filter((p) => p.magpsf !== null);
      const upper = a.prvCandidates.length - detections.length;
      const o = perObject.get(a.objectId) ??
        { alerts: 0, maxDetections: 0, maxUpperLimits: 0, bands: "", fids: new Set<number>() };
      o.alerts++;
      o.maxDetections = Math.max(o.maxDetections, detections.length + 1); // + the candidate
      o.maxUpperLimits = Math.max(o.maxUpperLimits, upper);
      for (const p of [a.candidate, ...detections]) o.fids.add(p.fid as number);
      perObject.set(a.objectId, o);
    }
    const expected = entry.perObject!;
    assertEquals(perObject.size, entry.objects, `${entry.file}: objects`);
    assertEquals([...perObject.keys()].sort(), Object.keys(expected).sort());
    for (const [objectId, o] of perObject) {
      const e = expected[objectId];
      const bands = [...o.fids].sort().join("");
      assertEquals(
        [o.alerts, o.maxDetections, o.maxUpperLimits, bands],
        [e.alerts, e.maxDetections, e.maxUpperLimits, e.bands],
        `${entry.file} ${objectId}: alerts, detections, upper limits, bands`,
      );
    }
    checked++;
  }
  assert(checked >= 18, `only ${checked} alert files checked`);
});

Deno.test("candid is an exact bigint equal to the digits of the cutout file names", async () => {
  const latin1 = new TextDecoder("latin1");
  for (const path of [NULL_AVRO, `${SAMPLE}fink-client/datatest/ZTF19acihgng.avro`]) {
    // null-codec files store cutout fileName strings `candid<19 digits>_…` in clear.
    const digits = new Set(
      [...latin1.decode(Deno.readFileSync(path)).matchAll(/candid(\d{18,19})_/g)].map((m) => m[1]),
    );
    const alerts = await readAll(path);
    assert(digits.size >= alerts.length);
    for (const a of alerts) {
      assertEquals(typeof a.candid, "bigint");
      assert(digits.has(a.candid.toString()), `${a.objectId}: candid ${a.candid} not in file`);
      assertEquals(a.candidate.candid, a.candid);
    }
  }
  // ZTF candids start with the processing id (pid): a float64 would break this for 19 digits.
  for (const path of [SNAPPY_AVRO, PARQUET]) {
    for (const a of await readAll(path)) {
      assert(a.candid > 2n ** 53n);
      assert(a.candid.toString().startsWith(String(a.candidate.pid)), `${a.candid}`);
    }
  }
});

Deno.test("ZTF long fields are bigint, int fields are numbers, absent candidate fields are null", async () => {
  for (
    const path of [
      NULL_AVRO,
      PARQUET,
      `${SAMPLE}fink-filters/fink_filters/data/few_SLSN_alerts.parquet`,
    ]
  ) {
    const [a] = await readAll(path);
    assertEquals(Object.keys(a.candidate).length >= 103, true);
    for (const f of ["pid", "tblid", "rfid", "objectidps1"]) {
      assert(a.candidate[f] === null || typeof a.candidate[f] === "bigint", `${path} ${f}`);
    }
    for (const f of ["fid", "nid", "field", "rcid", "programid", "ndethist", "nbad"]) {
      assertEquals(typeof a.candidate[f], "number", `${path} ${f}`);
    }
    assertEquals(typeof a.candidate.jd, "number");
    assertEquals(typeof a.fink.roid, "number");
  }
  const [raw] = await readAll(`${SAMPLE}fink-client/datatest/ZTF19acyjzeo.avro`);
  assertEquals(raw.fink, {}, "raw ZTF packets carry no Fink values");
  assertEquals(raw.root.schemavsn, "3.3");
});

Deno.test("cutouts are gzip (1f 8b) of 63×63 float32 FITS images", async () => {
  for (const path of [NULL_AVRO, SNAPPY_AVRO, PARQUET]) {
    const [a] = await readAll(path);
    for (const kind of ["Science", "Template", "Difference"] as const) {
      const stamp = a.cutouts[kind]!;
      assertEquals([stamp[0], stamp[1]], [0x1f, 0x8b], `${path} ${kind}`);
      const fits = new Uint8Array(gunzipSync(stamp));
      const header = new TextDecoder("latin1").decode(fits.subarray(0, 2880));
      assert(header.startsWith("SIMPLE  ="), "FITS primary header");
      const card = (key: string) => Number(header.match(new RegExp(`${key} *= *(-?\\d+)`))![1]);
      assertEquals([card("BITPIX"), card("NAXIS1"), card("NAXIS2")], [-32, 63, 63]);
      assert(fits.length >= 2880 + 63 * 63 * 4);
    }
  }
});

Deno.test("Fink struct columns are flattened as Fink does for HBase, partition columns dropped", async () => {
  const alerts = await readAll(
    `${SAMPLE}fink-science/fink_science/data/alerts/superluminous_test_alerts.parquet`,
  );
  const a = alerts.find((x) => x.objectId === "ZTF25abxvhmk")!;
  for (const key of ["mangrove_lum_dist", "mangrove_HyperLEDA_name", "blazar_stats_m0"]) {
    assert(key in a.fink, key);
  }
  assert(/^\[.*\]$/.test(a.fink.lc_features_g as string), "lc_features_g is a string of an array");
  assertEquals(typeof a.fink.is_transient, "boolean");
  for (const dropped of ["year", "month", "day", "timestamp", "mangrove", "lc_features"]) {
    assert(!(dropped in a.fink), dropped);
  }
  const [avroAlert] = await readAll(NULL_AVRO);
  assertEquals(avroAlert.fink.mangrove_lum_dist, "None");
  assertEquals(typeof avroAlert.fink.from_upper, "boolean");
  assert(
    !("topic" in
      (await readAll(`${SAMPLE}fink-client/tests/data/fink-broker-sample-alert-1.avro`))[0].fink),
  );
});

Deno.test("castFeatures prints like Spark's array-to-string cast (Java doubles), [] when null", () => {
  assertEquals(
    castFeatures({ a: 1, b: null, c: 1.5e-5, d: NaN, e: 12345678.9 }),
    "[1.0, null, 1.5E-5, NaN, 1.23456789E7]",
  );
  assertEquals(castFeatures(null), "[]");
  assertEquals(castFeatures({}), "[]");
  assertEquals(castFeatures({ s: "", t: "x", u: true }), "[, x, true]");
  // Own values only (avsc's records carry enumerable methods on their prototype).
  const proto = { clone() {} };
  assertEquals(castFeatures(Object.assign(Object.create(proto), { a: 2 })), "[2.0]");
  assertEquals(javaDoubleString(0.001), "0.001");
  assertEquals(javaDoubleString(-2.5e21), "-2.5E21");
  assertEquals(toFieldValue("fid", 2n), 2);
  assertEquals(toFieldValue("candid", 1234), 1234n);
});

Deno.test("snappy avro blocks decode and a corrupted CRC is reported with the record index", async () => {
  const bytes = Deno.readFileSync(SNAPPY_AVRO);
  const header = readAvroHeader(bytes, "x.avro");
  assertEquals(header.codec, "snappy");
  // Locate the first block: varint count, varint size, data (CRC in its last 4 bytes).
  let pos = header.dataStart;
  const varint = () => {
    let n = 0, scale = 1, b;
    do {
      b = bytes[pos++];
      n += (b & 0x7f) * scale;
      scale *= 128;
    } while (b & 0x80);
    return n / 2; // positive zigzag
  };
  varint();
  const size = varint();
  const block = bytes.subarray(pos, pos + size);
  assertEquals(avroSnappyDecompress(block).length > size, true);
  const corrupt = bytes.slice();
  corrupt[pos + size - 1] ^= 0xff;
  const { yielded, error } = await readUntilError(corrupt, "corrupt.avro");
  assertEquals(yielded.length, 0);
  assert(error instanceof AlertFileError);
  assertEquals([error.file, error.recordIndex], ["corrupt.avro", 0]);
  assert(error.message.includes("checksum"), error.message);
  const check = new TextEncoder().encode("123456789"); // CRC-32 check value of the standard
  assertEquals([crc32(check), crc32Table(check)], [0xcbf43926, 0xcbf43926]);
  const block2 = avroSnappyDecompress(block);
  assertEquals(crc32Table(block2), crc32(block2));
  let threw = false;
  try {
    avroSnappyDecompress(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]));
  } catch (err) {
    threw = err instanceof SnappyError;
  }
  assert(threw, "a bad length prefix throws SnappyError");
});

Deno.test("truncated avro and parquet files yield their good records, then AlertFileError with name and index", async () => {
  for (const path of [NULL_AVRO, SNAPPY_AVRO, PARQUET]) {
    const bytes = Deno.readFileSync(path);
    const total = (await readAll(path)).length;
    for (const fraction of [0.001, 0.3, 0.7, 0.999]) {
      const cut = Math.floor(bytes.length * fraction);
      const { yielded, error } = await readUntilError(bytes.subarray(0, cut), `cut-${cut}`);
      assert(error instanceof AlertFileError, `${path} cut at ${cut}: ${error}`);
      assertEquals(error.file, `cut-${cut}`);
      assert(error.message.startsWith(`cut-${cut}`));
      assert(yielded.length < total);
      if (error.recordIndex !== undefined) assertEquals(error.recordIndex, yielded.length);
      if (path.endsWith(".avro") && fraction > 0.1) {
        assertEquals(error.recordIndex, yielded.length, "avro knows the failing record");
      }
    }
  }
});

Deno.test("corrupt parquet pages are reported with the first row of the row group", async () => {
  const bytes = Deno.readFileSync(PARQUET).slice();
  for (let i = 1000; i < bytes.length / 2; i += 7) bytes[i] = (bytes[i] * 31 + 17) & 0xff;
  const { error } = await readUntilError(bytes, "scrambled.parquet");
  assert(error instanceof AlertFileError, String(error));
  assertEquals([error.file, error.recordIndex], ["scrambled.parquet", 0]);
});

Deno.test("random bytes, an empty file and non-alert schemas throw AlertFileError naming the file", async () => {
  let seed = 42;
  const random = new Uint8Array(4096).map(() => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
  const cases: [Uint8Array, string, string][] = [
    [random, "random.bin", "unknown format"],
    [new Uint8Array(0), "empty.avro", "empty file"],
    [new Uint8Array([...new TextEncoder().encode("Obj\x01"), ...random]), "fake.avro", "header"],
    [new Uint8Array([0x50, 0x41, 0x52, 0x31, ...random]), "fake.parquet", "Parquet"],
    [
      Deno.readFileSync(`${SAMPLE}fink-broker/datasim/fink_fat_example/orbital.parquet`),
      "orbital.parquet",
      "no `objectId` or `candidate` column",
    ],
  ];
  for (const [bytes, name, reason] of cases) {
    const { yielded, error } = await readUntilError(bytes, name);
    assertEquals(yielded.length, 0);
    assert(error instanceof AlertFileError, `${name}: ${error}`);
    assertEquals(error.file, name);
    assert(error.message.includes(reason), `${name}: ${error.message}`);
  }
  await assertRejects(
    () => readAll(`${SAMPLE}does-not-exist.avro`),
    AlertFileError,
    "does-not-exist",
  );
});

/** Build an Avro object container file (null codec, one block) with avsc-encoded records. */
function avroContainer(schema: object, records: object[]): Uint8Array {
  const type = avro.Type.forSchema(schema as avro.Schema);
  return encodeAvroContainer(schema, records.map((r) => type.toBuffer(r)));
}

Deno.test("avro without objectId/candidate, or a record without candidate, throws with the record index", async () => {
  const noAlert = avroContainer(
    { type: "record", name: "x", fields: [{ name: "ra", type: "double" }] },
    [{ ra: 1 }],
  );
  const r1 = await readUntilError(noAlert, "noalert.avro");
  assert(r1.error instanceof AlertFileError);
  assert(r1.error.message.includes("`objectId` and `candidate`"), r1.error.message);
  const schema = {
    type: "record",
    name: "alert",
    fields: [
      { name: "objectId", type: "string" },
      {
        name: "candidate",
        type: ["null", {
          type: "record",
          name: "candidate",
          fields: [{ name: "candid", type: "long" }, {
            name: "jd",
            type: ["double", "null"],
            default: 0,
          }],
        }],
      },
    ],
  };
  const bytes = avroContainer(schema, [
    { objectId: "ZTF21aaaaaaa", candidate: { candid: 5, jd: 2459000.5 } },
    { objectId: "ZTF21aaaaaab", candidate: null },
  ]);
  const r2 = await readUntilError(bytes, "partial.avro");
  assertEquals(r2.yielded.map((a) => [a.objectId, a.candid]), [["ZTF21aaaaaaa", 5n]]);
  assert(r2.error instanceof AlertFileError);
  assertEquals([r2.error.file, r2.error.recordIndex], ["partial.avro", 1]);
});

Deno.test("readAlerts picks the format by content, whatever the extension, and calls onRecord", async () => {
  const bytes = Deno.readFileSync(PARQUET);
  const seen: number[] = [];
  let n = 0;
  for await (const _ of readAlerts(bytes, "misnamed.avro", { onRecord: (_r, i) => seen.push(i) })) {
    n++;
  }
  assertEquals(n, 21);
  assertEquals(seen, Array.from({ length: 21 }, (_, i) => i));
});

Deno.test("fast Parquet row assembly equals hyparquet's parquetReadObjects, across row groups", async () => {
  const n = 10;
  const file = parquetWriteBuffer({
    columnData: [
      { name: "objectId", data: Array.from({ length: n }, (_, i) => `ZTF${i}`) },
      { name: "jd", data: Float64Array.from({ length: n }, (_, i) => 2459000.5 + i) },
      { name: "lst", data: Array.from({ length: n }, (_, i) => (i % 3 ? [i, i * 1.5] : null)) },
    ],
    rowGroupSize: 3,
  });
  const metadata = parquetMetadata(file);
  assertEquals(metadata.row_groups.length, 4);
  let start = 0;
  for (let g = 0; g < metadata.row_groups.length; g++) {
    const end = start + Number(metadata.row_groups[g].num_rows);
    const expected = await parquetReadObjects({ file, metadata, rowStart: start, rowEnd: end });
    assertEquals(
      await readRowGroupRows(new Uint8Array(file), metadata, g, { utf8: true }),
      expected,
    );
    start = end;
  }
  // and on a real alert file with nested candidate / prv_candidates / cutouts
  const bytes = Deno.readFileSync(
    `${SAMPLE}fink-broker/online/science/20200101/part-00000-e827d2ad-255a-42d5-8164-41fca8bed00e.c000.snappy.parquet`,
  );
  const realMeta = parquetMetadata(bytes);
  assertEquals(
    await readRowGroupRows(bytes, realMeta, 0),
    await parquetReadObjects({ file: bytes.slice().buffer, metadata: realMeta, utf8: false }),
  );
});

// ---------------------------------------------------------------- auxiliary inputs

Deno.test("fink-fat orbits and trajectories: INVENTORY counts, Fink column renaming, bigint candid", async () => {
  const entry = (file: string) => INVENTORY.find((e) => e.file === file)!;
  const orbFile = "fink-broker/datasim/fink_fat_example/orbital.parquet";
  const trajFile = "fink-broker/datasim/fink_fat_example/trajectory_orb.parquet";
  const orbits = await readOrbitalCandidates(`${SAMPLE}${orbFile}`);
  assertEquals(orbits.length, entry(orbFile).rows); // 605
  assertEquals(orbits[0].ssoCandId, "FF2022aaaaaaa");
  for (
    const key of ["long_node", "arg_peric", "mean_anomaly", "rms_long_node", "rms_mean_anomaly"]
  ) {
    assert(key in orbits[0], key);
  }
  assert(!("long. node" in orbits[0]) && !("__index_level_0__" in orbits[0]));
  const detections = await readTrajectoryCandidates(`${SAMPLE}${trajFile}`);
  assertEquals(detections.length, entry(trajFile).rows); // 3728
  assertEquals(typeof detections[0].candid, "bigint");
  assertEquals(detections[0].objectId, "ZTF19acmebbu");
  assert(detections.every((d) => String(d.candid).startsWith(String(d.nid))));
  // Cell types as Spark reads the file (pyarrow: nid int32, fid int8, candid int64,
  // not_updated bool), named as Fink's HBase schema row does (no `byte`: `integer`).
  const { types } = await readCandidateTable(`${SAMPLE}${trajFile}`, "detections");
  assertEquals(
    ["nid", "fid", "candid", "not_updated", "jd", "ssoCandId"].map((c) => types.get(c)),
    ["integer", "integer", "long", "boolean", "double", undefined],
  );
});

Deno.test("aggregated SSO light curves: per-object typed columns with INVENTORY's lengths", async () => {
  for (
    const file of [
      "fink-science/fink_science/data/alerts/sso_ztf_lc_aggregated_202504_three_obj.parquet",
      "fink-science/fink_science/data/alerts/sso_aggregated_2024.09_test_sample.parquet",
      "fink-utils/fink_utils/test_data/agg_benoit_julien_2024/part-00000-ce88cc4a-5748-4773-955e-92af90a5b919-c000.snappy.parquet",
    ]
  ) {
    const perRow = INVENTORY.find((e) => e.file === file)!.perRow!;
    const objects = await readSsoAggregated(`${SAMPLE}${file}`);
    assertEquals(objects.map((o) => o.ssnamenr), perRow.map((r) => r.ssnamenr));
    for (let i = 0; i < objects.length; i++) {
      const { columns } = objects[i];
      assertEquals(`array[${columns.cjd.length}]`, perRow[i].cjd);
      assert(columns.cjd instanceof Float64Array && columns.cfid instanceof Int32Array);
      assert(columns.cfid.every((f) => f >= 1 && f <= 3));
      for (const key of ["Dobs", "Dhelio", "Phase", "Elong", "RA", "DEC"] as const) {
        const expected = perRow[i][key];
        if (expected?.startsWith("array")) assertEquals(`array[${columns[key]!.length}]`, expected);
      }
    }
  }
  const three = await readSsoAggregated(
    `${SAMPLE}fink-science/fink_science/data/alerts/sso_ztf_lc_aggregated_202504_three_obj.parquet`,
  );
  assertEquals(three.map((o) => o.columns.cjd.length), [108, 216, 9]);
  assertEquals(three[2].columns.Phase, undefined, "2005XM12 has no phase angles");
});

Deno.test("ZTF18abktckv forced photometry text: 816 / 1038 / 224 rows in g / r / i", async () => {
  const rows: number[] = [];
  for (const band of ["g", "r", "i"]) {
    const lc = await readPhotometryText(
      `${SAMPLE}fink-tutorials/galactic/Data/ZTF18abktckv_${band}.dat`,
    );
    rows.push(lc.bjd.length);
    assert(lc.mag.length === lc.bjd.length && lc.magErr.length === lc.bjd.length);
    assert(lc.bjd.every((t) => t > 2458000 && t < 2460000));
  }
  assertEquals(rows, [816, 1038, 224]);
  const g = await readPhotometryText(`${SAMPLE}fink-tutorials/galactic/Data/ZTF18abktckv_g.dat`);
  assertEquals([g.bjd[0], g.mag[0], g.magErr[0], g.pid[0]], [2458228.98533, 15.924, 0.003, 1]);
});

Deno.test("class lists: 11 Fink classes, TNS types, 315 SIMBAD labels (old and new taxonomy)", async () => {
  const lists = await readClassLists(SAMPLE);
  assertEquals(lists.fink.length, 11);
  assert(lists.fink.includes("Early SN Ia candidate") && lists.fink.includes("Solar System MPC"));
  assert(lists.tns.includes("SN Ia") && lists.tns.includes("TDE"));
  assertEquals(lists.simbadOtypes.length, 198); // 199 rows minus Unknown
  assertEquals(lists.simbad.length, 315); // fink-utils get_simbad_labels("old_and_new")
  assert(lists.simbad.includes("Candidate_YSO") && lists.simbad.includes("YSO_Candidate"));
  assert(!lists.simbad.includes("Unknown"));
});

Deno.test("readInputFileSync and ChunkedFile (large files) read files byte for byte", () => {
  const dir = Deno.makeTempDirSync();
  try {
    for (const size of [0, 1000, (1 << 20) + 1, (3 << 20) + 12345]) {
      const bytes = new Uint8Array(size).map((_, i) => (i * 2654435761) >>> 24);
      Deno.writeFileSync(`${dir}/f`, bytes);
      assertEquals(readInputFileSync(`${dir}/f`), bytes);
      const chunked = new ChunkedFile(`${dir}/f`);
      assertEquals(chunked.upTo(Infinity), bytes);
      chunked.close();
    }
    let error: unknown;
    try {
      readInputFileSync(`${dir}/absent.avro`);
    } catch (e) {
      error = e;
    }
    assert(error instanceof AlertFileError && error.message.includes("absent.avro"), `${error}`);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
