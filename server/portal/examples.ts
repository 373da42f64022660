/**
 * The search examples the portal shows (the search box's placeholder, the search page's list),
 * taken from the store it serves, so that each example finds something there: an object and its
 * position, a class, an asteroid. Found with the query API (`statistics`, `latests`), the same
 * on every backend.
 *
 * @module
 */
import type { FinkClient } from "../../query/mod.ts";

/** Examples from the store; a kind the store holds none of is absent. */
export interface PortalExamples {
  /** An object id. */
  objectId?: string;
  /** That object's position, degrees (RA, Dec), rounded to 4 decimals. */
  position?: [number, number];
  /** A class with alerts (`SN candidate` when the store has some). */
  className?: string;
  /** An asteroid (ZTF `ssnamenr`). */
  asteroid?: string;
}

/** Classes tried first, in this order: what astronomers come to Fink for. */
const PREFERRED = [
  "SN candidate",
  "Early SN Ia candidate",
  "Kilonova candidate",
  "Microlensing candidate",
  "SLSN candidate",
];

/**
 * Examples that answer on `client`'s store: the preferred class with alerts (else the class
 * with most alerts, `Unknown` last), its latest alert's object and position, and the latest
 * alert of `Solar System MPC`'s asteroid.
 *
 * @example
 * ```ts
 * import { connect } from "../../query/mod.ts";
 * import { storeExamples } from "./examples.ts";
 * const fink = await connect();
 * console.log(await storeExamples(fink)); // { className: "SN candidate", objectId: "ZTF…", … }
 * await fink.close();
 * ```
 */
export async function storeExamples(client: FinkClient): Promise<PortalExamples> {
  const out: PortalExamples = {};
  const stats = await client.statistics({ date: "" });
  const counts = new Map<string, number>();
  for (const field of stats.schema.fields) {
    if (!field.name.startsWith("class:")) continue;
    let n = 0;
    for (const v of stats.getChild(field.name)!.toArray()) n += Number(v ?? 0) || 0;
    if (n > 0) counts.set(field.name.slice(6), n);
  }
  const byCount = [...counts].sort((a, b) => b[1] - a[1]).map(([c]) => c);
  const className = PREFERRED.find((c) => counts.has(c)) ??
    byCount.find((c) => c !== "Unknown") ?? byCount[0];
  if (className) {
    const latest = (await client.latests({ class: className, n: 1 })).get(0);
    if (latest) {
      out.className = className;
      out.objectId = String(latest["i:objectId"]);
      const ra = Number(latest["i:ra"]), dec = Number(latest["i:dec"]);
      if (Number.isFinite(ra) && Number.isFinite(dec)) out.position = [round4(ra), round4(dec)];
    }
  }
  if (counts.has("Solar System MPC")) {
    const sso = (await client.latests({ class: "Solar System MPC", n: 1 })).get(0);
    const name = sso?.["i:ssnamenr"];
    if (name !== undefined && name !== null && String(name) !== "null") out.asteroid = String(name);
  }
  return out;
}

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
