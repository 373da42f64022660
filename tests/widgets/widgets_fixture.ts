/**
 * Fixture builder for the widget tests: real ZTF light curves from the sample parquet files in
 * data/sample (copied from /work/shared/data), turned into Apache Arrow tables with Fink's
 * column names, as the query layer returns them.
 */
import { parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { type Table, tableFromArrays } from "apache-arrow";

const SLSN = new URL(
  "../../data/sample/fink-filters/fink_filters/data/few_SLSN_alerts.parquet",
  import.meta.url,
);
const PORTAL = new URL(
  "../../data/sample/fink-science/fink_science/data/alerts/superluminous_test_alerts.parquet",
  import.meta.url,
);

// deno-lint-ignore no-explicit-any
type Row = Record<string, any>;

async function readRows(url: URL, columns: string[]): Promise<Row[]> {
  const file = (await Deno.readFile(url)).buffer as ArrayBuffer;
  return await parquetReadObjects({ file, compressors, columns }) as Row[];
}

/**
 * The light curve (candidate + prv_candidates, upper limits included) of the alert of
 * `objectId` with the longest history, as an Arrow table with `i:` columns and `d:tag`.
 */
export async function lightCurveTable(
  objectId = "ZTF25aaqvqvd",
  source: "slsn" | "portal" = "slsn",
): Promise<Table> {
  const rows = (await readRows(source === "slsn" ? SLSN : PORTAL, [
    "objectId",
    "candidate",
    "prv_candidates",
    "cdsxmatch",
  ])).filter((r) => r.objectId === objectId);
  if (rows.length === 0) throw new Error(`no alert of ${objectId} in the sample`);
  rows.sort((a, b) => (b.prv_candidates?.length ?? 0) - (a.prv_candidates?.length ?? 0));
  const best = rows[0];
  const points: Row[] = [...(best.prv_candidates ?? []), best.candidate];
  const seen = new Set<string>();
  const uniq = points.filter((p) => {
    const key = `${p.jd}:${p.fid}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const f64 = (k: string) => Float64Array.from(uniq, (p) => (p[k] == null ? NaN : Number(p[k])));
  return tableFromArrays({
    "i:objectId": uniq.map(() => objectId),
    "i:candid": BigInt64Array.from(uniq, (p) => BigInt(p.candid ?? 0)),
    "i:jd": f64("jd"),
    "i:fid": Int32Array.from(uniq, (p) => Number(p.fid)),
    "i:magpsf": f64("magpsf"),
    "i:sigmapsf": f64("sigmapsf"),
    "i:diffmaglim": f64("diffmaglim"),
    "i:magnr": f64("magnr"),
    "i:sigmagnr": f64("sigmagnr"),
    "i:distnr": f64("distnr"),
    "i:isdiffpos": uniq.map((p) => p.isdiffpos ?? "t"),
    "i:ra": f64("ra"),
    "i:dec": f64("dec"),
    "d:tag": uniq.map((p) => (p.magpsf == null ? "upperlim" : "valid")),
    "v:classification": uniq.map(() => best.cdsxmatch ?? "Unknown"),
  });
}

/** Positions and classes of every alert of both portal-era sample files (sky map fixture). */
export async function skyAlerts(): Promise<
  { ra: number[]; dec: number[]; cls: string[]; objectId: string[] }
> {
  const out = {
    ra: [] as number[],
    dec: [] as number[],
    cls: [] as string[],
    objectId: [] as string[],
  };
  for (const url of [SLSN, PORTAL]) {
    for (const r of await readRows(url, ["objectId", "candidate", "cdsxmatch"])) {
      out.ra.push(r.candidate.ra);
      out.dec.push(r.candidate.dec);
      out.cls.push(r.cdsxmatch ?? "Unknown");
      out.objectId.push(r.objectId);
    }
  }
  return out;
}
