import { lombScargle, lombScargleMultiband } from "../fit/periodogram.ts";
const ref = JSON.parse(Deno.readTextFileSync("tests/fixtures/fitters.json")).lombscargle;
const ls1 = ref.LS1;
const fl = ls1.results.freq_list;
let worst = 0;
for (const [key, vals] of Object.entries(ls1.results.power_slow) as [string, number[]][]) {
  const [dyk, fm, ce, norm] = key.split("|");
  const r = lombScargle({ t: ls1.data.t, y: ls1.data.y, dy: dyk === "dy" ? ls1.data.dy : undefined }, {
    frequency: fl, normalization: norm as "standard", fitMean: fm === "fit_mean=True", centerData: ce === "center=True" });
  const rel = Math.max(...vals.map((v, i) => Math.abs(r.power[i] - v) / Math.abs(v)));
  worst = Math.max(worst, rel);
  if (rel > 1e-9) console.log(key, rel);
}
console.log("power_slow worst rel", worst);
for (const K of [1, 2, 3]) for (const norm of ["standard", "psd"]) {
  const vals = ls1.results.chi2_nterms[`nterms=${K}|${norm}`];
  const r = lombScargle({ t: ls1.data.t, y: ls1.data.y, dy: ls1.data.dy }, { frequency: fl, nterms: K, normalization: norm as "psd" });
  console.log("nterms", K, norm, Math.max(...vals.map((v: number, i: number) => Math.abs(r.power[i] - v) / Math.abs(v))));
  const g = lombScargle({ t: ls1.data.t, y: ls1.data.y, dy: ls1.data.dy }, { nterms: K });
  const ga = ls1.results.chi2_nterms[`nterms=${K}|grid_argmax`];
  console.log("  grid", g.frequency.length, g.bestFrequency, ga.f, g.bestPower - ga.p, g.method);
  const mp = g.modelParameters(ga.f);
  console.log("  theta", mp.offset - ls1.results.chi2_nterms[`nterms=${K}|offset`], Array.from(mp.theta).map((v, i) => v - ls1.results.chi2_nterms[`nterms=${K}|model_parameters_at_best`][i]));
  const m = g.model([0, 0.1, 0.25, 0.5], ga.f);
  console.log("  model", Array.from(m).map((v, i) => v - ls1.results.chi2_nterms[`nterms=${K}|model_at_t=[0,0.1,0.25,0.5]`][i]));
}
const g = lombScargle({ t: ls1.data.t, y: ls1.data.y, dy: ls1.data.dy });
const fap = ls1.results.fap;
for (const z of ["0.1", "0.2", "0.3"]) for (const m of ["baluev", "davies", "naive"]) {
  const v = g.falseAlarmProbability(Number(z), { method: m as "baluev" });
  console.log("fap", z, m, v, fap[`z=${z}`][m], Math.abs(v / fap[`z=${z}`][m] - 1));
}
for (const m of ["baluev", "davies", "naive"]) console.log("level", m, [0.1, 0.05, 0.01].map((p) => g.falseAlarmLevel(p, { method: m as "baluev" })), fap[`level_${m}_[0.1,0.05,0.01]`]);
console.log("peak baluev", g.falseAlarmProbability(fap.z), fap.baluev);
const mb = ref.MB;
for (const [key, v] of Object.entries(mb.results) as [string, any][]) {
  if (!key.startsWith("flex|")) continue;
  const [, kb, kband, reg] = key.split("|");
  const r = lombScargleMultiband({ t: mb.data.t, y: mb.data.y, dy: mb.data.dy, band: mb.data.band }, {
    frequency: mb.results.freq_list, ntermsBase: Number(kb.split("=")[1]), ntermsBand: Number(kband.split("=")[1]),
    regularization: reg === "reg=default" ? { band: 1e-6 } : undefined });
  console.log(key, Math.max(...v.gatspy.map((x: number, i: number) => Math.abs(r.power[i] - x) / x)));
}
const gr = lombScargleMultiband({ t: mb.data.t, y: mb.data.y, dy: mb.data.dy, band: mb.data.band }, { ntermsBase: 1, ntermsBand: 0 });
console.log("grid", gr.frequency.length, gr.frequency[0], mb.results["grid|flex|1,0|reg=none"], gr.bestFrequency, gr.bestPower, gr.method);
