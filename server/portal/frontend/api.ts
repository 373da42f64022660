/// <reference lib="dom" />
/**
 * Browser side of the REST contract: `POST /api/v1/<endpoint>` with a JSON body, as Fink's
 * portal does; int64 `i:candid` values are kept exact (as strings); Fink's error bodies become
 * {@link ApiError}s with their text.
 *
 * @module
 */

/**
 * `path`, from the server's root (`/api/v1/classes`, `/ZTF25abxvhmk`), under the path the portal
 * is mounted at: `<body data-base>`, which the server sets behind a proxy's sub-path (`/fink`).
 */
export function at(path: string): string {
  return (globalThis.document?.body?.dataset.base ?? "") + path;
}

/** One row of a JSON answer (Fink's column names). */
export type Row = Record<string, unknown>;

/** An error answer of the REST API, with Fink's message. */
export class ApiError extends Error {
  /** HTTP status. */
  status: number;
  /** Create the error. */
  constructor(status: number, message: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
  }
}

/** Fink's error bodies are Python dict reprs: `{'status': 'error', 'text': '…'}`. */
export function errorText(body: string): string {
  const m = /'text':\s*(['"])([\s\S]*)\1\s*}\s*$/.exec(body.trim());
  if (m) return m[2].replace(/\\n/g, "\n").replace(/\\'/g, "'").trim();
  try {
    const j = JSON.parse(body);
    if (j && typeof j.message === "string") return j.message;
  } catch { /* not JSON */ }
  return body.trim().slice(0, 500);
}

/** JSON.parse keeping 16+ digit `i:candid` integers exact as strings. */
export function parseRows(text: string): Row[] {
  const safe = text.replace(/"i:candid":\s*(-?\d{16,})/g, '"i:candid":"$1"');
  const v = JSON.parse(safe);
  if (!Array.isArray(v)) throw new ApiError(200, "unexpected answer (not a list of rows)");
  return v as Row[];
}

/**
 * POST a query to `/api/v1/<endpoint>` and return its JSON body (rows for tabular answers).
 *
 * @example
 * ```ts ignore
 * const rows = await api("objects", { objectId: "ZTF25abxvhmk" });
 * ```
 */
export async function api<T = Row[]>(
  endpoint: string,
  params: Record<string, unknown>,
  options: { raw?: boolean; signal?: AbortSignal } = {},
): Promise<T> {
  const res = await fetch(at(`/api/v1/${endpoint}`), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ "output-format": "json", ...params }),
    signal: options.signal,
  });
  if (options.raw) {
    const text = await res.text();
    if (!res.ok) throw new ApiError(res.status, errorText(text));
    return JSON.parse(text) as T;
  }
  return await readAnswer(res) as T;
}

/** The rows of a REST answer, or its error as an {@link ApiError}. */
export async function readAnswer(res: Response): Promise<Row[]> {
  const text = await res.text();
  if (!res.ok) throw new ApiError(res.status, errorText(text));
  return parseRows(text);
}

/** The GET URL of the same query in another output format (download links). */
export function apiUrl(endpoint: string, params: Record<string, unknown>, format: string): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) q.set(k, String(v));
  q.set("output-format", format);
  return at(`/api/v1/${endpoint}?${q}`);
}
