/**
 * The search box's query language, after Fink's portal (`apps/parse.py`): object ids (or
 * prefixes), tracklet ids, `key=value` / `key:value` parameters, coordinates (`ra dec [r]` in
 * degrees or sexagesimal) and, for anything left, a name (asteroid number or name, resolved by
 * the server). Pure functions: the browser and the tests share them.
 *
 * @module
 */
import { parseCoordinates } from "../../../astro/coordinates.ts";

/** What a query asks for. */
export type QueryAction =
  | "objectid"
  | "conesearch"
  | "class"
  | "anomaly"
  | "sso"
  | "tracklet"
  | "name";

/** A parsed query: the action, its API endpoint and parameters, or an error message. */
export interface ParsedQuery {
  /** The action (Fink's portal names). */
  action: QueryAction;
  /** REST endpoint under `/api/v1/` (`name` queries are resolved first, see {@link nameLookup}). */
  endpoint: string;
  /** Parameters of the POST body. */
  params: Record<string, string | number | boolean>;
  /** For `objectid`: a full object id (go straight to its page) rather than a prefix. */
  exact?: boolean;
  /** Short description shown above the results. */
  title: string;
}

/** A query that cannot be understood: the message names the bad part and what is allowed. */
export class QueryError extends Error {
  /** Create the error. */
  constructor(message: string) {
    super(message);
    this.name = "QueryError";
  }
}

const ZTF_FULL = /^ZTF[12]\d[a-z]{7}$/;
const ZTF_PREFIX = /^ZTF[0-9a-z]{0,9}$/i;
const TRACKLET_FULL = /^TRCK_\d{8}_\d{6}_\d{2}$/;
const TRACKLET_PREFIX = /^TRCK_[_0-9]*$/;
const KEYS = ["r", "radius", "class", "last", "n", "after", "before", "window", "trend"];

/** Split like Python's shlex (quotes group words) after Fink's clean-ups. */
export function tokenize(text: string): string[] {
  const s = text
    .replace(/,/g, " ")
    .replace(/(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(:\d{2}(\.\d+)?)?)/g, "$1T$2")
    .trim();
  const out: string[] = [];
  let cur = "";
  let quote = "";
  let has = false;
  for (const ch of s) {
    if (quote) {
      if (ch === quote) quote = "";
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      // A quote right after digits is a unit (10" or 5'), not an opening quote.
      if (/\d$/.test(cur)) cur += ch;
      else {
        quote = ch;
        has = true;
      }
    } else if (/\s/.test(ch)) {
      if (cur || has) out.push(cur);
      cur = "";
      has = false;
    } else cur += ch;
  }
  if (quote) throw new QueryError(`Unclosed quote ${quote} in the query`);
  if (cur || has) out.push(cur);
  return out;
}

/** A radius with an optional unit (`d`/`°`, `m`/`'`, `s`/`"`) in arcseconds. */
export function radiusArcsec(value: string): number {
  const m = /^([0-9.]+(?:e[+-]?\d+)?)\s*(d|deg|°|m|arcmin|'|s|arcsec|")?$/i.exec(value.trim());
  const v = m ? Number(m[1]) : NaN;
  if (!m || !Number.isFinite(v) || v <= 0) {
    throw new QueryError(
      `Bad radius ${JSON.stringify(value)}: give a positive number of arcseconds, ` +
        `or degrees / arcminutes with d, m or ' (e.g. r=10, r=1.5m, r=0.1d)`,
    );
  }
  const unit = (m[2] ?? "s").toLowerCase();
  return unit.startsWith("d") || unit === "°" ? v * 3600 : unit === "m" || unit === "'" ||
      unit === "arcmin"
    ? v * 60
    : v;
}

/** Split `key=value` / `key:value` parameters (a `class` value runs to the next key). */
function splitParams(tokens: string[]): { params: Record<string, string>; rest: string[] } {
  const params: Record<string, string> = {};
  const rest: string[] = [];
  let openKey = "";
  for (const t of tokens) {
    const m = /^([a-z_]+)[=:](.*)$/i.exec(t);
    if (m && KEYS.includes(m[1].toLowerCase())) {
      const key = m[1].toLowerCase() === "radius" ? "r" : m[1].toLowerCase();
      params[key] = m[2];
      openKey = key === "class" ? key : "";
    } else if (openKey) params[openKey] += ` ${t}`;
    else rest.push(t);
  }
  return { params, rest };
}

function positiveInt(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 10000) {
    throw new QueryError(`Bad ${name}=${v}: give an integer from 1 to 10000`);
  }
  return n;
}

/** Coordinates from the leftover tokens, or undefined if they are not coordinates. */
function coordinates(rest: string[]): { ra: number; dec: number; r?: string } | undefined {
  const looksAngle = (t: string) => /^[+-]?[0-9.][0-9.:hdms°'"]*$/.test(t);
  if (rest.length < 2 || !rest.every(looksAngle)) return undefined;
  const tryParse = (ra: string, dec: string) => {
    try {
      return parseCoordinates(ra, dec);
    } catch {
      return undefined;
    }
  };
  // HH MM SS.S ±DD MM SS.S [r]
  if (rest.length === 6 || rest.length === 7) {
    const p = tryParse(rest.slice(0, 3).join(" "), rest.slice(3, 6).join(" "));
    if (p) return { ...p, r: rest[6] };
  }
  if (rest.length === 2 || rest.length === 3) {
    const numeric = /^[+-]?[0-9.]+$/.test(rest[0]) && /^[+-]?[0-9.]+$/.test(rest[1]);
    const p = numeric ? tryParse(Number(rest[0]) as never, Number(rest[1]) as never) : tryParse(
      rest[0],
      rest[1],
    );
    if (p) return { ...p, r: rest[2] };
    throw new QueryError(
      `Bad coordinates ${JSON.stringify(rest.slice(0, 2).join(" "))}: give RA and Dec in ` +
        `degrees (26.73 -15.37), as HH:MM:SS ±DD:MM:SS or 01h46m55s -15d22m16s (Dec within ±90°)`,
    );
  }
  return undefined;
}

/**
 * Parse a search-box query into the REST call Fink's portal makes.
 *
 * @throws {QueryError} on an empty or malformed query, naming what is wrong
 * @example
 * ```ts
 * import { parseQuery } from "./query.ts";
 * const q = parseQuery("193.822 2.897 r=10");
 * console.assert(q.endpoint === "conesearch" && q.params.radius === 10);
 * ```
 */
export function parseQuery(text: string): ParsedQuery {
  const tokens = tokenize(text ?? "");
  if (tokens.length === 0) {
    throw new QueryError(
      "Empty query: type an object id (ZTF25abxvhmk), coordinates (26.73 -15.37 r=30), " +
        "a class (class=SN candidate), an asteroid (8467) or a tracklet id",
    );
  }
  const { params, rest } = splitParams(tokens);
  const n = params.last !== undefined
    ? positiveInt("last", params.last)
    : params.n !== undefined
    ? positiveInt("n", params.n)
    : 100;
  const dates: Record<string, string> = {};
  if (params.after) dates.startdate = params.after.replace("T", " ");
  if (params.before) dates.stopdate = params.before.replace("T", " ");
  if (params.window) dates.window = params.window;

  const ids = rest.filter((t) => /^ZTF/i.test(t));
  if (ids.length > 0) {
    for (const id of ids) {
      if (!ZTF_PREFIX.test(id)) {
        throw new QueryError(
          `Bad object id ${JSON.stringify(id)}: ZTF ids are ZTF + 2 digits + 7 letters ` +
            `(ZTF25abxvhmk), or a prefix of one (ZTF25abx)`,
        );
      }
    }
    const other = rest.find((t) => !/^ZTF/i.test(t));
    if (other !== undefined) {
      throw new QueryError(
        `Unexpected ${JSON.stringify(other)} after the object id: search object ids alone ` +
          `(ZTF25abxvhmk, or several separated by commas)`,
      );
    }
    const norm = ids.map((id) => "ZTF" + id.slice(3).toLowerCase());
    const exact = norm.length === 1 && ZTF_FULL.test(norm[0]);
    return {
      action: "objectid",
      endpoint: "objects",
      params: { objectId: norm.join(",") },
      exact,
      title: exact ? norm[0] : `Objects ${norm.join(", ")}${norm.length === 1 ? "…" : ""}`,
    };
  }
  const trck = rest.find((t) => /^TRCK/i.test(t));
  if (trck) {
    const id = trck.toUpperCase();
    if (!TRACKLET_FULL.test(id) && !TRACKLET_PREFIX.test(id)) {
      throw new QueryError(
        `Bad tracklet id ${JSON.stringify(trck)}: tracklets are TRCK_YYYYMMDD_HHMMSS_NN ` +
          `(or a prefix, e.g. TRCK_20211022)`,
      );
    }
    return {
      action: "tracklet",
      endpoint: "tracklet",
      params: { id },
      title: `Tracklet ${id}`,
    };
  }
  const cone = coordinates(rest);
  if (cone) {
    const r = params.r ?? cone.r;
    const radius = Math.min(r === undefined ? 10 : radiusArcsec(r), 18000);
    return {
      action: "conesearch",
      endpoint: "conesearch",
      params: { ra: cone.ra, dec: cone.dec, radius, ...dates },
      title: `Cone search at RA ${cone.ra.toFixed(5)}°, Dec ${cone.dec.toFixed(5)}°, ` +
        `radius ${radius}″`,
    };
  }
  if (params.class !== undefined && rest.length === 0) {
    const cls = params.class.trim();
    if (!cls) throw new QueryError("Empty class: write class=<name>, e.g. class=SN candidate");
    if (cls.toLowerCase() === "anomaly") {
      const p: Record<string, string | number> = { n };
      if (dates.startdate) p.start_date = dates.startdate;
      if (dates.stopdate) p.stop_date = dates.stopdate;
      return { action: "anomaly", endpoint: "anomaly", params: p, title: "Anomalies" };
    }
    const p: Record<string, string | number> = { class: cls, n, ...dates };
    if (params.trend) p.trend = params.trend;
    return { action: "class", endpoint: "latests", params: p, title: `Class ${cls}` };
  }
  if (rest.length === 1 || (rest.length > 1 && rest.every((t) => /^[a-z0-9()'_-]+$/i.test(t)))) {
    const name = rest.join(" ");
    return {
      action: "name",
      endpoint: "resolver",
      params: { resolver: "ssodnet", name, nmax: 1 },
      title: name,
    };
  }
  throw new QueryError(
    `Cannot understand ${JSON.stringify(text.trim())}: give an object id (ZTF25abxvhmk), ` +
      `coordinates (26.73 -15.37 r=30), class=<name>, an asteroid number or name, or a tracklet id`,
  );
}

/**
 * Turn the answer of a `name` query's resolver call into the SSO query it stands for, or
 * undefined when the name is unknown.
 *
 * @example
 * ```ts
 * import { nameLookup } from "./query.ts";
 * const q = nameLookup("8467", [{ "i:ssnamenr": "8467", "i:name": "Benoitcarry" }]);
 * console.assert(q?.endpoint === "sso");
 * ```
 */
export function nameLookup(
  name: string,
  rows: Record<string, unknown>[],
): ParsedQuery | undefined {
  const ssn = [...new Set(rows.map((r) => String(r["i:ssnamenr"] ?? "")).filter((s) => s))];
  if (ssn.length === 0) return undefined;
  const label = rows[0]["i:name"] ? `${rows[0]["i:number"] ?? ""} ${rows[0]["i:name"]}` : name;
  return {
    action: "sso",
    endpoint: "sso",
    params: { n_or_d: ssn.join(",") },
    title: `Asteroid ${label.trim()}`,
  };
}
