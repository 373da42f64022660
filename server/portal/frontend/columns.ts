/**
 * The light-curve query of the object page, shared by the page's HTML (which starts it before
 * the bundle has loaded) and the bundle (which reads its answer).
 *
 * @module
 */

/** Columns the light curve needs (one request, with upper limits and bad-quality points). */
export const LIGHTCURVE_COLUMNS: string =
  "i:jd,i:magpsf,i:sigmapsf,i:fid,i:diffmaglim,i:magnr,i:sigmagnr,i:isdiffpos,i:distnr," +
  "i:candid,i:ssnamenr,i:jdstarthist,a:origin";

/** The POST body of the light-curve query of `objectId`. */
export function lightCurveQuery(objectId: string): Record<string, unknown> {
  return {
    "output-format": "json",
    objectId,
    withupperlim: true,
    columns: LIGHTCURVE_COLUMNS,
  };
}
