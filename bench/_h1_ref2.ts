import { lombScargleMultiband } from "../fit/periodogram.ts";
const mb = JSON.parse(Deno.readTextFileSync("tests/fixtures/fitters.json")).lombscargle.MB;
for (const key of ["flex|nterms_base=2|nterms_band=1|reg=none", "flex|nterms_base=2|nterms_band=0|reg=none", "flex|nterms_base=2|nterms_band=1|reg=default"]) {
  const [, kb, kband, reg] = key.split("|");
  const r = lombScargleMultiband({ t: mb.data.t, y: mb.data.y, dy: mb.data.dy, band: mb.data.band }, {
    frequency: mb.results.freq_list, ntermsBase: Number(kb.split("=")[1]), ntermsBand: Number(kband.split("=")[1]),
    regularization: reg === "reg=default" ? { band: 1e-6 } : undefined });
  console.log(key, mb.results[key].gatspy.map((x: number, i: number) => (r.power[i] - x) / x));
}
