/**
 * `ztf.slsn`: Fink's nightly superluminous-supernova candidates
 * (`fink-broker:bin/ztf/archive_slsn_candidates.py`). Alerts of the night
 * with `slsn_score ≥ threshold` name candidate objects; an object is kept
 * when its full light curve (valid and bad-quality detections) changes trend
 * at most twice per band on average and spans less than 500 days; every
 * science alert of the night of a kept object is written under
 * `jd_objectId` with the main table's cells.
 *
 * @module
 */
import type { Store } from "../store/store.ts";
import { decodeCell } from "../store/codec.ts";
import { CANDIDATE_TYPES } from "../store/columns.ts";
import type { SchemaTypes } from "../store/layout.ts";
import { replaceNightSelection } from "./night_selection.ts";
import { inLanes, PARALLEL_REQUESTS } from "./lanes.ts";

/**
 * Default `slsn_score` threshold. Fink reads its threshold from the
 * classifier file (`clf.optimal_threshold`, not public); the sample's scores
 * are either ≤ 0.3 or ≥ 0.85, so any threshold in between selects the same
 * alerts.
 */
export const DEFAULT_SLSN_THRESHOLD = 0.5;

/** Light-curve cuts of Fink's SLSN archiver. */
const MAX_TREND_CHANGES = 2;
const MAX_DURATION_DAYS = 500;

/** The night's alerts this step needs. */
export interface SlsnNightAlert {
  objectId: string;
  jd: number;
  science: boolean;
  slsnScore?: number;
}

/** One point of a light curve. */
export interface LightCurvePoint {
  jd: number;
  magpsf: number;
  sigmapsf: number;
  fid: number;
}

/**
 * Mean over bands of how often a light curve abruptly changes trend
 * (fink-broker `ntrend_changes`, k = 3): in each band, in time order, the
 * flux steps larger than k·σ (σ of the two points in quadrature), and the
 * sign changes between consecutive such steps. Fluxes in SNANA units
 * (`10^(−0.4 m + 11)`). `NaN` without points.
 *
 * @example
 * ```ts
 * import { trendChanges } from "./slsn.ts";
 * const p = (jd: number, magpsf: number) => ({ jd, magpsf, sigmapsf: 0.01, fid: 1 });
 * trendChanges([p(1, 19), p(2, 18), p(3, 19), p(4, 18)]); // 2 (up, down, up)
 * ```
 */
export function trendChanges(points: LightCurvePoint[], k = 3): number {
  const sorted = [...points].sort((a, b) => a.jd - b.jd);
  const bands = [...new Set(sorted.map((p) => p.fid))].sort((a, b) => a - b);
  if (bands.length === 0) return NaN;
  let total = 0;
  for (const band of bands) {
    const flux: number[] = [], err: number[] = [];
    for (const p of sorted) {
      if (p.fid !== band) continue;
      const f = 10 ** (-0.4 * p.magpsf + 11);
      if (!Number.isFinite(f)) continue;
      flux.push(f);
      err.push(0.4 * Math.LN10 * f * p.sigmapsf); // SNANA fluxcal error
    }
    let turns = 0, previous = 0;
    for (let i = 1; i < flux.length; i++) {
      const dx = flux[i] - flux[i - 1];
      if (!(Math.abs(dx) > k * Math.hypot(err[i - 1], err[i]))) continue;
      const sign = Math.sign(dx);
      if (previous !== 0 && sign !== previous) turns++;
      previous = sign;
    }
    total += turns;
  }
  return total / bands.length;
}

/** Whether a light curve passes Fink's SLSN cuts (≤ 2 trend changes, < 500 days). */
export function passesSlsnCuts(points: LightCurvePoint[]): boolean {
  if (points.length === 0) return false;
  let lo = Infinity, hi = -Infinity;
  for (const p of points) (lo = Math.min(lo, p.jd), hi = Math.max(hi, p.jd));
  return trendChanges(points) <= MAX_TREND_CHANGES && hi - lo < MAX_DURATION_DAYS;
}

/**
 * An object's light curve as Fink's SLSN module fetches it (`withupperlim`,
 * tags valid and badquality): the main table's detections plus the
 * bad-quality points of `ztf.uppervalid` at other times.
 */
async function lightCurve(store: Store, objectId: string): Promise<LightCurvePoint[]> {
  const columns = ["i:jd", "i:magpsf", "i:sigmapsf", "i:fid"];
  const points: LightCurvePoint[] = [];
  const seen = new Set<number>();
  for (const table of ["ztf", "ztf.uppervalid"]) {
    for await (const row of store.scan(table, { prefix: `${objectId}_`, columns })) {
      // Fink's fixed candidate types (the table's schema row may not be written yet).
      const v = (name: string) => {
        const i = row.columns.indexOf(`i:${name}`);
        return i < 0 ? NaN : Number(decodeCell(CANDIDATE_TYPES[name], row.values[i]));
      };
      const p = { jd: v("jd"), magpsf: v("magpsf"), sigmapsf: v("sigmapsf"), fid: v("fid") };
      if (!Number.isFinite(p.jd) || (table !== "ztf" && seen.has(p.jd))) continue;
      seen.add(p.jd);
      points.push(p);
    }
  }
  return points;
}

/**
 * Recompute one night's `ztf.slsn` rows from its alerts (replacing the
 * night's previous selection). Returns rows written. `verdicts` keeps each
 * object's light-curve verdict for the next nights of the same run (the
 * light curves do not change while the nights are recomputed).
 */
export async function updateSlsn(
  store: Store,
  alerts: SlsnNightAlert[],
  types: SchemaTypes,
  threshold: number = DEFAULT_SLSN_THRESHOLD,
  verdicts: Map<string, boolean> = new Map(),
): Promise<number> {
  if (alerts.length === 0) return 0;
  const science = alerts.filter((a) => a.science);
  const candidates = new Set(
    science.filter((a) => a.slsnScore !== undefined && a.slsnScore >= threshold)
      .map((a) => a.objectId),
  );
  // The light curves not judged yet: several requests at once on a remote store.
  const unjudged = [...candidates].filter((oid) => !verdicts.has(oid));
  await inLanes(unjudged, store.transactional ? 1 : PARALLEL_REQUESTS, async (oid) => {
    verdicts.set(oid, passesSlsnCuts(await lightCurve(store, oid)));
  });

  const chosen = science.filter((a) => candidates.has(a.objectId) && verdicts.get(a.objectId));
  return await replaceNightSelection(store, "ztf.slsn", alerts, chosen, types);
}
