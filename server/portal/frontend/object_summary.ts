/// <reference lib="dom" />
/**
 * The classification and cross-match summary of an object's latest alert: Fink's class and
 * classifier scores, SIMBAD, TNS, Gaia DR3, GCVS, VSX, 3HSP/4LAC, Mangrove, SPICY, asteroid
 * and tracklet associations — only the rows with a value.
 *
 * @module
 */
import type { Row } from "./api.ts";
import { el } from "./model.ts";

/** The rows of the summary: label, Fink column, optional formatter. */
export const SUMMARY_FIELDS: [string, string, ((v: unknown) => string)?][] = [
  ["Fink classification", "v:classification"],
  ["SIMBAD", "d:cdsxmatch"],
  ["TNS", "d:tns"],
  ["Gaia DR3", "d:DR3Name"],
  ["Gaia class", "d:gaiaClass"],
  ["Gaia parallax (mas)", "d:Plx", (v) => Number(v).toFixed(3)],
  ["GCVS", "d:gcvs"],
  ["VSX", "d:vsx"],
  ["3HSP", "d:x3hsp"],
  ["4LAC", "d:x4lac"],
  ["SPICY", "d:spicy_class"],
  ["Mangrove (HyperLEDA)", "d:mangrove_HyperLEDA_name"],
  ["Mangrove (2MASS)", "d:mangrove_2MASS_name"],
  ["Mangrove distance (Mpc)", "d:mangrove_lum_dist", (v) => Number(v).toFixed(1)],
  ["Asteroid (MPC)", "i:ssnamenr"],
  ["Tracklet", "d:tracklet"],
  ["SN Ia (SuperNNova)", "d:snn_snia_vs_nonia", (v) => Number(v).toFixed(3)],
  ["SN vs all (SuperNNova)", "d:snn_sn_vs_all", (v) => Number(v).toFixed(3)],
  ["Early SN Ia (random forest)", "d:rf_snia_vs_nonia", (v) => Number(v).toFixed(3)],
  ["Kilonova (random forest)", "d:rf_kn_vs_nonkn", (v) => Number(v).toFixed(3)],
  ["Microlensing", "d:mulens", (v) => Number(v).toFixed(3)],
  ["SLSN score", "d:slsn_score", (v) => Number(v).toFixed(3)],
  ["Anomaly score", "d:anomaly_score", (v) => Number(v).toFixed(4)],
  ["Constellation", "v:constellation"],
  ["Nearest PS1 source (″)", "i:distpsnr1", (v) => Number(v).toFixed(2)],
  ["Star/galaxy score (PS1)", "i:sgscore1", (v) => Number(v).toFixed(3)],
  ["Nearest Gaia source (″)", "i:neargaia", (v) => Number(v).toFixed(2)],
];

const EMPTY = new Set(["", "nan", "NaN", "null", "None", "Unknown", "-999", "-999.0"]);

function shown(v: unknown): boolean {
  return v !== null && v !== undefined && !EMPTY.has(String(v)) &&
    !(typeof v === "number" && (!Number.isFinite(v) || v === -999));
}

/** The summary table of one alert row. */
export function summaryTable(alert: Row): HTMLElement {
  const body = el("tbody");
  for (const [label, key, fmt] of SUMMARY_FIELDS) {
    const v = alert[key];
    if (!shown(v) && !(key === "v:classification" && v)) continue;
    if (key === "d:Plx" && !shown(alert["d:DR3Name"])) continue; // 0 means "no Gaia match"
    body.append(
      el("tr", { "data-key": key }, el("th", {}, label), el("td", {}, fmt ? fmt(v) : String(v))),
    );
  }
  return el("table", { class: "summary" }, body);
}
