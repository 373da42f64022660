/**
 * One-off: extract the light curves of asteroids 8467 and 33803 from the
 * fink-science sample parquet into a small JSON fixture for tests/fit/phasecurve_test.ts.
 * Run: deno run -A scripts/extract_sso_fixture.ts
 *
 * @module
 */
import { parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";

const SRC =
  "data/sample/fink-science/fink_science/data/alerts/sso_ztf_lc_aggregated_202504_three_obj.parquet";
const OUT = "tests/fixtures/sso_phasecurves.json";
const COLS = ["cmagpsf", "csigmapsf", "cfid", "cjd", "Dobs", "Dhelio", "Phase", "RA", "DEC"];

const buf = await Deno.readFile(SRC);
const file = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
const rows = await parquetReadObjects({ file, compressors });
const objects: Record<string, Record<string, number[]>> = {};
for (const row of rows) {
  const name = String(row.ssnamenr);
  if (name !== "8467" && name !== "33803") continue;
  objects[name] = Object.fromEntries(
    COLS.map((c) => [c, Array.from(row[c] as ArrayLike<number | bigint>, Number)]),
  );
}
const out = {
  provenance: `extracted by scripts/extract_sso_fixture.ts from ${SRC} ` +
    "(fink-science sample, copied from /work/shared/data); per-SSO arrays, Phase in degrees, " +
    "Dobs/Dhelio in au, RA/DEC in degrees",
  objects,
};
await Deno.writeTextFile(OUT, JSON.stringify(out) + "\n");
console.log(`wrote ${OUT}:`, Object.entries(objects).map(([k, v]) => `${k} (${v.cjd.length} obs)`));
