/**
 * The columns of the Solar System Object Fink Table (SSoFT) for ZTF, with
 * the types and descriptions Fink's `schema=True` answers (fink-utils'
 * `COLUMNS` and the per-flavor lists): ZTF bands 1 (g) and 2 (r).
 *
 * @module
 */

/** A column's declared type and meaning, as Fink's `/api/v1/ssoft?schema=True` gives it. */
export interface SsoftColumn {
  /** `str`, `int` or `double`. */
  type: "str" | "int" | "double";
  /** What it holds. */
  description: string;
}

/** SSoFT flavors finkit computes (Fink also has `SOCCA`). */
export const SSOFT_FLAVORS = ["SHG1G2", "HG1G2", "HG"] as const;

/** One of {@linkcode SSOFT_FLAVORS}. */
export type SsoftFlavor = typeof SSOFT_FLAVORS[number];

const BANDS = [["1", "g"], ["2", "r"]] as const;
const col = (type: SsoftColumn["type"], description: string): SsoftColumn => ({
  type,
  description,
});

/** `name_1`, `name_2` with `describe(band letter)`; `all` adds the unsuffixed column first. */
function perBand(
  name: string,
  type: SsoftColumn["type"],
  describe: (band: string) => string,
  all?: string,
): [string, SsoftColumn][] {
  const out: [string, SsoftColumn][] = all ? [[name, col(type, all)]] : [];
  for (const [n, letter] of BANDS) out.push([`${name}_${n}`, col(type, describe(letter))]);
  return out;
}

const phaseFn = "the observations used to compute the phase function";

/** Columns of every flavor, in Fink's order. */
const COMMON: [string, SsoftColumn][] = [
  [
    "ssnamenr",
    col("str", "Designation (name or number) of the object from MPC archive as given by ZTF"),
  ],
  ["sso_name", col("str", "Official name or provisional designation of the SSO")],
  ["sso_number", col("int", "IAU number of the SSO")],
  ["last_jd", col("double", "Julian Date for the last detection in Fink, in UTC")],
  ...perBand("H", "double", (b) => `Absolute magnitude for the ZTF filter band ${b}`),
  ...perBand(
    "err_H",
    "double",
    (b) => `Uncertainty on the absolute magnitude for the ZTF filter band ${b}`,
  ),
  ...perBand(
    "min_phase",
    "double",
    (b) => `Minimum phase angle of ${phaseFn} for the ZTF filter band ${b}, in degree`,
    `Minimum phase angle of ${phaseFn}, in degree`,
  ),
  ...perBand(
    "max_phase",
    "double",
    (b) => `Maximum phase angle of ${phaseFn} for the ZTF filter band ${b}, in degree`,
    `Maximum phase angle of ${phaseFn}, in degree`,
  ),
  ["chi2red", col("double", "Reduced chi-square of the fit")],
  ...perBand(
    "rms",
    "double",
    (b) => `RMS of the fit for the filter band ${b}, in magnitude`,
    "RMS of the fit, in magnitude",
  ),
  ...perBand(
    "median_error_phot",
    "double",
    (b) =>
      `Median of the 1-sigma uncertainty on the measurements for the filter band ${b}, in magnitude`,
    "Median of the 1-sigma uncertainty on the measurements, in magnitude",
  ),
  ...(["mean", "standard deviation", "skewness", "kurtosis"] as const).map((
    what,
  ): [string, SsoftColumn] => [
    `${what === "standard deviation" ? "std" : what.slice(0, 4)}_astrometry`,
    col(
      "double",
      `Astrometry: ${what} of the angular separation between observations and ephemerides` +
        (what === "mean" || what === "standard deviation" ? ", in arcsecond" : ""),
    ),
  ]),
  ["period", col("double", "Sidereal period estimated, in hour. Available only from 2024.10")],
  [
    "period_chi2red",
    col("double", "Reduced chi-square for the period estimation. Available only from 2024.10"),
  ],
  ...perBand(
    "n_obs",
    "int",
    (b) => `Number of observations for the ZTF filter band ${b} in Fink`,
    "Number of observations in Fink",
  ),
  ...perBand(
    "n_days",
    "int",
    (b) =>
      `Number of days between the first and the last observations in Fink, for the ZTF filter band ${b}`,
    "Number of days between the first and the last observations in Fink",
  ),
  [
    "fit",
    col(
      "int",
      "Code to assess the quality of the fit: 0: success, 1: bad_vals, 2: MiriadeFail, " +
        "3: RunTimError, 4: LinalgError",
    ),
  ],
  [
    "status",
    col(
      "int",
      "Code for quality `status` (least square convergence): -2: failure, -1 : improper input " +
        "parameters status returned from MINPACK, 0 : the maximum number of function evaluations " +
        "is exceeded, 1 : gtol termination condition is satisfied, 2 : ftol termination " +
        "condition is satisfied, 3 : xtol termination condition is satisfied, 4 : Both ftol and " +
        "xtol termination conditions are satisfied.",
    ),
  ],
  ["flag", col("int", "TBD")],
  ["version", col("str", "Version of the SSOFT YYYY.MM")],
];

const g = (name: string) => (b: string) => `${name} phase parameter for the ZTF filter band ${b}`;
const errG = (name: string) => (b: string) =>
  `Uncertainty on the ${name} phase parameter for the ZTF filter band ${b}`;
const SPIN = "of the spin axis (EQJ2000), in degree";
const cosLambda = (what: string) =>
  `${what} of the absolute value of the cosine for the aspect angle`;
const axes = (ratio: string) =>
  `${ratio} ratio of the ellipsoid (a>=b>=c). ` +
  "Estimation based on the fit residuals and the oblateness.";

const G1G2: [string, SsoftColumn][] = [
  ...perBand("G1", "double", g("G1")),
  ...perBand("G2", "double", g("G2")),
];
const ERR_G1G2: [string, SsoftColumn][] = [
  ...perBand("err_G1", "double", errG("G1")),
  ...perBand("err_G2", "double", errG("G2")),
];

/** Columns added by each flavor, in Fink's order. */
const FLAVOR: Record<SsoftFlavor, [string, SsoftColumn][]> = {
  SHG1G2: [
    ...G1G2,
    ["R", col("double", "Oblateness of the object")],
    ["a_b", col("double", axes("a/b"))],
    ["a_c", col("double", axes("a/c"))],
    ["alpha0", col("double", `Right ascension ${SPIN}`)],
    ["delta0", col("double", `Declination ${SPIN}`)],
    ["alpha0_alt", col("double", "Flipped `alpha0`: (`alpha0` + 180) modulo 360, in degree")],
    ["delta0_alt", col("double", "Flipped `delta0`: -`delta0`, in degree")],
    ["obliquity", col("double", "Obliquity of the spin axis, in degree")],
    ...ERR_G1G2,
    ["err_R", col("double", "Uncertainty on the oblateness")],
    ["err_alpha0", col("double", `Uncertainty on the right ascension ${SPIN}`)],
    ["err_delta0", col("double", `Uncertainty on the declination ${SPIN}`)],
    ["max_cos_lambda", col("double", cosLambda("Maximum"))],
    ["mean_cos_lambda", col("double", cosLambda("Mean"))],
    ["min_cos_lambda", col("double", cosLambda("Minimum"))],
  ],
  HG1G2: [...G1G2, ...ERR_G1G2],
  HG: [...perBand("G", "double", g("G")), ...perBand("err_G", "double", errG("G"))],
};

/**
 * The SSoFT schema of a flavor: column → `{type, description}`, the common
 * columns first, as Fink's `/api/v1/ssoft?schema=True&flavor=…` answers.
 *
 * @example
 * ```ts
 * import { ssoftSchema } from "./ssoft_columns.ts";
 * Object.keys(ssoftSchema("HG")).length; // 37 + 4
 * ```
 */
export function ssoftSchema(flavor: SsoftFlavor = "SHG1G2"): Record<string, SsoftColumn> {
  return Object.fromEntries([...COMMON, ...FLAVOR[flavor]]);
}
