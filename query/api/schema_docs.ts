/**
 * Descriptions of Fink's ZTF columns for {@linkcode schema}: the `i:` fields
 * in ZTF's own words (`candidate.avsc`, which Fink's `/api/v1/schema` serves)
 * and the `d:` fields in Fink's (fink-object-api's schema route), both kept
 * in `schema_docs.json` with their provenance; cutouts and the `v:` columns
 * computed by the API below. Other columns get a generic description.
 *
 * @module
 */
import ztfAndFink from "./schema_docs.json" with { type: "json" };

/** Column → description. */
export const COLUMN_DOCS: Readonly<Record<string, string>> = {
  ...ztfAndFink.i,
  ...ztfAndFink.d,
  "b:cutoutScience_stampData": "Cutout of the science image (63 x 63 pixels)",
  "b:cutoutTemplate_stampData": "Cutout of the template image (63 x 63 pixels)",
  "b:cutoutDifference_stampData": "Cutout of the difference image (63 x 63 pixels)",
  "v:classification": "Fink inferred classification",
  "v:rate": "Magnitude change rate for this filter (mag/day)",
  "v:sigma(rate)": "Error of v:rate from per-point errors",
  "v:g-r": "Colour g-r from g and r points closer than 0.3 day (mag)",
  "v:sigma(g-r)": "Error of v:g-r",
  "v:rate(g-r)": "Colour change rate (mag/day)",
  "v:sigma(rate(g-r))": "Error of v:rate(g-r)",
  "v:lastdate": "Datetime of the alert (from i:jd)",
  "v:firstdate": "First variation time at 3 sigma of the object (from i:jdstarthist)",
  "v:lapse": "Number of days between v:firstdate and v:lastdate",
  "v:constellation": "Name of the constellation the alert lies in",
  "v:separation_degree": "Angular separation to the cone-search centre (deg)",
  "v:jdstartgw": "Julian date of the gravitational-wave event (skymap)",
};

/** Computed `v:` columns and their types (those `/objects` can add). */
export const COMPUTED_COLUMNS: Readonly<Record<string, string>> = {
  "v:classification": "string",
  "v:rate": "double",
  "v:sigma(rate)": "double",
  "v:g-r": "double",
  "v:sigma(g-r)": "double",
  "v:rate(g-r)": "double",
  "v:sigma(rate(g-r))": "double",
  "v:lastdate": "string",
  "v:firstdate": "string",
  "v:lapse": "double",
  "v:constellation": "string",
};
