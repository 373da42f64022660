/**
 * Lomb-Scargle input and option checks found by a new user's walkthrough: empty and oversized
 * frequency grids, missing data columns, band labels (1 vs "1", missing labels, one-point
 * bands), model frequencies, and the module example of fit/mod.ts.
 */
import { assert, assertEquals, assertThrows } from "../assert.ts";
import {
  autoFrequency,
  lombScargle,
  lombScargleMultiband,
  type LombScargleMultibandInput,
} from "../../fit/periodogram.ts";

/** 60 irregular points over 40 d, two bands, a 0.7 d sinusoid. */
function lightCurve(n = 60) {
  const t = new Float64Array(n), y = new Float64Array(n), dy = new Float64Array(n);
  const band: number[] = [];
  for (let k = 0; k < n; k++) {
    t[k] = 40 * ((k * 0.618034) % 1);
    band.push(k % 3 === 0 ? 2 : 1);
    y[k] = (band[k] === 1 ? 15 : 14.6) + 0.3 * Math.sin((2 * Math.PI * t[k]) / 0.7) +
      0.02 * Math.sin(78.233 * k);
    dy[k] = 0.02 + 0.01 * ((k * Math.SQRT2) % 1);
  }
  return { t, y, dy, band };
}

Deno.test("an empty explicit frequency grid is a RangeError naming the option (single and multiband)", () => {
  const { t, y, dy, band } = lightCurve();
  assertThrows(() => lombScargle({ t, y, dy }, { frequency: [] }), RangeError, "frequency");
  assertThrows(
    () => lombScargle({ t, y, dy }, { frequency: new Float64Array(0) }),
    RangeError,
    "frequency grid is empty",
  );
  assertThrows(
    () => lombScargleMultiband({ t, y, dy, band }, { frequency: [] }),
    RangeError,
    "frequency grid is empty",
  );
  // one frequency is still a grid
  assertEquals(lombScargle({ t, y, dy }, { frequency: [1 / 0.7] }).status, "ok");
});

Deno.test("an automatic grid above the size cap is a RangeError with the size, the cap and the remedies", () => {
  const { t, y, dy, band } = lightCurve();
  for (const minimumPeriod of [1e-8, 1e-5]) {
    const e = assertThrows(
      () => lombScargle({ t, y, dy }, { minimumPeriod, maximumPeriod: 10 }),
      RangeError,
      "more than the limit of 10000000",
    );
    for (const word of ["minimumPeriod", "samplesPerPeak", "frequency"]) {
      assert(e.message.includes(word), `${word} in ${e.message}`);
    }
    assertThrows(
      () => lombScargleMultiband({ t, y, dy, band }, { minimumPeriod, maximumPeriod: 10 }),
      RangeError,
      "frequencies",
    );
  }
  // the count is named: 40 d baseline (39.9…), samplesPerPeak 5, 0.1 … 1e5 c/d ≈ 2e7 frequencies
  assertThrows(
    () => lombScargle({ t, y, dy }, { minimumPeriod: 1e-5, maximumPeriod: 10 }),
    RangeError,
    "would hold 19837381 frequencies",
  );
  assertThrows(
    () => autoFrequency(100, 80, { maximumFrequency: 1e6 }),
    RangeError,
    "a smaller maximumFrequency",
  );
  assertThrows(
    () => autoFrequency(100, 80, { samplesPerPeak: 1e6 }),
    RangeError,
    "samplesPerPeak",
  );
  // just under the cap still works (and a coarser sampling brings a fine grid under it)
  assertEquals(
    autoFrequency(1000, 80, { minimumFrequency: 0, maximumFrequency: 1999.9998 }).length,
    1e7,
  );
  const coarse = lombScargle({ t, y, dy }, {
    minimumPeriod: 1e-4,
    maximumPeriod: 10,
    samplesPerPeak: 1,
    method: "fast",
  });
  assert(coarse.frequency.length < 1e7 && coarse.status === "ok");
  // degenerate data only validate the options: no grid, no cap error
  assertEquals(lombScargle({ t: [1], y: [2] }, { minimumPeriod: 1e-8 }).status, "too-few-points");
});

Deno.test('multiband bands are merged by their string form: 1 and "1" are one band named 1', () => {
  const { t, y, dy, band } = lightCurve();
  const mixed = band.map((b, k) => (k % 2 === 0 ? String(b) : b));
  const a = lombScargleMultiband({ t, y, dy, band }, { maximumFrequency: 3 });
  const b = lombScargleMultiband({ t, y, dy, band: mixed }, { maximumFrequency: 3 });
  assertEquals(b.bands, ["2", 1]); // first raw label of each band, in order of appearance
  assertEquals(b.status, "ok");
  assertEquals(b.power, a.power);
  // the model accepts either form of a label
  assertEquals(b.model([3.3], b.bestFrequency, 1), b.model([3.3], b.bestFrequency, "1"));
  assertEquals(b.model([3.3], b.bestFrequency, "2"), a.model([3.3], a.bestFrequency, 2));
});

Deno.test("multiband points without a usable band label are dropped and named in the message", () => {
  const { t, y, dy, band } = lightCurve();
  const labels: (number | string | null | undefined)[] = [...band];
  labels[4] = NaN;
  labels[7] = NaN;
  labels[10] = null;
  labels[13] = undefined;
  labels[16] = "";
  labels[19] = "  ";
  const r = lombScargleMultiband({ t, y, dy, band: labels } as LombScargleMultibandInput, {
    maximumFrequency: 3,
  });
  assertEquals(r.status, "cleaned");
  assertEquals(r.nPoints, 54);
  assertEquals(r.bands, [2, 1]);
  for (
    const note of [
      "band NaN dropped: 2 point(s) without a usable band label",
      "band null dropped: 1 point(s)",
      "band undefined dropped: 1 point(s)",
      'band "" dropped: 1 point(s)',
      'band "  " dropped: 1 point(s)',
    ]
  ) {
    assert(r.message.includes(note), `${note} in ${r.message}`);
  }
  assert(!r.message.includes("non-finite t or y"), r.message);
  assert(r.power.every(Number.isFinite));
});

Deno.test("a multiband band with a single point is kept, with a note", () => {
  const { t, y, dy, band } = lightCurve();
  const labels: (number | string)[] = [...band];
  labels[5] = "i";
  const r = lombScargleMultiband({ t, y, dy, band: labels }, { maximumFrequency: 3 });
  assertEquals(r.status, "ok");
  assertEquals(r.bands, [2, 1, "i"]);
  assertEquals(r.nPoints, 60);
  assert(r.message.includes('band "i" has a single point'), r.message);
  assert(r.power.every((p) => Number.isFinite(p) && p >= 0 && p <= 1 + 1e-12));
  // its own offset fits it exactly: the power is that of the other 59 points
  const rest = [...Array(60).keys()].filter((k) => k !== 5);
  const without = lombScargleMultiband({
    t: rest.map((k) => t[k]),
    y: rest.map((k) => y[k]),
    dy: rest.map((k) => dy[k]),
    band: rest.map((k) => band[k]),
  }, { frequency: r.frequency });
  let d = 0;
  for (let i = 0; i < r.power.length; i++) d = Math.max(d, Math.abs(r.power[i] - without.power[i]));
  assert(d < 1e-9, `${d}`);
  const g = r.model([1], r.bestFrequency, "i")[0];
  assert(Math.abs(g - y[5]) < 1, `${g}`);
});

Deno.test("model frequencies must be finite and > 0 (single band and multiband)", () => {
  const { t, y, dy, band } = lightCurve();
  const ls = lombScargle({ t, y, dy }, { maximumFrequency: 3 });
  const mb = lombScargleMultiband({ t, y, dy, band }, { maximumFrequency: 3 });
  for (const f of [NaN, Infinity, -Infinity, -1, 0]) {
    assertThrows(() => ls.model(t, f), RangeError, `frequency = ${f} is not allowed`);
    assertThrows(() => ls.modelParameters(f), RangeError, `frequency = ${f}`);
    assertThrows(() => mb.model(t, f, band), RangeError, `frequency = ${f} is not allowed`);
  }
  assert(ls.model(t).every(Number.isFinite));
  assert(ls.model(t, 1.5).every(Number.isFinite));
  assert(mb.model(t, undefined, band).every(Number.isFinite));
  // a flat light curve has no best frequency: the default still gives its constant model
  const flat = lombScargle({ t, y: new Float64Array(60).fill(17) });
  assertEquals(flat.model([1])[0], 17);
  assertThrows(() => flat.model([1], flat.bestFrequency), RangeError, "no best frequency");
});

Deno.test("missing or non-array t / y / dy / band are a TypeError naming what is missing", () => {
  const { t, y, dy, band } = lightCurve();
  // deno-lint-ignore no-explicit-any
  const ls = (input: unknown) => lombScargle(input as any);
  // deno-lint-ignore no-explicit-any
  const mb = (input: unknown) => lombScargleMultiband(input as any);
  assertThrows(() => ls({ t }), TypeError, "data needs t and y arrays (dy optional): y is missing");
  assertThrows(() => ls({ y }), TypeError, "t is missing");
  assertThrows(() => ls(undefined), TypeError, "data needs t and y arrays (dy optional)");
  assertThrows(() => ls({ t: 5, y }), TypeError, "t is a number, not an array");
  assertThrows(() => ls({ t, y, dy: 0.1 }), TypeError, "dy is a number, not an array");
  assertThrows(() => ls({ t, y: "abc" }), TypeError, "y is a string");
  assertThrows(() => mb({ t, y, dy }), TypeError, "data needs t, y and band arrays");
  assertThrows(() => mb({ t, band }), TypeError, "y is missing");
  // dy is optional; null counts as absent, as in the types (dy?: …)
  assertEquals(ls({ t, y }).status, "ok");
  assertEquals(ls({ t, y, dy: undefined }).status, "ok");
  assertEquals(ls({ t, y, dy: null }).power, ls({ t, y }).power);
});

Deno.test("the module example of fit/mod.ts prints what its comment says", async () => {
  const url = new URL("../../fit/mod.ts", import.meta.url);
  const text = Deno.readTextFileSync(url);
  const block = text.match(/```ts\n([\s\S]*?)```/);
  assert(block, "fit/mod.ts has a ```ts example");
  const code = block[1].split("\n").map((l) => l.replace(/^ \* ?/, "")).join("\n")
    .replace('"./mod.ts"', JSON.stringify(url.href));
  const expected = [...code.matchAll(/console\.log\(.*\);\s*\/\/ (.*)$/gm)].map((m) => m[1]);
  assert(expected.length > 0, "the example prints something");
  const file = Deno.makeTempFileSync({ suffix: ".ts" });
  const printed: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => printed.push(args.map((a) => Deno.inspect(a)).join(" "));
  try {
    Deno.writeTextFileSync(file, code);
    await import(new URL(`file://${file}`).href);
  } finally {
    console.log = log;
    Deno.removeSync(file);
  }
  assertEquals(printed, expected);
});

Deno.test("astropy's default reg_band = 1e-6 moves the multiband power most near 1 c/d, as docs/periodogram.md says", () => {
  const MB = JSON.parse(
    Deno.readTextFileSync(new URL("../fixtures/fitters.json", import.meta.url)),
  ).lombscargle.MB;
  const data = { t: MB.data.t, y: MB.data.y, dy: MB.data.dy, band: MB.data.band };
  const freq: number[] = MB.results.freq_list;
  const rel = (ntermsBase: number, ntermsBand: number) => {
    const opts = { frequency: freq, ntermsBase, ntermsBand };
    const a = lombScargleMultiband(data, opts);
    const b = lombScargleMultiband(data, { ...opts, regularization: { band: 1e-6 } });
    return Array.from(a.power, (p, i) => Math.abs(b.power[i] - p) / p);
  };
  const r11 = rel(1, 1), r21 = rel(2, 1);
  const at1 = freq.indexOf(1);
  // measured 5.1e-3 and 2.3e-3 at f = 1.0 c/d, ≤ 1.9e-5 at the other seven frequencies
  assert(r11[at1] > 4e-3 && r11[at1] < 6e-3, `${r11[at1]}`);
  assert(r21[at1] > 1.5e-3 && r21[at1] < 3e-3, `${r21[at1]}`);
  for (const r of [r11, r21]) assert(r.every((v, i) => i === at1 || v < 2e-5), `${r}`);
  for (const r of [rel(1, 0), rel(2, 0)]) assert(r.every((v) => v < 4e-8), `${r}`);
  const doc = Deno.readTextFileSync(new URL("../../docs/periodogram.md", import.meta.url))
    .replace(/\s+/g, " ");
  const figure = `${r11[at1].toExponential(1)} relative at f = 1.0 c/d`;
  assert(doc.includes(figure), `docs/periodogram.md states "${figure}"`);
  assert(!doc.includes("~1e-7 relative"));
});

Deno.test("a bootstrap false-alarm probability is the exact fraction k/n (no 1 − k/n rounding)", () => {
  const { t, y, dy } = lightCurve();
  const noisy = Array.from(y, (v, k) => v + 0.5 * Math.sin(1000.3 * k));
  const ls = lombScargle({ t, y: noisy, dy }, { maximumFrequency: 5 });
  const fractions = [0.2, 0.3, 0.35, 0.4].map((p) =>
    ls.falseAlarmProbability(p, { method: "bootstrap", nBootstraps: 200, seed: 3 })
  );
  for (const f of fractions) assertEquals(f, Math.round(f * 200) / 200);
  // At least one count k that 1 − (n − k)/n would not give exactly (the test's teeth).
  const k = fractions.map((f) => Math.round(f * 200));
  assert(k.some((k) => 1 - (200 - k) / 200 !== k / 200), `counts ${k}`);
});
