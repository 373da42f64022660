/**
 * What an ingest run is given and gives back: its options, its progress
 * reports and its summary.
 *
 * @module
 */
/** Progress of an ingest run, reported after every batch. */
export interface IngestProgress {
  /** Files done (whole or failed). */
  filesDone: number;
  /** Files in the run. */
  filesTotal: number;
  /** The file being read. */
  file: string;
  /** Alerts read so far. */
  alerts: number;
  /** Seconds since the start. */
  elapsed: number;
  /** Alerts per second so far. */
  rate: number;
}

/** Options of {@linkcode ingestFiles} and {@linkcode ingestAlerts}. */
export interface IngestOptions {
  /** Apply Fink's science-DB quality cut `rb >= 0.55 && nbad == 0`. Default true. */
  qualityCut?: boolean;
  /** Rows per put request. Default 500. */
  batchSize?: number;
  /**
   * Files are committed in groups, at file boundaries, a new commit once this
   * many seconds of work are pending (embedded store; default 0.5): a process
   * killed mid-ingest loses at most that much work, never part of a file.
   * `0` commits every file on its own (one disk sync per file, ~10 ms).
   */
  commitSeconds?: number;
  /** Called with progress after each batch. */
  onProgress?: (progress: IngestProgress) => void;
  /** Asteroid names by number for `ztf.sso_resolver` (default: the bundled list). */
  ssoNames?: Record<string, string>;
  /**
   * Decode files in a worker beside the writer (embedded store only), on a
   * second core. Default: for files of at least 8 MB in all and 1 MB each on
   * average (not for files of one alert: the worker's start and hand-overs
   * would cost more than they save).
   */
  decodeWorker?: boolean;
  /**
   * `slsn_score` from which an alert names a `ztf.slsn` candidate. Default 0.5
   * (Fink's threshold lives in its classifier file; see `DEFAULT_SLSN_THRESHOLD`).
   */
  slsnThreshold?: number;
}

/** What an ingest run did. */
export interface IngestSummary {
  /** Files given. */
  files: number;
  /** Alerts read (raw). */
  alerts: number;
  /** Alerts that passed the quality cut and entered the science tables. */
  scienceAlerts: number;
  /** Distinct objects among the science alerts. */
  objects: number;
  /** Rows put per table (a re-ingest counts its puts again). */
  rows: Record<string, number>;
  /** Files skipped because they are not alert files (e.g. aggregated light curves). */
  skipped: { file: string; reason: string }[];
  /** Files rejected as malformed: nothing of them was written (of a damaged archive, the members before the damage were). */
  errors: { file: string; recordIndex?: number; message: string }[];
  /** Wall time, seconds. */
  seconds: number;
}
