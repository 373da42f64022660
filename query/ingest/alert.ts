/**
 * The normalised alert record that every reader (ZTF avro, Fink parquet)
 * produces and that ingestion turns into Fink's table rows.
 *
 * @module
 */

/** A field value as read from a file: int64 fields are `bigint`, never `number`. */
export type FieldValue = string | number | bigint | boolean | null;

/** Gzipped FITS stamps of one alert (`stampData` bytes, starting 0x1f 0x8b). */
export interface Cutouts {
  /** Science stamp. */
  Science?: Uint8Array;
  /** Template (reference) stamp. */
  Template?: Uint8Array;
  /** Difference stamp. */
  Difference?: Uint8Array;
}

/**
 * One alert, whatever file it came from.
 *
 * - `candidate`: the ZTF `candidate` struct (103 fields in schema 3.3);
 *   missing/null values are `null`; `candid`, `pid`, `objectidps*`, `tblid`,
 *   `rfid` (long) as `bigint`.
 * - `prvCandidates`: the `prv_candidates` list (upper limits have
 *   `magpsf === null`), or `[]`.
 * - `root`: root-level ZTF/Fink strings (`schemavsn`, `publisher`,
 *   `fink_broker_version`, `fink_science_version`) when present.
 * - `fink`: every Fink-added value present in the file (the `d:` family),
 *   flattened (`mangrove.lum_dist` → `mangrove_lum_dist`, struct
 *   `lc_features_g` → string of an array), keyed by Fink's column name.
 *   Empty for raw ZTF packets.
 */
export interface AlertRecord {
  /** ZTF object identifier, e.g. `ZTF21abfmbix`. */
  objectId: string;
  /** Alert identifier (int64). */
  candid: bigint;
  /** Root-level string fields. */
  root: Record<string, FieldValue>;
  /** The `candidate` struct. */
  candidate: Record<string, FieldValue>;
  /** The `prv_candidates` history (detections and upper limits). */
  prvCandidates: Record<string, FieldValue>[];
  /** Fink-added values (`d:` family), flattened. */
  fink: Record<string, FieldValue>;
  /** Gzipped FITS cutouts. */
  cutouts: Cutouts;
}
