/**
 * The fixture light curves on which the fast fitter paths must reach the same
 * optimum as the previous (slower) paths: every PSPL and phase-curve data set of
 * the fit tests and benches, with the options the tests use. Shared by
 * `make_previous_optima.ts` (which recorded the previous optima) and
 * `same_optimum_test.ts` (which checks the current code against them).
 *
 * @module
 */
import {
  fitPSPL,
  type PSPLData,
  psplMagnification,
  type PSPLOptions,
} from "../../fit/microlensing.ts";
import {
  fitPhaseCurve,
  type PhaseCurveData,
  phaseCurveData,
  type PhaseCurveModel,
  type PhaseCurveOptions,
} from "../../fit/phasecurve.ts";

const fixtures = JSON.parse(
  Deno.readTextFileSync(new URL("../fixtures/fitters.json", import.meta.url)),
);
const ssoFixture = JSON.parse(
  Deno.readTextFileSync(new URL("../fixtures/sso_phasecurves.json", import.meta.url)),
).objects;

/** ZTF18abktckv forced photometry (g, r, i) from the bundled fink-tutorials data. */
export function ztf18abktckv(): PSPLData & { t: number[] } {
  const t: number[] = [], mag: number[] = [], magErr: number[] = [], band: string[] = [];
  for (const b of ["g", "r", "i"]) {
    const url = new URL(
      `../../data/sample/fink-tutorials/galactic/Data/ZTF18abktckv_${b}.dat`,
      import.meta.url,
    );
    for (const line of Deno.readTextFileSync(url).split("\n")) {
      if (!line.trim() || line.startsWith("#")) continue;
      const [x, m, e] = line.trim().split(/\s+/).map(Number);
      t.push(x), mag.push(m), magErr.push(e), band.push(b);
    }
  }
  return { t, mag, magErr, band };
}

/** The SYN2B recipe extended to 400 points (bench/fit_bench.ts). */
export function syn400(): PSPLData {
  const PHI = (Math.sqrt(5) - 1) / 2, frac = (x: number) => x - Math.floor(x);
  const truth = { t0: 2459100.3, u0: 0.12, tE: 18.5 };
  const t: number[] = [], mag: number[] = [], magErr: number[] = [], band: number[] = [];
  for (let k = 1; k <= 400; k++) {
    const tk = 2459000 + Math.floor(200 * frac(k * PHI)) + 0.15 * frac(k * Math.SQRT2);
    const b = frac(k * Math.sqrt(3)) < 0.5 ? 1 : 2;
    const fs = 10 ** (0.4 * (22 - (b === 1 ? 19.2 : 18.7))), fb = fs * (b === 1 ? 0.3 : 0.5);
    const err = 0.02 + 0.03 * frac(k * PHI * 7);
    t.push(tk), band.push(b), magErr.push(err);
    mag.push(
      22 - 2.5 * Math.log10(fs * psplMagnification(tk, truth) + fb) + err * Math.sin(91.7 * k),
    );
  }
  return { t, mag, magErr, band };
}

function pspCases(): [string, PSPLData, PSPLOptions][] {
  const S = fixtures.pspl.SYN2B;
  const syn = { t: S.data.t, mag: S.data.mag, magErr: S.data.err, band: S.data.band };
  const truth = { t0: 2459100.3, u0: 0.12, tE: 18.5 };
  const clean = S.data.t.map((x: number, i: number) => {
    const b = S.data.band[i], fs = 10 ** (0.4 * (22 - (b === 1 ? 19.2 : 18.7)));
    return 22 - 2.5 * Math.log10(fs * psplMagnification(x, truth) + fs * (b === 1 ? 0.3 : 0.5));
  });
  const flux = syn.mag.map((m: number) => 10 ** (0.4 * (22 - m)));
  const fluxErr = syn.magErr.map((e: number, i: number) => e * flux[i] * Math.LN10 / 2.5);
  const T50 = Array.from({ length: 50 }, (_, i) => 2459000 + i);
  const bump = T50.map((x) => 17 - 1 / (1 + ((x - 2459025) / 3) ** 2));
  const ev = ztf18abktckv(), big = syn400();
  return [
    ["SYN2B mag", syn, {}],
    ["SYN2B flux", syn, { space: "flux" }],
    ["SYN2B blend zero", syn, { blend: "zero" }],
    ["SYN2B spec start", syn, {
      space: "flux",
      start: { t0: S.start[0], u0: S.start[1], tE: S.start[2] },
    }],
    ["SYN2B noise-free mag", { ...syn, mag: clean }, {}],
    ["SYN2B noise-free flux", { ...syn, mag: clean }, { space: "flux" }],
    ["SYN2B flux input", { t: syn.t, flux, fluxErr, band: syn.band }, {}],
    ["ZTF18abktckv mag", ev, {}],
    ["ZTF18abktckv flux", ev, { space: "flux" }],
    ["SYN400 mag", big, {}],
    ["SYN400 flux", big, { space: "flux" }],
    ["bump without errors", { t: T50, mag: bump }, {}],
    ["negative fluxes, mag χ² impossible", {
      t: T50.concat(T50.map((x) => x + 50)),
      flux: T50.concat(T50.map((x) => x + 50)).map((x, i) =>
        50 * psplMagnification(x, { t0: 2459060, u0: 0.2, tE: 10 }) - 49 + 3 * Math.sin(7.1 * i)
      ),
      fluxErr: T50.concat(T50).map(() => 3),
    }, { space: "mag" }],
    ["flat", {
      t: T50,
      mag: T50.map((_, i) => 17 + 0.02 * Math.sin(3.3 * i)),
      magErr: T50.map(() => 0.02),
    }, {}],
  ];
}

const ssoData = (name: string): PhaseCurveData => phaseCurveData(ssoFixture[name]);

function phaseCases(): [string, PhaseCurveData, PhaseCurveOptions][] {
  const s = fixtures.phase_curves.SYN_sHG1G2.data;
  const syn = {
    phase: s.phase_deg,
    mag: s.mag,
    err: s.err,
    band: s.fid,
    ra: s.ra_deg,
    dec: s.dec_deg,
  };
  const massalia = {
    phase: [0.57, 1.09, 3.2, 10.99, 14.69, 20.42],
    mag: [6.555, 6.646, 6.793, 7.13, 7.21, 7.414],
  };
  const models: PhaseCurveModel[] = ["HG", "HG12", "HG12star", "HG1G2", "SHG1G2"];
  const out: [string, PhaseCurveData, PhaseCurveOptions][] = [];
  const sets: [string, PhaseCurveData][] = [
    ["SYN_sHG1G2", syn],
    ["SYN_sHG1G2 noise-free", { ...syn, mag: s.mag_noisefree }],
    ["8467", ssoData("8467")],
    ["33803", ssoData("33803")],
  ];
  for (const [name, d] of sets) {
    for (const model of models) out.push([`${name} ${model}`, d, { model }]);
    out.push([`${name} SHG1G2 Fink start`, d, { model: "SHG1G2", poleStarts: [[180, 0]] }]);
    out.push([`${name} SHG1G2 weighted`, d, { model: "SHG1G2", weighted: true }]);
    out.push([`${name} HG1G2 linear`, d, { model: "HG1G2", loss: "linear" }]);
  }
  for (const model of ["HG", "HG1G2", "HG12star"] as const) {
    out.push([`Massalia ${model} linear`, massalia, { model, loss: "linear" }]);
  }
  return out;
}

/** Numbers that define a PSPL optimum. */
export type PSPLSummary = Record<string, number>;

/** Every PSPL case with the summary of its fit. */
export function psplOptima(): Record<string, PSPLSummary> {
  const out: Record<string, PSPLSummary> = {};
  for (const [name, data, opts] of pspCases()) {
    const r = fitPSPL(data, opts);
    const s: PSPLSummary = {
      t0: r.t0,
      u0: r.u0,
      tE: r.tE,
      chi2: r.chi2,
      status: r.status,
      sigma_t0: r.sigma.t0,
      sigma_u0: r.sigma.u0,
      sigma_tE: r.sigma.tE,
    };
    for (const b of r.bands) s[`fs_${b}`] = r.fluxes[b].fs, s[`fb_${b}`] = r.fluxes[b].fb;
    out[name] = s;
  }
  return out;
}

/** Every phase-curve case with the numeric keys of its result. */
export function phaseOptima(): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const [name, data, opts] of phaseCases()) {
    const r = fitPhaseCurve(data, opts) as unknown as Record<string, unknown>;
    const s: Record<string, number> = {};
    for (const [k, v] of Object.entries(r)) if (typeof v === "number") s[k] = v;
    out[name] = s;
  }
  return out;
}
