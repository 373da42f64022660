/**
 * A POST request's parameters: a JSON object body (Fink's clients:
 * `requests.post(url, json={...})`), form fields (`application/x-www-form-urlencoded`)
 * or a multipart form (files stay `File`s, e.g. a sky map). Bodies over the
 * size limit are refused with 413 before they are read whole.
 *
 * @module
 */
import { HttpError } from "./args.ts";
import { errorBody, flaskMessage } from "./python.ts";

/**
 * Flask's answer to a body it cannot read as JSON (Fink's routes read `request.json`), and to a
 * request whose URL cannot be read (a malformed `Host`).
 */
export const UNREADABLE = (): HttpError =>
  new HttpError(
    400,
    flaskMessage("The browser (or proxy) sent a request that this server could not understand."),
    "application/json",
  );

/**
 * A request body, refused with 413 past `maxBytes` (declared or streamed), and with 408 when it
 * has not arrived whole within `deadlineMs` (a client that trickles its body, or stops sending
 * it, holds nothing longer than that).
 */
export async function readLimited(
  req: Request,
  maxBytes: number,
  deadlineMs = Infinity,
): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  // Flask's words (Fink's limit is 100 MiB; this server's is `maxBytes`).
  const tooLarge = () =>
    new HttpError(
      413,
      flaskMessage("The data value transmitted exceeds the capacity limit."),
      "application/json",
    );
  if (declared > maxBytes) throw tooLarge();
  if (!req.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let n = 0;
  const reader = req.body.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = Number.isFinite(deadlineMs)
    ? new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(REQUEST_TIMEOUT()), deadlineMs);
    })
    : undefined;
  try {
    for (;;) {
      const next = reader.read();
      const { done, value } = late ? await Promise.race([next, late]) : await next;
      if (done) break;
      n += value.length;
      if (n > maxBytes) throw tooLarge();
      chunks.push(value);
    }
  } catch (e) {
    reader.cancel().catch(() => {});
    // A body cut short (the client went away) or otherwise unreadable: the client's fault, a 400
    // as Werkzeug's `ClientDisconnected`, not a server error.
    throw e instanceof HttpError ? e : UNREADABLE();
  } finally {
    clearTimeout(timer);
  }
  const out = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) out.set(c, (at += c.length) - c.length);
  return out;
}

/** Werkzeug's 408, for a body that did not arrive in time. */
const REQUEST_TIMEOUT = (): HttpError =>
  new HttpError(
    408,
    flaskMessage(
      "The server closed the network connection because the browser didn't finish the request within the specified time.",
    ),
    "application/json",
  );

/** The parameters of a POST body (empty object for an empty body). */
export async function readPayload(
  req: Request,
  maxBytes: number,
  deadlineMs = Infinity,
): Promise<Record<string, unknown>> {
  const type = (req.headers.get("content-type") ?? "").toLowerCase();
  const bytes = await readLimited(req, maxBytes, deadlineMs);
  // An empty body declared as JSON is one Flask cannot read; with no type, no parameters.
  if (bytes.length === 0) {
    if (type.startsWith("application/json")) throw UNREADABLE();
    return {};
  }
  if (
    type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded")
  ) {
    let form: FormData;
    try {
      form = await new Response(bytes as Uint8Array<ArrayBuffer>, {
        headers: { "content-type": type },
      }).formData();
    } catch (e) {
      throw new HttpError(
        400,
        errorBody(`The form body cannot be read: ${(e as Error).message}\n`),
      );
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of form) out[k] = v;
    return out;
  }
  let json: unknown;
  try {
    // Not UTF-8 is unreadable too (Python's `json.loads` of the bytes raises).
    const body = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    // The reviver (slow: a call per value) only when an integer may pass 2^53 (16+ digits).
    json = /\d{16}/.test(body)
      ? JSON.parse(body, exactIntegers as Parameters<typeof JSON.parse>[1])
      : JSON.parse(body);
  } catch {
    throw UNREADABLE();
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new HttpError(400, errorBody("The JSON body must be an object of parameters.\n"));
  }
  return json as Record<string, unknown>;
}

/**
 * `JSON.parse`'s reviver that keeps integers past 2^53 exact, as their
 * decimal text (Python's JSON, which Fink reads bodies with, keeps them
 * exact: a `candid` such as 1338379900815015001 must not become
 * …015000). Uses the reviver's third argument (JSON.parse source text access, in V8).
 */
function exactIntegers(_key: string, value: unknown, context?: { source?: string }): unknown {
  if (typeof value !== "number" || Number.isSafeInteger(value)) return value;
  const source = context?.source;
  return source !== undefined && /^-?\d+$/.test(source) ? source : value;
}
