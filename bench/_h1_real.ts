import { lombScargle, lombScargleMultiband } from "../fit/periodogram.ts";
const fx = JSON.parse(Deno.readTextFileSync("tests/fixtures/periodogram_lightcurves.json"));
for (const [id, lc] of Object.entries(fx) as [string, any][]) {
  if (id === "provenance") continue;
  console.log(id, lc.class, lc.fid.join(""), lc.magpsf.map((m: number) => m.toFixed(2)).join(" "));
  const s = lombScargle({ t: lc.jd, y: lc.magpsf, dy: lc.sigmapsf });
  const s2 = lombScargle({ t: lc.jd, y: lc.magpsf, dy: lc.sigmapsf }, { minimumPeriod: 0.1, maximumPeriod: 1.2 });
  const e = lombScargle({ t: lc.jd, y: lc.magpsf, dy: lc.sigmapsf }, { minimumPeriod: 0.1, maximumPeriod: 1.2, method: "exact" });
  const f = lombScargle({ t: lc.jd, y: lc.magpsf, dy: lc.sigmapsf }, { minimumPeriod: 0.1, maximumPeriod: 1.2, method: "fast" });
  const d = Math.max(...e.power.map((v, i) => Math.abs(v - f.power[i])));
  console.log("  single auto", s.status, s.frequency.length, s.bestPeriod, s.bestPower, s.falseAlarmProbability(s.bestPower));
  console.log("  single portal", s2.status, s2.frequency.length, s2.method, s2.bestPeriod, s2.bestPower, s2.falseAlarmProbability(s2.bestPower), "fast-exact", d);
  const m = lombScargleMultiband({ t: lc.jd, y: lc.magpsf, dy: lc.sigmapsf, band: lc.fid }, { minimumPeriod: 0.1, maximumPeriod: 1.2 });
  console.log("  mb", m.status, m.message, m.bestPeriod, m.bestPower, m.method, m.falseAlarmProbability(m.bestPower, { nBootstraps: 100 }));
}
