/**
 * `SkyWidget`: alerts on the sphere (Hammer, Mollweide or Aitoff; RA increasing to the left),
 * coloured by class, with tooltips, a cone-search circle, a GW credible region (HEALPix RING
 * pixels), the Galactic plane and zoom to a region.
 *
 * @module
 */
import { pix2ang } from "../astro/healpix.ts";
import { typedBytes } from "./buffers.ts";
import { WidgetDataError } from "./errors.ts";
import type { ArrowTableLike } from "./lightcurve_data.ts";
import { type SkyData, skySVG, type SkyView } from "./plot/sky_svg.ts";
import {
  circlePoints,
  projectPolyline,
  SKY_PROJECTIONS,
  type SkyProjection,
} from "./projection.ts";
import { Widget, type WidgetOptions } from "./widget.ts";

/** Plain-array sky input (Fink column names `i:ra`, `i:dec`, `v:classification`, `i:objectId` work too). */
export interface SkyArrays {
  /** Right ascensions in degrees. */
  ra: ArrayLike<number>;
  /** Declinations in degrees. */
  dec: ArrayLike<number>;
  /** Class of each alert (e.g. `v:classification`). */
  classification?: ArrayLike<string>;
  /** Object id of each alert (tooltip). */
  objectId?: ArrayLike<string>;
}

/** Options of {@link SkyWidget}. */
export interface SkyOptions extends WidgetOptions {
  /** Default "hammer". */
  projection?: SkyProjection;
  /** RA at the centre of the map in degrees. Default 0. */
  centerRa?: number;
  /** Cone-search circle (degrees). Default none. */
  cone?: { ra: number; dec: number; radius: number } | null;
  /** GW credible region: HEALPix RING pixels at `nside` (Fink uses 128). Default none. */
  skymap?: { nside: number; pixels: ArrayLike<number>; label?: string } | null;
  /** Zoom to a circular region (degrees). Default whole sky. */
  region?: { ra: number; dec: number; radius: number } | null;
  /** Draw the Galactic plane. Default true. */
  galacticPlane?: boolean;
  /** Title. Default none. */
  title?: string;
  /** Most points drawn in the static SVG (stride subsampling beyond). Default 20000. */
  maxStaticPoints?: number;
}

function isArrow(x: unknown): x is ArrowTableLike {
  return typeof x === "object" && x !== null &&
    typeof (x as ArrowTableLike).getChild === "function";
}

function columnOf(input: unknown, names: string[]): ArrayLike<unknown> | undefined {
  if (isArrow(input)) {
    for (const n of names) {
      const c = input.getChild(n);
      if (c) return Array.from({ length: c.length }, (_, i) => c.get(i));
    }
    return undefined;
  }
  const o = input as Record<string, ArrayLike<unknown> | undefined>;
  for (const n of names) if (o[n] !== undefined) return o[n];
  return undefined;
}

/** Normalised sky data plus tooltips. */
export interface SkyColumns extends SkyData {
  /** Object ids (tooltips), "" when unknown. */
  objectId: string[];
}

/**
 * Normalise sky input (Arrow table or arrays) into typed columns; classes are sorted by count.
 *
 * @example
 * ```ts
 * import { skyColumns } from "./sky.ts";
 * const s = skyColumns({ ra: [1, 2, 3], dec: [0, 0, 0], classification: ["SN", "QSO", "SN"] });
 * console.assert(s.classes[0] === "SN" && s.classIndex[1] === 1);
 * ```
 */
export function skyColumns(input: ArrowTableLike | SkyArrays): SkyColumns {
  const ra = columnOf(input, ["ra", "i:ra"]);
  const dec = columnOf(input, ["dec", "i:dec"]);
  if (!ra || !dec) {
    throw new WidgetDataError("sky data needs ra and dec columns (ra/i:ra, dec/i:dec)");
  }
  if (ra.length !== dec.length) {
    throw new WidgetDataError(`ra has ${ra.length} values but dec has ${dec.length}`);
  }
  const n = ra.length;
  const cls = columnOf(input, ["classification", "v:classification", "class"]);
  const ids = columnOf(input, ["objectId", "i:objectId"]);
  const counts = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const c = cls ? String(cls[i] ?? "Unknown") : "alert";
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const classes = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map((
    e,
  ) => e[0]);
  const index = new Map(classes.map((c, k) => [c, k]));
  const out: SkyColumns = {
    ra: Float64Array.from({ length: n }, (_, i) => Number(ra[i])),
    dec: Float64Array.from({ length: n }, (_, i) => Number(dec[i])),
    classIndex: Uint16Array.from(
      { length: n },
      (_, i) => index.get(cls ? String(cls[i] ?? "Unknown") : "alert") ?? 0,
    ),
    classes,
    objectId: Array.from({ length: n }, (_, i) => (ids ? String(ids[i] ?? "") : "")),
  };
  for (let i = 0; i < n; i++) {
    if (!(out.dec[i] >= -90 && out.dec[i] <= 90) || !Number.isFinite(out.ra[i])) {
      throw new WidgetDataError(
        `alert ${i} has ra=${out.ra[i]}, dec=${out.dec[i]}; dec must be in [-90, 90]`,
      );
    }
  }
  return out;
}

/**
 * Zoom box (projection units) enclosing a circular region.
 *
 * @example
 * ```ts
 * import { regionZoom } from "./sky.ts";
 * const [x0, x1] = regionZoom({ ra: 0, dec: 0, radius: 10 }, "hammer", 0);
 * console.assert(x0 < 0 && x1 > 0);
 * ```
 */
export function regionZoom(
  region: { ra: number; dec: number; radius: number },
  projection: SkyProjection,
  centerRa: number,
): [number, number, number, number] {
  const [r, d] = circlePoints(region.ra, region.dec, region.radius, 72);
  const parts = projectPolyline(r, d, { projection, centerRa });
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const [xs, ys] of parts) {
    for (const x of xs) [x0, x1] = [Math.min(x0, x), Math.max(x1, x)];
    for (const y of ys) [y0, y1] = [Math.min(y0, y), Math.max(y1, y)];
  }
  return [x0, x1, y0, y1];
}

/**
 * A sky map of alerts.
 *
 * @example
 * ```ts
 * import { SkyWidget } from "./sky.ts";
 * const w = new SkyWidget(
 *   { ra: [10, 200], dec: [20, -30], classification: ["SN candidate", "QSO"] },
 *   { projection: "mollweide", cone: { ra: 10, dec: 20, radius: 5 } },
 * );
 * console.assert(w.toSVG().includes("cone"));
 * ```
 */
export class SkyWidget extends Widget {
  /** The normalised columns. */
  readonly columns: SkyColumns;

  /**
   * Build the widget (credible-region pixels are converted to positions at once).
   *
   * @param data Arrow Table (`i:ra`, `i:dec`, `v:classification`, `i:objectId`) or arrays
   * @param options see {@link SkyOptions}
   */
  constructor(data: ArrowTableLike | SkyArrays, options: SkyOptions = {}) {
    const columns = skyColumns(data);
    const projection = options.projection ?? "hammer";
    if (!SKY_PROJECTIONS.includes(projection)) {
      throw new WidgetDataError(
        `projection ${JSON.stringify(projection)} is not one of ${SKY_PROJECTIONS.join(", ")}`,
      );
    }
    if (options.cone && !(options.cone.radius > 0 && options.cone.radius <= 180)) {
      throw new WidgetDataError(
        `cone radius must be in (0, 180] degrees, got ${options.cone.radius}`,
      );
    }
    if (options.skymap) {
      const nside = options.skymap.nside;
      const npix = 12 * nside * nside;
      const ra = new Float64Array(options.skymap.pixels.length);
      const dec = new Float64Array(options.skymap.pixels.length);
      for (let i = 0; i < ra.length; i++) {
        const pix = Number(options.skymap.pixels[i]);
        if (!(Number.isInteger(pix) && pix >= 0 && pix < npix)) {
          throw new WidgetDataError(
            `skymap pixel ${pix} is not a RING pixel of nside ${nside} (0..${npix - 1})`,
          );
        }
        const a = pix2ang(nside, pix);
        ra[i] = a.ra;
        dec[i] = a.dec;
      }
      columns.region = { ra, dec, nside, label: options.skymap.label };
    }
    columns.cone = options.cone ?? null;
    const centerRa = options.centerRa ?? 0;
    const zoom = options.region ? regionZoom(options.region, projection, centerRa) : null;
    super("sky", {
      ra: typedBytes(columns.ra),
      dec: typedBytes(columns.dec),
      classIndex: typedBytes(columns.classIndex),
      classes: columns.classes,
      objectId: columns.objectId,
      cone: columns.cone,
      regionRa: columns.region ? typedBytes(columns.region.ra) : null,
      regionDec: columns.region ? typedBytes(columns.region.dec) : null,
      regionNside: columns.region?.nside ?? null,
      projection,
      centerRa,
      zoom,
      galacticPlane: options.galacticPlane ?? true,
      title: options.title ?? "",
      width: options.width ?? 640,
      height: options.height ?? Math.round((options.width ?? 640) / 2) + 44,
    }, options);
    this.columns = columns;
  }

  /** Current view settings. */
  get view(): SkyView {
    const s = this.state;
    return {
      projection: s.projection as SkyProjection,
      centerRa: s.centerRa as number,
      zoom: s.zoom as [number, number, number, number] | null,
      galacticPlane: s.galacticPlane as boolean,
    };
  }

  /**
   * Zoom to a circular region (degrees), or back to the whole sky with `null`.
   *
   * @example
   * ```ts
   * import { SkyWidget } from "./sky.ts";
   * const w = new SkyWidget({ ra: [10], dec: [20] });
   * w.zoomTo({ ra: 10, dec: 20, radius: 3 });
   * w.zoomTo(null);
   * ```
   */
  zoomTo(region: { ra: number; dec: number; radius: number } | null): void {
    const v = this.view;
    this.set({
      zoom: region ? regionZoom(region, v.projection ?? "hammer", v.centerRa ?? 0) : null,
    });
  }

  /** The figure as a standalone SVG string. */
  toSVG(): string {
    const s = this.state;
    return skySVG(this.columns, this.view, {
      width: s.width as number,
      height: s.height as number,
      title: s.title as string,
      maxPoints: (this.options as SkyOptions).maxStaticPoints ?? 20000,
    });
  }

  /** One-line description. */
  override describe(): string {
    const c = this.columns;
    return `SkyWidget(${c.ra.length} alerts, ${c.classes.length} classes${
      c.region ? `, ${c.region.ra.length} credible-region pixels` : ""
    })`;
  }
}
