/**
 * Short descriptions of Fink's ZTF columns for {@linkcode schema}, after
 * the ZTF alert schema (`candidate.avsc`) and fink-object-api's schema route.
 * Columns not listed here get a generic description.
 *
 * @module
 */

/** Column → description. */
export const COLUMN_DOCS: Readonly<Record<string, string>> = {
  "i:objectId": "ZTF object identifier",
  "i:candid": "Candidate ID from operations DB (int64: keep exact)",
  "i:jd": "Observation Julian date at start of exposure [days]",
  "i:fid": "Filter ID (1=g; 2=R; 3=i)",
  "i:ra": "Right Ascension of candidate; J2000 [deg]",
  "i:dec": "Declination of candidate; J2000 [deg]",
  "i:magpsf": "Magnitude from PSF-fit photometry [mag]",
  "i:sigmapsf": "1-sigma uncertainty in magpsf [mag]",
  "i:diffmaglim":
    "Expected 5-sigma mag limit in difference image based on global noise estimate [mag]",
  "i:isdiffpos":
    "t or 1 => candidate is from positive (sci minus ref) subtraction; f or 0 => negative",
  "i:magnr": "Magnitude of nearest source in reference image PSF-catalog [mag]",
  "i:sigmagnr": "1-sigma uncertainty in magnr [mag]",
  "i:distnr": "Distance to nearest source in reference image PSF-catalog [pixels]",
  "i:chinr": "DAOPhot chi parameter of nearest source in reference image PSF-catalog",
  "i:sharpnr": "DAOPhot sharp parameter of nearest source in reference image PSF-catalog",
  "i:ndethist":
    "Number of spatially-coincident detections falling within 1.5 arcsec going back to beginning of survey",
  "i:jdstarthist": "Earliest Julian date of epoch corresponding to ndethist [days]",
  "i:jdendhist": "Latest Julian date of epoch corresponding to ndethist [days]",
  "i:rb":
    "RealBogus quality score from Random Forest classifier; range is 0 to 1 where closer to 1 is more reliable",
  "i:drb": "RealBogus quality score from Deep-Learning-based classifier; range is 0 to 1",
  "i:classtar": "Star/Galaxy classification score from SExtractor",
  "i:nbad": "Number of prior-tagged bad pixels in a 5 x 5 pixel stamp",
  "i:ssnamenr":
    "Name of nearest known solar system object if exists within 30 arcsec (from MPC archive)",
  "i:ssdistnr": "Distance to nearest known solar system object if exists within 30 arcsec [arcsec]",
  "i:ssmagnr": "Magnitude of nearest known solar system object if exists within 30 arcsec [mag]",
  "i:neargaia":
    "Distance to closest source from Gaia DR1 catalog irrespective of magnitude [arcsec]",
  "i:distpsnr1": "Distance of closest source from PS1 catalog [arcsec]",
  "i:sgscore1":
    "Star/Galaxy score of closest source from PS1 catalog; 0 <= sgscore <= 1 where closer to 1 implies higher likelihood of being a star",
  "i:field": "ZTF field ID",
  "i:rcid": "Readout channel ID [00 .. 63]",
  "i:programid": "Program ID: encodes either public, collab, or caltech mode",
  "i:publisher": "Origin of alert packet",
  "i:schemavsn": "Schema version used",
  "i:fink_broker_version": "Version of fink-broker that processed the alert",
  "i:fink_science_version": "Version of fink-science that processed the alert",
  "b:cutoutScience_stampData": "Cutout of the science image (63 x 63 pixels)",
  "b:cutoutTemplate_stampData": "Cutout of the template image (63 x 63 pixels)",
  "b:cutoutDifference_stampData": "Cutout of the difference image (63 x 63 pixels)",
  "d:cdsxmatch":
    "Object type of the closest source from SIMBAD database; if exists within 1 arcsec",
  "d:roid":
    "Determine if the alert is a Solar System object (0: not SSO, 1: first appearance, 2: Fink SSO candidate, 3: MPC-known)",
  "d:mulens": "Probability score of an alert to be a microlensing event by LIA",
  "d:snn_snia_vs_nonia": "Probability of an alert to be a SNe Ia using SuperNNova (Ia vs non-Ia)",
  "d:snn_sn_vs_all": "Probability of an alert to be a SNe using SuperNNova (SN vs all)",
  "d:rf_snia_vs_nonia": "Probability of an alert to be a SNe Ia using a Random Forest Classifier",
  "d:rf_kn_vs_nonkn": "Probability of an alert to be a Kilonova using a Random Forest Classifier",
  "d:nalerthist": "Number of detections contained in the alert (current + history)",
  "d:tracklet":
    "ID for fast moving objects, typically orbiting around the Earth (TRCK_YYYYMMDD_HHMMSS_NN)",
  "d:anomaly_score": "Probability of an alert to be anomalous (lower values mean more anomalous)",
  "d:DR3Name":
    "Unique source designation of closest source from Gaia DR3 catalog; if exists within 1 arcsec",
  "d:Plx": "Absolute stellar parallax (in milli-arcsecond) of the closest source from Gaia DR3",
  "d:e_Plx":
    "Standard error of the stellar parallax (in milli-arcsecond) of the closest source from Gaia DR3",
  "d:gcvs": "Object type of the closest source from GCVS catalog; if exists within 1 arcsec",
  "d:vsx": "Object type of the closest source from VSX catalog; if exists within 1 arcsec",
  "d:x3hsp": "Counterpart (cross-match) to the 3HSP catalog if exists within 1 arcminute",
  "d:x4lac": "Counterpart (cross-match) to the 4LAC DR3 catalog if exists within 1 arcminute",
  "d:tns": "TNS label, if it exists",
  "d:lc_features_g": "Numerous light curve features for the g band (JSON array)",
  "d:lc_features_r": "Numerous light curve features for the r band (JSON array)",
  "d:mag_rate": "Magnitude rate (mag/day)",
  "d:sigma_rate": "Magnitude rate error estimation (mag/day)",
  "d:from_upper": "True if the last alert was computed using an upper limit",
  "d:jd_first_real_det": "First variation time at 5 sigma contained in the alert history",
  "d:jdstarthist_dt":
    "Delta time between jd_first_real_det and the first variation time at 3 sigma (days)",
  "d:spicy_id":
    "Unique source ID of the closest source from the SPICY catalog; if exists within 1.2 arcsec",
  "d:spicy_class":
    "Class name of the closest source from SPICY catalog; if exists within 1.2 arcsec",
  "d:gaiaVarFlag": "Gaia DR3 photometric variability flag of the closest source",
  "d:gaiaClass": "Gaia DR3 classification of the closest source",
  "d:is_transient": "Whether the alert is likely a transient (no catalogued counterpart)",
  "d:slsn_score": "Probability of an alert to be a superluminous supernova",
  "d:blazar_stats_instantness_low":
    "Blazar extreme states: instantness of a low state (in [0, 1) with robustness_low: low state; -1: not computed)",
  "d:blazar_stats_robustness_low":
    "Blazar extreme states: robustness of a low state (in [0, 1) with instantness_low: low state; -1: not computed)",
  "d:blazar_stats_instantness_high":
    "Blazar extreme states: instantness of a high state (in [0, 1) with robustness_high: high state; -1: not computed)",
  "d:blazar_stats_robustness_high":
    "Blazar extreme states: robustness of a high state (in [0, 1) with instantness_high: high state; -1: not computed)",
  "d:tag": "valid, upperlim or badquality (objects with upper limits)",
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
