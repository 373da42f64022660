/**
 * One-off: extract small (jd, magpsf, sigmapsf, fid) light curves of variable stars (SIMBAD class
 * from tests/fixtures/INVENTORY.json) from the sample parquet alerts into
 * tests/fixtures/periodogram_lightcurves.json, so tests/fit/periodogram_test.ts stays fast.
 * Run: deno run -A scripts/extract_periodogram_lightcurves.ts
 */
import { parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";

const PICKS = [
  {
    objectId: "ZTF19abxdvsa",
    cls: "PulsV*delSct",
    file: "fink-science/fink_science/data/alerts/superluminous_test_alerts.parquet",
  },
  {
    objectId: "ZTF18abtntna",
    cls: "EB*_Candidate",
    file: "fink-utils/fink_utils/test_data/online/science/day=04/alert_samples.parquet",
  },
  {
    objectId: "ZTF18abutrfi",
    cls: "EB*_Candidate",
    file: "fink-utils/fink_utils/test_data/online/science/day=04/alert_samples.parquet",
  },
  {
    objectId: "ZTF18abvhysb",
    cls: "EllipVar",
    file:
      "fink-science-portal/archive/science/year=1988/month=11/day=03/part-00002-d49f506d-89d6-4fb6-939d-90db2c9a763d-c000.snappy.parquet",
  },
];

type Det = { jd: number; magpsf: number; sigmapsf: number; fid: number };

const out: Record<string, unknown> = {
  provenance: "Extracted by scripts/extract_periodogram_lightcurves.ts from data/sample/<file> " +
    "(copies of /work/shared/data); candidate + prv_candidates detections (magpsf not null), " +
    "deduplicated by jd, sorted by jd. Class = Fink cdsxmatch (SIMBAD).",
};
for (const pick of PICKS) {
  const bytes = await Deno.readFile(`data/sample/${pick.file}`);
  const rows = await parquetReadObjects({
    file: bytes.buffer as ArrayBuffer,
    columns: ["objectId", "candidate", "prv_candidates", "cdsxmatch"],
    compressors,
  }) as Record<string, unknown>[];
  const dets = new Map<number, Det>();
  let cls = "";
  for (const row of rows) {
    if (row.objectId !== pick.objectId) continue;
    cls = String(row.cdsxmatch);
    const all = [row.candidate, ...((row.prv_candidates as unknown[]) ?? [])] as Record<
      string,
      unknown
    >[];
    for (const c of all) {
      if (c === null || c.magpsf === null || c.magpsf === undefined) continue;
      const jd = Number(c.jd);
      dets.set(jd, {
        jd,
        magpsf: Number(c.magpsf),
        sigmapsf: Number(c.sigmapsf),
        fid: Number(c.fid),
      });
    }
  }
  const lc = [...dets.values()].sort((a, b) => a.jd - b.jd);
  out[pick.objectId] = {
    class: cls,
    file: `data/sample/${pick.file}`,
    jd: lc.map((d) => d.jd),
    magpsf: lc.map((d) => d.magpsf),
    sigmapsf: lc.map((d) => d.sigmapsf),
    fid: lc.map((d) => d.fid),
  };
  console.log(
    pick.objectId,
    cls,
    lc.length,
    "detections",
    lc.length ? lc[lc.length - 1].jd - lc[0].jd : 0,
    "d",
  );
}
await Deno.writeTextFile(
  "tests/fixtures/periodogram_lightcurves.json",
  JSON.stringify(out, null, 1) + "\n",
);
