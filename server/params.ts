/**
 * The parameters of every route, with Fink's names, types, requirement and
 * descriptions: one source of truth for the handlers' argument check, the
 * OpenAPI document and the route list.
 *
 * @module
 */

import { MAX_RADIUS_ARCSEC } from "../query/mod.ts";
import { COLUMNS, JSON_FORMAT, outputFormat, type Param } from "./param_types.ts";
import { CUTOUTS_PARAMS, SKYMAP_PARAMS } from "./params_images.ts";
import { METADATA_PARAMS, SSOFT_PARAMS } from "./params_ssoft_metadata.ts";

export { DEFAULT_MAX_ROWS, type Param, TABULAR_FORMATS } from "./param_types.ts";

/** Parameters by route name. */
export const PARAMS: Readonly<Record<string, readonly Param[]>> = {
  objects: [
    {
      name: "objectId",
      type: "string",
      required: true,
      description: "Single ZTF object ID, or a comma-separated list, e.g. " +
        '"ZTF19acmdpyr,ZTF21aaxtctv". Each is a prefix: a partial ID returns every match.',
      example: "ZTF25abxvhmk",
    },
    {
      name: "withupperlim",
      type: "boolean",
      description: "If True, retrieve also upper limits and bad-quality measurements " +
        "(column `d:tag`: valid, upperlim, badquality).",
      example: false,
    },
    {
      name: "withcutouts",
      type: "boolean",
      description: "If True, retrieve also the cutouts as 2-D arrays. See also `cutout-kind`.",
      example: false,
    },
    {
      name: "cutout-kind",
      type: "string",
      description: "`Science`, `Template`, `Difference`, or `All` (the default): all three.",
      example: "Science",
      enum: ["Science", "Template", "Difference", "All"],
    },
    COLUMNS,
    JSON_FORMAT,
  ],
  conesearch: [
    {
      name: "ra",
      type: "string",
      required: true,
      description: "Right ascension: decimal degrees, or sexagesimal (`12h55m17.218s`, " +
        "`12 55 17.218`, `12:55:17.218`).",
      example: "26.730792",
    },
    {
      name: "dec",
      type: "string",
      required: true,
      description: "Declination: decimal degrees, or sexagesimal (`+02d53m50.35s`).",
      example: "-15.371089",
    },
    {
      name: "radius",
      type: "number",
      required: true,
      description: "Cone search radius in arcsec. Maximum is 18,000 arcseconds (5 degrees).",
      example: 10,
      minimum: 0,
      maximum: MAX_RADIUS_ARCSEC,
    },
    {
      name: "n",
      type: "integer",
      description: "Maximal number of alerts to return per sky pixel. Default is 1000.",
      example: 10,
      capped: true,
    },
    {
      name: "startdate",
      type: "string",
      description: "Starting date in UTC (iso, jd, or MJD). It restricts the search to " +
        "objects whose first detection was within the dates.",
      example: "2025-10-01 00:00:00",
    },
    {
      name: "stopdate",
      type: "string",
      description: "Stopping date in UTC (iso, jd, or MJD).",
      example: "2025-11-30 00:00:00",
    },
    {
      name: "window",
      type: "number",
      description: "Time window in days, instead of stopdate (with startdate; ignored without).",
      example: 1,
      minimum: 0,
    },
    COLUMNS,
    JSON_FORMAT,
  ],
  latests: [
    {
      name: "class",
      type: "string",
      required: true,
      description: "Fink derived label. See /api/v1/classes for available tags.",
      example: "SN candidate",
    },
    {
      name: "trend",
      type: "string",
      description: "Desired trend among: rising, fading. For `class=(CTA) Blazar low state`: " +
        "low_state, new_low_state.",
      example: "rising",
      enum: ["rising", "fading", "low_state", "new_low_state"],
    },
    {
      name: "n",
      type: "integer",
      description: "Last N alerts to transfer between stopping and starting date. Default is 10.",
      example: 10,
      capped: true,
    },
    {
      name: "startdate",
      type: "string",
      description: "Starting date in UTC (iso). Default is 2019-11-01 00:00:00.",
      example: "2019-11-01 00:00:00",
    },
    {
      name: "stopdate",
      type: "string",
      description: "Stopping date in UTC (iso). Default is now.",
      example: "2030-01-01 00:00:00",
    },
    {
      name: "color",
      type: "boolean",
      description: "If present, extract colour information (g-r and rates). Default is False.",
      example: false,
    },
    COLUMNS,
    JSON_FORMAT,
  ],
  classes: [],
  sso: [
    {
      name: "n_or_d",
      type: "string",
      required: true,
      description: "IAU number of the object, or its designation if it has no number " +
        "(8467, 2010JO69, Benoitcarry); a comma-separated list is allowed.",
      example: "8467",
    },
    {
      name: "withEphem",
      type: "boolean",
      description: "Attach ephemerides as extra columns (finkit: from the aggregated SSO file).",
      example: false,
    },
    {
      name: "withResiduals",
      type: "boolean",
      description: "Return the residuals `obs - model` of the sHG1G2 phase curve model " +
        "(single object only).",
      example: false,
    },
    {
      name: "withcutouts",
      type: "boolean",
      description: "If True, retrieve also cutouts as 2-D arrays (`withCutouts` is accepted too).",
      example: false,
    },
    {
      name: "cutout-kind",
      type: "string",
      description: "`Science` (default), `Template`, or `Difference`.",
      example: "Science",
      enum: ["Science", "Template", "Difference"],
    },
    COLUMNS,
    JSON_FORMAT,
  ],
  ssocand: [
    {
      name: "kind",
      type: "string",
      required: true,
      description: "Orbital parameters (orbParams) or lightcurves (lightcurves).",
      example: "orbParams",
      enum: ["orbParams", "lightcurves"],
    },
    {
      name: "ssoCandId",
      type: "string",
      description: "Trajectory ID. Otherwise all are returned.",
    },
    {
      name: "start_date",
      type: "string",
      description: "Start date in UTC YYYY-MM-DD (lightcurves only). Default is 2019-11-01.",
      example: "2019-11-01",
    },
    {
      name: "stop_date",
      type: "string",
      description: "Stop date in UTC YYYY-MM-DD (lightcurves only). Default is now.",
    },
    {
      name: "maxnumber",
      type: "integer",
      description: "Maximum number of entries to retrieve. Default is 10,000.",
      example: 10,
      capped: true,
    },
    JSON_FORMAT,
  ],
  resolver: [
    {
      name: "resolver",
      type: "string",
      required: true,
      description: "Resolver among: `simbad`, `ssodnet`, `tns`.",
      example: "ssodnet",
      enum: ["simbad", "ssodnet", "tns"],
    },
    {
      name: "name",
      type: "string",
      required: true,
      description: "Object name to resolve.",
      example: "8467",
    },
    {
      name: "reverse",
      type: "boolean",
      description: "If true (JSON boolean), resolve a ZTF name instead. Default is False.",
      example: false,
    },
    {
      name: "nmax",
      type: "integer",
      description: "Maximum number of matches to return. Default is 10.",
      example: 10,
      capped: true,
    },
    JSON_FORMAT,
  ],
  tracklet: [
    {
      name: "date",
      type: "string",
      description: "An ISO date YYYY-MM-DD hh:mm:ss; short versions (YYYY-MM-DD, " +
        "YYYY-MM-DD hh) select every tracklet starting so.",
      example: "2021-10-22",
    },
    {
      name: "id",
      type: "string",
      description: "Tracklet ID, in the format TRCK_YYYYMMDD_HHMMSS_NN.",
    },
    COLUMNS,
    JSON_FORMAT,
  ],
  schema: [],
  skymap: SKYMAP_PARAMS,
  statistics: [
    {
      name: "date",
      type: "string",
      required: true,
      description: "Observing night (YYYYMMDD), month (YYYYMM), year (YYYY), or everything " +
        "(empty string).",
      example: "2021",
    },
    {
      name: "schema",
      type: "boolean",
      description: "If True, return the schema of the statistics table instead of data.",
      example: false,
    },
    {
      name: "columns",
      type: "string",
      description: "Comma-separated data columns, e.g. 'basic:sci,basic:date'. Default all.",
    },
    JSON_FORMAT,
  ],
  anomaly: [
    {
      name: "n",
      type: "integer",
      description: "Last N alerts between stop and start date. Default is 10.",
      example: 10,
      capped: true,
    },
    {
      name: "start_date",
      type: "string",
      description: "Start date in UTC YYYY-MM-DD. Default is 2019-11-01.",
      example: "2019-11-01",
    },
    {
      name: "stop_date",
      type: "string",
      description: "Stop date in UTC YYYY-MM-DD (that night included). Default is now.",
    },
    COLUMNS,
    JSON_FORMAT,
  ],
  ssoft: SSOFT_PARAMS,
  metadata: METADATA_PARAMS,
  cutouts: CUTOUTS_PARAMS,
  ssobulk: [outputFormat("parquet")],
  xmatch: [
    {
      name: "catalog",
      type: "string",
      required: true,
      description: "Your catalogue as CSV text (a header line, then one source per line).",
    },
    {
      name: "header",
      type: "string",
      required: true,
      description: "Comma-separated names of the RA, Dec, ID [and Time] columns of `catalog`.",
      example: "RA,Dec,ID",
    },
    {
      name: "radius",
      type: "number",
      required: true,
      description: "Cone radius in arcsec (at most 18,000).",
      minimum: 0,
      maximum: MAX_RADIUS_ARCSEC,
      example: 1.5,
    },
    {
      name: "window",
      type: "number",
      description: "Time window in days around the catalogue's Time column.",
      example: 7,
      minimum: 0,
    },
    JSON_FORMAT,
  ],
};
