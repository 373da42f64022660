/// <reference lib="dom" />
/**
 * The object page's fit tabs, computed in the browser with finkit's fitters (bundled):
 * multiband Lomb-Scargle with folding, PSPL microlensing, and for asteroids the phase curve
 * (HG1G2 and HG) on the ephemerides the `/api/v1/sso` endpoint joins. Each tab is computed
 * when first shown (tabs.ts); the shown tab is in the URL (`tab=`).
 *
 * @module
 */
import { lombScargleMultiband } from "../../../fit/periodogram.ts";
import { fitPSPL } from "../../../fit/microlensing.ts";
import { fitPhaseCurve, reducedMagnitude } from "../../../fit/phasecurve.ts";
import { renderPeriodogram } from "../../../widgets/frontend/periodogram_view.ts";
import { renderLightCurve } from "../../../widgets/frontend/lightcurve_view.ts";
import { type LightCurveColumns, lightCurveColumns } from "../../../widgets/lightcurve_data.ts";
import { lightCurvePoints, type ModelCurve } from "../../../widgets/lightcurve_view.ts";
import { api, type Row } from "./api.ts";
import { el, LocalModel, message, setUrlState, urlState } from "./model.ts";
import { type Tab, tabList } from "./tabs.ts";

interface Valid {
  t: Float64Array;
  mag: Float64Array;
  err: Float64Array;
  band: number[];
  /** The light-curve mode the magnitudes are in (fits are drawn over that view). */
  mode: "dc-mag" | "difference-mag";
}

/**
 * The valid detections to fit: DC magnitudes when a reference source sits under the object
 * (the object's own brightness, as Fink's portal fits), difference magnitudes otherwise.
 */
function validPoints(c: LightCurveColumns): Valid {
  const mode = c.sourceBehind ? "dc-mag" : "difference-mag";
  const p = lightCurvePoints(c, { mode });
  const idx: number[] = [];
  for (let k = 0; k < p.y.length; k++) {
    if (p.tag[k] === 0 && Number.isFinite(p.y[k]) && p.yHigh[k] > p.y[k]) idx.push(k);
  }
  return {
    t: Float64Array.from(idx, (k) => c.jd[p.index[k]]),
    mag: Float64Array.from(idx, (k) => p.y[k]),
    err: Float64Array.from(idx, (k) => p.yHigh[k] - p.y[k]),
    band: idx.map((k) => p.fid[k]),
    mode,
  };
}

function bandName(b: string | number): string {
  return ({ 1: "g", 2: "r", 3: "i" } as Record<string, string>)[String(b)] ?? String(b);
}

function grid(a: number, b: number, n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => a + (b - a) * i / (n - 1));
}

function params(rows: [string, string][]): HTMLElement {
  return el(
    "table",
    { class: "fit-params" },
    el("tbody", {}, ...rows.map(([k, v]) => el("tr", {}, el("th", {}, k), el("td", {}, v)))),
  );
}

function pm(v: number, s: number, digits = 3): string {
  return `${v.toFixed(digits)}${Number.isFinite(s) ? ` ± ${s.toFixed(digits)}` : ""}`;
}

function periodogramTab(pane: HTMLElement, v: Valid, lc: LocalModel): void {
  const q = urlState();
  const pmin = Number(q.get("pmin")) > 0 ? Number(q.get("pmin")) : 0.1;
  const pmax = Number(q.get("pmax")) > 0 ? Number(q.get("pmax")) : 1.2;
  const minInput = el("input", {
    type: "number",
    step: "any",
    value: String(pmin),
    "aria-label": "Shortest period (days)",
  }) as
    & HTMLElement
    & HTMLInputElement;
  const maxInput = el("input", {
    type: "number",
    step: "any",
    value: String(pmax),
    "aria-label": "Longest period (days)",
  }) as
    & HTMLElement
    & HTMLInputElement;
  const run = el("button", { type: "button" }, "Compute");
  const out = el("div", { class: "fit-out" });
  pane.replaceChildren(
    el(
      "p",
      { class: "fit-controls" },
      "Periods from ",
      minInput,
      " to ",
      maxInput,
      " days ",
      run,
    ),
    out,
  );
  const compute = () => {
    const lo = Number(minInput.value), hi = Number(maxInput.value);
    if (!(lo > 0 && hi > lo)) {
      return message(
        out,
        `Bad period range ${minInput.value}–${maxInput.value}: need 0 < min < max`,
      );
    }
    setUrlState({ pmin: lo === 0.1 ? null : lo, pmax: hi === 1.2 ? null : hi });
    const started = performance.now();
    let r: ReturnType<typeof lombScargleMultiband>;
    try {
      r = lombScargleMultiband(
        { t: v.t, y: v.mag, dy: v.err, band: v.band },
        { ntermsBase: 1, ntermsBand: 1, minimumPeriod: lo, maximumPeriod: hi },
      );
    } catch (e) {
      // A range the periodogram refuses (e.g. a grid of more than 1e7 frequencies) says why.
      if (!(e instanceof RangeError)) throw e;
      return message(out, `No periodogram for periods ${lo}–${hi} d: ${e.message}`);
    }
    const ms = performance.now() - started;
    if (r.status !== "ok" && !Number.isFinite(r.bestPeriod)) {
      return message(out, `No periodogram: ${r.message}`, "info");
    }
    const fig = el("div", { class: "periodogram" });
    const fold = el("button", { type: "button", "data-action": "fold" }, "Fold the light curve");
    out.replaceChildren(
      params([
        ["Best period", `${r.bestPeriod.toPrecision(7)} d`],
        ["Power", r.bestPower.toFixed(4)],
        [
          "Points",
          `${r.nPoints} ${v.mode === "dc-mag" ? "DC" : "difference"} magnitudes (bands ${
            r.bands.map(bandName).sort().join(", ")
          })`,
        ],
        ["Computed in", `${ms.toFixed(0)} ms (${r.method}, ${r.frequency.length} frequencies)`],
      ]),
      fold,
      fig,
    );
    const width = Math.min(760, Math.max(300, pane.clientWidth - 8));
    renderPeriodogram({
      model: new LocalModel({
        frequency: r.frequency,
        power: r.power,
        bestPeriod: r.bestPeriod,
        levels: [],
        bestFap: null,
        width,
        height: 260,
      }),
      el: fig,
    });
    pane.dataset.period = String(r.bestPeriod);
    // Ten digits in the URL and the period box: a link reopened folds as finely as the page did
    // (seven would smear a short period folded over years of data by a few hundredths of a cycle).
    const shown = +r.bestPeriod.toPrecision(10);
    // The light curve folded at the best period, with the model at that period over it.
    const foldAtBest = () => {
      const span = v.t[v.t.length - 1] - v.t[0];
      const n = Math.min(10000, Math.max(100, Math.round(10 * span / r.bestPeriod)));
      const tg = grid(v.t[0], v.t[0] + r.bestPeriod, Math.min(n, 400));
      const models: ModelCurve[] = r.bands.map((b) => ({
        t: tg,
        mag: r.model(tg, r.bestFrequency, b),
        fid: Number(b),
        label: "Lomb-Scargle model",
      }));
      lc.set({ models, period: r.bestPeriod, mode: v.mode });
      setUrlState({ period: shown, mode: urlMode(v.mode) });
      const input = document.querySelector<HTMLInputElement>("[data-control=period]");
      if (input) input.value = String(shown);
    };
    fold.addEventListener("click", () => {
      foldAtBest();
      document.getElementById("lightcurve")?.scrollIntoView({ behavior: "smooth" });
    });
    // A link made by "Fold the light curve" (its period is this best period) reopens with the
    // model drawn, as it was shown; a link folded at another period keeps its own fold.
    if (Number(urlState().get("period")) === shown) foldAtBest();
  };
  run.addEventListener("click", compute);
  compute();
}

/** The URL's `mode` for a light-curve mode (the default, difference magnitudes, is not written). */
export function urlMode(mode: string | undefined): string | null {
  return mode === "difference-mag" ? null : mode ?? null;
}

function psplTab(pane: HTMLElement, v: Valid, lc: LocalModel): void {
  const started = performance.now();
  const r = fitPSPL({
    t: Array.from(v.t),
    mag: Array.from(v.mag),
    magErr: Array.from(v.err),
    band: v.band,
  });
  const ms = performance.now() - started;
  if (r.status < 0 || !Number.isFinite(r.t0)) {
    return message(pane, `No microlensing fit: ${r.message}`, "info");
  }
  const tg = grid(v.t[0], v.t[v.t.length - 1], 600);
  const models: ModelCurve[] = r.bands.map((b) => ({
    t: tg,
    mag: r.model(tg, b),
    fid: Number(b),
    label: "PSPL",
  }));
  lc.set({ models, period: null, mode: v.mode });
  setUrlState({ mode: urlMode(v.mode) });
  pane.replaceChildren(
    params([
      ["t0 (JD)", pm(r.t0, r.sigma.t0, 3)],
      ["u0", pm(r.u0, r.sigma.u0, 4)],
      ["tE (days)", pm(r.tE, r.sigma.tE, 2)],
      ["χ² / dof", `${r.chi2.toFixed(1)} / ${r.dof} (constant: ${r.chi2Constant.toFixed(1)})`],
      ["Status", `${r.status === 0 ? "⚠ " : ""}${r.message}`],
      [
        "Computed in",
        `${ms.toFixed(0)} ms on ${r.nPoints} ${v.mode === "dc-mag" ? "DC" : "difference"} ` +
        `magnitudes`,
      ],
    ]),
    el("p", { class: "note" }, "The PSPL model is drawn over the light curve above."),
  );
  pane.dataset.t0 = String(r.t0);
}

async function phaseTab(pane: HTMLElement, ssnamenr: string): Promise<void> {
  message(pane, `Loading the ephemerides of asteroid ${ssnamenr}…`, "info");
  const rows: Row[] = await api("sso", { n_or_d: ssnamenr, withEphem: true });
  let source =
    `${rows.length} alerts of ${ssnamenr} in this store (ephemerides joined by /api/v1/sso)`;
  const pick = (r: Row, ...keys: string[]) => Number(keys.map((k) => r[k]).find((x) => x != null));
  let data = rows.map((r) => ({
    phase: pick(r, "Phase"),
    mag: reducedMagnitude(pick(r, "i:magpsf"), pick(r, "Dobs"), pick(r, "Dhelio")),
    err: pick(r, "i:sigmapsf"),
    fid: pick(r, "i:fid"),
    ra: pick(r, "RA", "i:ra"),
    dec: pick(r, "DEC", "i:dec"),
    jd: pick(r, "i:jd"),
  })).filter((d) => Number.isFinite(d.phase) && Number.isFinite(d.mag));
  if (data.length < 10) {
    // Fink's layout: one row per asteroid, its observations in list columns.
    const lc = (await api("ssobulk", {})).find((r) => String(r.ssnamenr) === ssnamenr);
    // Each list column as numbers (a missing item, or a missing column, is NaN).
    const list = (k: string) => {
      const xs = Array.isArray(lc?.[k]) ? lc[k] as (number | null)[] : [];
      return (i: number) => Number(xs[i] ?? NaN);
    };
    const [cjd, Phase, Dobs, Dhelio] = ["cjd", "Phase", "Dobs", "Dhelio"].map(list);
    const [cmag, csig, cfid, RA, DEC] = ["cmagpsf", "csigmapsf", "cfid", "RA", "DEC"].map(list);
    const n = Array.isArray(lc?.cjd) ? (lc.cjd as unknown[]).length : 0;
    if (n > data.length) {
      source = `${n} detections of ${ssnamenr} from the aggregated SSO light curves ` +
        `(/api/v1/ssobulk; the store holds ${data.length} of its alerts)`;
      data = Array.from({ length: n }, (_, k) => ({
        phase: Phase(k),
        mag: reducedMagnitude(cmag(k), Dobs(k), Dhelio(k)),
        err: csig(k),
        fid: cfid(k),
        ra: RA(k),
        dec: DEC(k),
        jd: cjd(k),
      })).filter((d) => Number.isFinite(d.phase) && Number.isFinite(d.mag));
    }
  }
  if (data.length < 3) return message(pane, `Too few points for a phase curve (${data.length}).`);
  const input = {
    phase: data.map((d) => d.phase),
    mag: data.map((d) => d.mag),
    err: data.map((d) => d.err),
    band: data.map((d) => d.fid),
    ra: data.map((d) => d.ra),
    dec: data.map((d) => d.dec),
  };
  const started = performance.now();
  const hg1g2 = fitPhaseCurve(input, { model: "HG1G2" });
  const hg = fitPhaseCurve(input, { model: "HG" });
  const ms = performance.now() - started;
  const cols = lightCurveColumns({
    jd: data.map((d) => d.jd),
    mag: input.mag,
    err: input.err,
    fid: input.band,
    phase: input.phase,
    objectId: ssnamenr,
  });
  const maxPhase = Math.max(...input.phase);
  const ag = grid(0, maxPhase * 1.05, 200);
  const models: ModelCurve[] = hg1g2.status >= 1
    ? hg1g2.bands.map((b) => ({
      t: ag,
      mag: hg1g2.model(ag, b),
      fid: Number(b),
      label: "HG1G2",
    }))
    : [];
  const fig = el("div", { class: "phasecurve" });
  const rowsOut: [string, string][] = [["Data", source]];
  for (const b of hg1g2.bands) {
    const name = bandName(b);
    rowsOut.push([
      `HG1G2, band ${name}`,
      `H = ${pm(hg1g2[`H_${b}`], hg1g2[`err_H_${b}`], 3)}, G1 = ${
        pm(hg1g2[`G1_${b}`], hg1g2[`err_G1_${b}`], 3)
      }, G2 = ${pm(hg1g2[`G2_${b}`], hg1g2[`err_G2_${b}`], 3)}`,
    ]);
  }
  for (const b of hg.bands) {
    rowsOut.push([
      `HG, band ${bandName(b)}`,
      `H = ${hg[`H_${b}`].toFixed(3)}, G = ${hg[`G_${b}`].toFixed(3)}`,
    ]);
  }
  rowsOut.push(["Fit", `${hg1g2.message || "ok"} · χ²red ${hg1g2.chi2red.toFixed(2)}`]);
  rowsOut.push(["Computed in", `${ms.toFixed(0)} ms on ${data.length} points`]);
  pane.replaceChildren(params(rowsOut), fig);
  const width = Math.min(760, Math.max(300, pane.clientWidth - 8));
  renderLightCurve({
    model: new LocalModel({
      kind: "lightcurve",
      ...cols,
      mode: "difference-mag",
      xAxis: "phase-angle",
      magnitude: "reduced",
      width,
      height: 320,
      title: `Asteroid ${ssnamenr}`,
      models,
    }),
    el: fig,
  });
  pane.dataset.points = String(data.length);
}

/** The fit tabs that apply to this light curve (and asteroid, when `ssnamenr` is set). */
export async function fitTabs(
  target: HTMLElement,
  cols: LightCurveColumns,
  lc: LocalModel,
  ssnamenr: string | undefined,
): Promise<void> {
  const v = validPoints(cols);
  const tabs: Tab[] = [];
  if (v.t.length >= 5) {
    tabs.push(["periodogram", "Periodogram", (p) => periodogramTab(p, v, lc)]);
    tabs.push(["pspl", "Microlensing (PSPL)", (p) => psplTab(p, v, lc)]);
  }
  if (ssnamenr) tabs.push(["phase", "Asteroid phase curve", (p) => phaseTab(p, ssnamenr)]);
  if (tabs.length === 0) {
    return message(target, `Too few detections (${v.t.length}) for a fit.`, "info");
  }
  await tabList(target, "Fits", tabs, "Choose a fit; it is computed in your browser.");
}
