/**
 * Cutouts as columns of a result: `b:cutout<Kind>_stampData` holding each
 * stamp as a 2-D array (63×63 for ZTF), decoded from the gzipped FITS
 * stamps kept in `ztf.cutouts`.
 *
 * @module
 */
import type { Store } from "../store/store.ts";
import { BadRequestError } from "../../astro/errors.ts";
import { readFits } from "../../astro/fits.ts";
import { javaDoubleToString } from "../../astro/time.ts";
import type { ResultColumns } from "../table/format.ts";

/** A ZTF cutout kind. */
export type CutoutKind = "Science" | "Template" | "Difference";

/** The three kinds, in Fink's order. */
export const CUTOUT_KINDS: readonly CutoutKind[] = ["Science", "Template", "Difference"];

/** `Science|Template|Difference` → that kind; `All`/undefined → all three. */
export function parseCutoutKind(kind: string | undefined): CutoutKind[] {
  if (kind === undefined || kind === "All" || kind === "") return [...CUTOUT_KINDS];
  if ((CUTOUT_KINDS as readonly string[]).includes(kind)) return [kind as CutoutKind];
  throw new BadRequestError("cutoutKind", kind, "choose among Science, Template, Difference, All");
}

/**
 * The columns to read for rows that get cutouts: finkit finds a row's stamps
 * in `ztf.cutouts` by `i:objectId` and `i:jd`, so `i:jd` is added to columns
 * that lack it, and `jdAdded` says to drop it again from the answer.
 */
export function withStampKey(
  columns: string[] | undefined,
  kinds: CutoutKind[],
): { columns: string[] | undefined; jdAdded: boolean } {
  const jdAdded = kinds.length > 0 && columns !== undefined && !columns.includes("i:jd");
  return { columns: jdAdded ? [...columns!, "i:jd"] : columns, jdAdded };
}

/** Decode one gzipped FITS stamp into rows (row 0 = first FITS row). */
export function stampToArray(stamp: Uint8Array): number[][] {
  const hdu = readFits(stamp)[0];
  if (!hdu?.image) throw new Error("the stamp has no image");
  return hdu.image.toRows();
}

/**
 * Add one `b:cutout<Kind>_stampData` column per kind: each row's stamp from
 * `ztf.cutouts` (`objectId_jd`), null for rows without one (history rows,
 * upper limits). A stamp that cannot be decoded is null as well.
 */
export async function addCutoutColumns(
  store: Store,
  r: ResultColumns,
  kinds: CutoutKind[],
): Promise<void> {
  const oid = r.get("i:objectId") ?? [];
  const jd = r.num("i:jd");
  const keys = [...Array(r.length).keys()].map((i) =>
    oid[i] && Number.isFinite(jd[i]) ? `${oid[i]}_${javaDoubleToString(jd[i])}` : ""
  );
  const columns = kinds.map((k) => `b:cutout${k}_stampData`);
  const unique = [...new Set(keys.filter((k) => k !== ""))];
  const rows = new Map(
    (await store.getMany("ztf.cutouts", unique, { columns })).map((x) => [x.key, x]),
  );
  for (const column of columns) {
    const values = keys.map((k) => {
      const row = rows.get(k);
      const i = row ? row.columns.indexOf(column) : -1;
      if (!row || i < 0) return null;
      try {
        return stampToArray(row.values[i]);
      } catch {
        return null;
      }
    });
    r.set(column, values, "array2d");
  }
}
