/**
 * `deno task demo`: what finkit is for, on the embedded sample of real ZTF
 * alerts — the store, an object's light curve, a cone search, the latest
 * supernova candidates, a periodogram of a variable star, the microlensing
 * event ZTF18abktckv and the phase curve of asteroid 8467. Figures are
 * written as SVG files into `demo-output/`.
 */
import { connect } from "../query/client.ts";
import { terminalProgress } from "../query/ingest/progress.ts";
import { readPhotometryText, readSsoAggregated } from "../query/ingest/auxiliary.ts";
import { lombScargleMultiband } from "../fit/periodogram.ts";
import { fitPSPL } from "../fit/microlensing.ts";
import { fitPhaseCurve, phaseCurveData } from "../fit/phasecurve.ts";
import { LightCurveWidget } from "../widgets/lightcurve.ts";
import { PeriodogramWidget } from "../widgets/periodogram.ts";
import { SkyWidget } from "../widgets/sky.ts";
import type { Table } from "apache-arrow";

const out = "demo-output";
await Deno.mkdir(out, { recursive: true });
const bold = (s: string) => (Deno.stdout.isTerminal() ? `\x1b[1m${s}\x1b[0m` : s);
const col = (t: Table, name: string) => [...(t.getChild(name)?.toArray() ?? [])] as unknown[];

let t0 = performance.now();
const fink = await connect(undefined, { onProgress: terminalProgress() });
console.log(bold(`finkit — the Fink alert broker's data in TypeScript`));
console.log(
  `Store: ${fink.store.description} (opened in ${(performance.now() - t0).toFixed(0)} ms)`,
);
const tables = await fink.tables();
const counts = await Promise.all(tables.map((t) => fink.store.count(t)));
const nameWidth = Math.max(...tables.map((t) => t.length));
console.log(
  tables.map((t, i) => `  ${t.padEnd(nameWidth)} ${String(counts[i]).padStart(6)} rows`)
    .join("\n"),
);

// 1. A light curve: a well-sampled supernova candidate with its upper limits.
const oid = "ZTF25abxvhmk";
t0 = performance.now();
const lc = await fink.objects({ objectId: oid, withUpperLim: true });
const tags = col(lc, "d:tag");
console.log(
  bold(`\n1. objects("${oid}")`) + ` in ${(performance.now() - t0).toFixed(1)} ms: ` +
    `${tags.filter((t) => t === "valid").length} detections, ` +
    `${tags.filter((t) => t === "upperlim").length} upper limits, ` +
    `class ${col(lc, "v:classification")[0]}, in ${col(lc, "v:constellation")[0]}`,
);
await Deno.writeTextFile(`${out}/lightcurve_${oid}.svg`, new LightCurveWidget(lc).toSVG());
console.log(`   figure: ${out}/lightcurve_${oid}.svg`);

// 2. A cone search: the densest 5° of the sample, around ZTF21abebfgc (sexagesimal input).
const [ra, dec] = ["21h50m52.06s", "-14d01m22.73s"];
t0 = performance.now();
const cone = await fink.conesearch({ ra, dec, radius: 18000 });
console.log(
  bold(`\n2. conesearch(ra=${ra}, dec=${dec}, radius=5°)`) +
    ` in ${(performance.now() - t0).toFixed(1)} ms: ${cone.numRows} objects`,
);
const names = col(cone, "i:objectId"), seps = col(cone, "v:separation_degree");
const classes = col(cone, "d:classification");
for (let i = 0; i < Math.min(6, cone.numRows); i++) {
  console.log(`   ${names[i]}  ${Number(seps[i]).toFixed(3).padStart(6)}°  ${classes[i]}`);
}
if (cone.numRows > 6) console.log(`   … and ${cone.numRows - 6} more`);
const sky = new SkyWidget(cone, { cone: { ra: 327.7169368, dec: -14.0229813, radius: 5 } });
await Deno.writeTextFile(`${out}/cone_ZTF21abebfgc.svg`, sky.toSVG());

// 3. The latest supernova candidates.
const sne = await fink.latests({ class: "SN candidate", n: 5 });
console.log(bold(`\n3. latests("SN candidate", n=5)`) + `: ` + col(sne, "i:objectId").join(", "));

// 4. A periodogram of a variable star (Fink's portal settings: 0.1 < P < 1.2 d, 1+1 terms).
const star = "ZTF18abtntna"; // EB*_Candidate
const vlc = await fink.objects({ objectId: star });
const jd = col(vlc, "i:jd").map(Number), mag = col(vlc, "i:magpsf").map(Number);
const err = col(vlc, "i:sigmapsf").map(Number), fid = col(vlc, "i:fid").map(Number);
const ls = lombScargleMultiband({ t: jd, y: mag, dy: err, band: fid }, {
  minimumPeriod: 0.1,
  maximumPeriod: 1.2,
  ntermsBase: 1,
  ntermsBand: 1,
});
const fap = ls.falseAlarmProbability(ls.bestPower, {
  method: "bootstrap",
  nBootstraps: 200,
  seed: 1,
});
console.log(
  bold(`\n4. lombScargleMultiband(${star}, ${jd.length} points)`) +
    `: best period ${ls.bestPeriod.toFixed(5)} d, false-alarm probability ${fap.toFixed(2)}` +
    (fap > 0.01 ? " (too few points for a significant period)" : ""),
);
await Deno.writeTextFile(`${out}/periodogram_${star}.svg`, new PeriodogramWidget(ls).toSVG());

// 5. Microlensing: ZTF18abktckv forced photometry.
const dat = "data/sample/fink-tutorials/galactic/Data";
const bands = await Promise.all(
  ["g", "r", "i"].map((b) => readPhotometryText(`${dat}/ZTF18abktckv_${b}.dat`)),
);
const mt: number[] = [], mm: number[] = [], me: number[] = [], mb: string[] = [];
bands.forEach((p, k) => {
  p.bjd.forEach((t, i) => {
    mt.push(t), mm.push(p.mag[i]), me.push(p.magErr[i]), mb.push(["g", "r", "i"][k]);
  });
});
t0 = performance.now();
const pspl = fitPSPL({ t: mt, mag: mm, magErr: me, band: mb });
console.log(
  bold(`\n5. fitPSPL(ZTF18abktckv, ${mt.length} points)`) +
    ` in ${(performance.now() - t0).toFixed(0)} ms: t0 = ${pspl.t0.toFixed(2)} ± ${
      pspl.sigma.t0.toFixed(2)
    }, ` +
    `u0 = ${pspl.u0.toFixed(3)} ± ${pspl.sigma.u0.toFixed(3)}, tE = ${pspl.tE.toFixed(1)} ± ${
      pspl.sigma.tE.toFixed(1)
    } d`,
);

// 6. The phase curve of asteroid (8467) Benoitcarry.
const sso = (await readSsoAggregated(
  "data/sample/fink-science/fink_science/data/alerts/sso_ztf_lc_aggregated_202504_three_obj.parquet",
)).find((s) => s.ssnamenr === "8467")!;
const c = sso.columns;
const data = phaseCurveData({ ...c, Phase: c.Phase!, Dobs: c.Dobs!, Dhelio: c.Dhelio! });
const pc = fitPhaseCurve(data, { model: "SHG1G2" });
console.log(
  bold(`\n6. fitPhaseCurve(8467 Benoitcarry, sHG1G2, ${data.mag.length} points)`) +
    `: H_g = ${Number(pc.H_1).toFixed(2)}, H_r = ${Number(pc.H_2).toFixed(2)}, R = ${
      Number(pc.R).toFixed(2)
    }, ` +
    `pole (${Number(pc.alpha0).toFixed(0)}°, ${Number(pc.delta0).toFixed(0)}°), rms ${
      Number(pc.rms).toFixed(3)
    } mag`,
);

console.log(
  `\nFigures in ${out}/. In a notebook, the same objects display as interactive widgets.`,
);
await fink.close();
