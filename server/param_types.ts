/**
 * The parameter type shared by every route, and the parameters many routes
 * have (`columns`, `output-format`).
 *
 * @module
 */
/** One parameter of a route. */
export interface Param {
  /** Fink's name (`objectId`, `output-format`, …). */
  name: string;
  /** JSON type in the OpenAPI document; `file` is a multipart upload. */
  type: "string" | "number" | "integer" | "boolean" | "file";
  /** What it means, defaults included. */
  description: string;
  /** Fink's `check_args`: a missing one is a 400 (`"POST"`: for POST requests only). */
  required?: boolean | "POST";
  /** An example value. */
  example?: string | number | boolean;
  /** Allowed values, where closed. */
  enum?: readonly string[];
  /** Least value a number may take (what the handler refuses below it with a 400). */
  minimum?: number;
  /** Largest value a number may take (what the handler refuses above it with a 400). */
  maximum?: number;
  /** A count of rows: from 0 to the server's cap (`--max-rows`), else a 400. */
  capped?: boolean;
}

/** Largest count (`n`, `nmax`, `maxnumber`) a request may ask by default (`--max-rows`). */
export const DEFAULT_MAX_ROWS = 100_000;

/** `columns`: the comma-separated columns to return. */
export const COLUMNS: Param = {
  name: "columns",
  type: "string",
  description: "Comma-separated data columns to transfer, e.g. 'i:magpsf,i:jd'. " +
    "If not specified, transfer all columns.",
  example: "i:jd,i:magpsf,i:fid",
};

/** Tabular output formats, as Fink's `send_tabular_data`. */
export const TABULAR_FORMATS = ["json", "csv", "votable", "parquet"] as const;

/** `output-format` of a tabular route, with its default. */
export function outputFormat(fallback: "json" | "parquet"): Param {
  return {
    name: "output-format",
    type: "string",
    description: `Output format among ${
      TABULAR_FORMATS.map((f) => f === fallback ? `${f}[default]` : f).join(", ")
    }.`,
    example: fallback,
    enum: TABULAR_FORMATS,
  };
}

/** `output-format`, JSON by default. */
export const JSON_FORMAT: Param = outputFormat("json");
