/**
 * Shared helpers of the query tests: the sample store (built once into a
 * temporary cache shared by the test files) and independent reads of the
 * sample files (hyparquet, INVENTORY.json) from which expectations are derived.
 */
import { parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { connect, type FinkClient } from "../../query/client.ts";
import { mulberry32 } from "../../fit/periodogram/fap.ts";

/** Cache folder shared by the query tests (the sample store is built once, ~8 s). */
export const CACHE_DIR = `${Deno.env.get("TMPDIR") ?? "/tmp"}/finkit-query-tests`;

/** Run `fn` with a client on the sample store, closing it afterwards. */
export async function withFink<T>(fn: (fink: FinkClient) => Promise<T>): Promise<T> {
  const fink = await connect(undefined, { cacheDir: CACHE_DIR });
  try {
    return await fn(fink);
  } finally {
    await fink.close();
  }
}

/** One entry of tests/fixtures/INVENTORY.json. */
export interface InventoryFile {
  file: string;
  format: string;
  rows?: number;
  derivedClasses?: Record<string, number>;
  perObject?: Record<
    string,
    { alerts: number; classes: string[]; firstJd: number; lastJd: number }
  >;
  dateRange?: [string, string];
}

/** The sample inventory. */
export const INVENTORY: InventoryFile[] = JSON.parse(
  Deno.readTextFileSync(new URL("../fixtures/INVENTORY.json", import.meta.url)),
);

/** Files (relative to data/sample) holding alerts of an object, from the inventory. */
export function filesOf(objectId: string): InventoryFile[] {
  return INVENTORY.filter((f) => f.perObject && objectId in f.perObject);
}

/** A raw alert read with hyparquet: objectId, candid, candidate and history. */
export interface RawAlert {
  objectId: string;
  candid: bigint;
  candidate: Record<string, unknown>;
  prv_candidates: Record<string, unknown>[] | null;
}

/**
 * Rows of a sample Parquet file (`data/sample/<relative>`), read directly with
 * hyparquet; `utf8: false` keeps byte columns as bytes (the stamps).
 */
export async function readSampleParquet(
  relative: string,
  columns?: string[],
  options: { utf8?: boolean } = {},
): Promise<Record<string, unknown>[]> {
  const bytes = await Deno.readFile(new URL(`../../data/sample/${relative}`, import.meta.url));
  return await parquetReadObjects({
    file: bytes.slice().buffer as ArrayBuffer,
    columns,
    compressors,
    utf8: options.utf8 ?? true,
  });
}

const rawCache = new Map<string, Promise<RawAlert[]>>();

/** Alerts of a sample Parquet file, read directly with hyparquet (no finkit code). */
export function readRawAlerts(relative: string): Promise<RawAlert[]> {
  let p = rawCache.get(relative);
  if (!p) {
    p = (async () => {
      const rows = await readSampleParquet(relative, [
        "objectId",
        "candid",
        "candidate",
        "prv_candidates",
      ]);
      return rows.map((r) => ({
        objectId: String(r.objectId),
        candid: BigInt((r.candid ?? (r.candidate as Record<string, unknown>).candid) as bigint),
        candidate: r.candidate as Record<string, unknown>,
        prv_candidates: r.prv_candidates as Record<string, unknown>[] | null,
      }));
    })();
    rawCache.set(relative, p);
  }
  return p;
}

/** Fink's science-DB cut, written here independently: rb ≥ 0.55 and nbad = 0. */
export function goodQuality(c: Record<string, unknown>): boolean {
  return typeof c.rb === "number" && c.rb >= 0.55 && c.nbad !== null && Number(c.nbad) === 0;
}

/** Expected light-curve points of an object from its raw alerts. */
export function expectedPoints(alerts: RawAlert[], objectId: string): {
  valid: Set<number>;
  upper: Set<number>;
  bad: Set<number>;
} {
  const valid = new Set<number>(), upper = new Set<number>(), bad = new Set<number>();
  for (const a of alerts) {
    if (a.objectId !== objectId) continue;
    // The alert itself enters the science tables only when it passes the cut; its
    // history is kept from every alert read, each point judged by its own quality.
    if (goodQuality(a.candidate)) valid.add(Number(a.candidate.jd));
    for (const p of a.prv_candidates ?? []) {
      const jd = Number(p.jd);
      if (p.magpsf === null || p.magpsf === undefined) upper.add(jd);
      else if (goodQuality(p)) valid.add(jd);
      else if (p.rb !== null && p.rb !== undefined) bad.add(jd);
    }
  }
  for (const jd of valid) bad.delete(jd);
  return { valid, upper, bad };
}

/** Seeded PRNG (mulberry32). */
export const prng: (seed: number) => () => number = mulberry32;

/** Great-circle separation in degrees (haversine), written independently of finkit. */
export function haversineDeg(ra1: number, dec1: number, ra2: number, dec2: number): number {
  const r = Math.PI / 180;
  const s = Math.sin((dec2 - dec1) * r / 2) ** 2 +
    Math.cos(dec1 * r) * Math.cos(dec2 * r) * Math.sin((ra2 - ra1) * r / 2) ** 2;
  return 2 * Math.asin(Math.min(1, Math.sqrt(s))) / r;
}
