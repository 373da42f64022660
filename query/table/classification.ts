/**
 * Fink's on-the-fly classification of an alert (`v:classification`,
 * `d:classification` in `ztf.pixel128`, the class part of `ztf.class`
 * rowkeys), as `extract_fink_classification_` in fink-filters.
 *
 * @module
 */

/** SIMBAD labels that are compatible with an extragalactic host (fink-utils `return_list_of_eg_host`). */
export const EXTRAGALACTIC_HOSTS: ReadonlySet<string> = new Set([
  "Unknown",
  "Candidate_SN*",
  "SN",
  "Transient",
  "Fail",
  "Fail 504",
  "galaxy",
  "Galaxy",
  "EmG",
  "Seyfert",
  "Seyfert_1",
  "Seyfert_2",
  "BlueCompG",
  "StarburstG",
  "LSB_G",
  "HII_G",
  "High_z_G",
  "GinPair",
  "GinGroup",
  "BClG",
  "GinCl",
  "PartofG",
  "Compact_Gr_G",
  "IG",
  "PairG",
  "GroupG",
  "ClG",
  "SuperClG",
  "Void",
  "LINER",
  "Possible_ClG",
  "Possible_SClG",
  "GravLens_Candidate",
  "SN*_Candidate",
]);

/** The inputs of the classification, named as Fink's columns (without family). */
export interface ClassificationInput {
  /** SIMBAD cross-match label (`d:cdsxmatch`). */
  cdsxmatch: string;
  /** Solar-system flag (`d:roid`): 0 none, 1 first appearance, 2 candidate, 3 MPC-known. */
  roid: number;
  /** LIA microlensing score (`d:mulens`). */
  mulens: number;
  /** SuperNNova Ia vs non-Ia (`d:snn_snia_vs_nonia`). */
  snn_snia_vs_nonia: number;
  /** SuperNNova SN vs all (`d:snn_sn_vs_all`). */
  snn_sn_vs_all: number;
  /** Random-forest early SN Ia (`d:rf_snia_vs_nonia`). */
  rf_snia_vs_nonia: number;
  /** Number of detections in history (`i:ndethist`). */
  ndethist: number;
  /** Deep real-bogus score (`i:drb`). */
  drb: number;
  /** Star/galaxy score (`i:classtar`). */
  classtar: number;
  /** Alert time (`i:jd`). */
  jd: number;
  /** First detection time (`i:jdstarthist`). */
  jdstarthist: number;
  /** Kilonova classifier (`d:rf_kn_vs_nonkn`). */
  rf_kn_vs_nonkn: number;
  /** Tracklet id (`d:tracklet`). */
  tracklet: string;
}

/** Whether a SIMBAD label is a real SIMBAD classification (not Unknown/Fail/Galaxy…). */
export function isSimbadClass(cdsxmatch: string): boolean {
  if (["Unknown", "Transient", "Fail", "Fail 504"].includes(cdsxmatch)) return false;
  return !cdsxmatch.startsWith("Fail") && !cdsxmatch.startsWith("Galaxy");
}

/**
 * Fink's classification of one alert: a Fink class (`SN candidate`,
 * `Early SN Ia candidate`, `Kilonova candidate`, `Microlensing candidate`,
 * `Solar System MPC`, `Solar System candidate`, `Tracklet`, `Ambiguous`,
 * `Unknown`) or, when SIMBAD knows the source, the SIMBAD label itself.
 * Missing numeric inputs (NaN) fail every threshold, as NaN does in pandas.
 *
 * @example
 * ```ts
 * import { finkClassification } from "./classification.ts";
 * finkClassification({
 *   cdsxmatch: "Unknown", roid: 3, mulens: 0, snn_snia_vs_nonia: 0, snn_sn_vs_all: 0,
 *   rf_snia_vs_nonia: 0, ndethist: 1, drb: 0.99, classtar: 0.98, jd: 2459795.8,
 *   jdstarthist: 2459795.8, rf_kn_vs_nonkn: 0, tracklet: "",
 * }); // "Solar System MPC"
 * ```
 */
export function finkClassification(x: ClassificationInput): string {
  const eg = EXTRAGALACTIC_HOSTS.has(x.cdsxmatch);
  const snn = x.snn_snia_vs_nonia > 0.5 || x.snn_sn_vs_all > 0.5;
  const age = x.jd - x.jdstarthist;
  const early = snn && eg && x.drb > 0.5 && x.classtar > 0.4 && x.ndethist <= 20 &&
    x.rf_snia_vs_nonia > 0.5;
  const sn = snn && eg && age <= 90 && x.drb > 0.5 && x.classtar > 0.4 && x.ndethist > 1 &&
    x.roid !== 3;
  const mulens = x.mulens > 0;
  const kn = x.rf_kn_vs_nonkn > 0.5 && x.drb > 0.5 && x.classtar > 0.4 && age < 5 &&
    x.roid !== 3 && x.ndethist < 20 && eg;
  const roid3 = x.roid === 3;
  const roid2 = x.roid === 2;
  const tracklet = String(x.tracklet ?? "").startsWith("TRCK_");

  let cls = "Unknown";
  if (mulens) cls = "Microlensing candidate";
  if (sn) cls = "SN candidate";
  if (early) cls = "Early SN Ia candidate";
  if (kn) cls = "Kilonova candidate";
  if (roid2) cls = "Solar System candidate";
  if (tracklet) cls = "Tracklet";
  if (roid3) cls = "Solar System MPC";
  const ambiguity = Number(mulens) + Number(sn) + Number(roid2) + Number(roid3);
  if (ambiguity > 1) cls = "Ambiguous";
  if (isSimbadClass(x.cdsxmatch)) cls = x.cdsxmatch;
  return cls;
}
