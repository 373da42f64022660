/**
 * The sky-map figure as an SVG string (no DOM needed): projection outline, graticule, Galactic
 * plane, GW credible-region pixels, cone-search circle, alerts coloured by class, legend.
 * The browser view draws the same SVG without points and paints points on a canvas with the
 * same transform ({@link skyTransform}).
 *
 * @module
 */
import { classColor, escapeXml } from "../colors.ts";
import {
  circlePoints,
  galacticToEquatorial,
  projectionBounds,
  projectPolyline,
  projectSky,
  type SkyProjection,
} from "../projection.ts";

/** Sky-map data in wire form (see {@link SkyWidget}). */
export interface SkyData {
  /** Right ascensions (degrees). */
  ra: Float64Array;
  /** Declinations (degrees). */
  dec: Float64Array;
  /** Class index of each alert into `classes` (0xffff = none). */
  classIndex: Uint16Array;
  /** Class names, most frequent first. */
  classes: string[];
  /** Cone-search circle. */
  cone?: { ra: number; dec: number; radius: number } | null;
  /** Centres of credible-region pixels (degrees) and their nside. */
  region?: { ra: Float64Array; dec: Float64Array; nside: number; label?: string } | null;
}

/** View settings of a sky map. */
export interface SkyView {
  /** Default "hammer". */
  projection?: SkyProjection;
  /** RA at the map centre (degrees). Default 0 (as healpy's mollview). */
  centerRa?: number;
  /** Zoom box in projection units [x0, x1, y0, y1]; null = whole sky. */
  zoom?: [number, number, number, number] | null;
  /** Draw the Galactic plane. Default true. */
  galacticPlane?: boolean;
}

/**
 * A sentence saying what a sky map shows (its text alternative): the alerts by class, the
 * credible region, the cone, the projection.
 *
 * @example
 * ```ts
 * import { describeSky } from "./sky_svg.ts";
 * const data = { ra: new Float64Array([10, 20]), dec: new Float64Array([0, 5]), classIndex: new Uint16Array([0, 0]), classes: ["SN candidate"] };
 * console.log(describeSky(data, {}));
 * // 2 alerts (SN candidate 2); hammer projection centred on RA 0°, equatorial J2000, Galactic plane dashed.
 * ```
 */
export function describeSky(data: SkyData, view: SkyView): string {
  const counts = new Map<number, number>();
  for (const k of data.classIndex) counts.set(k, (counts.get(k) ?? 0) + 1);
  const byClass = [...counts].sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${data.classes[k] ?? "no class"} ${n}`);
  const n = data.ra.length;
  const parts = [
    n === 0 ? "No alert" : `${n} alert${n === 1 ? "" : "s"} (${byClass.join(", ")})`,
  ];
  if (data.region && data.region.ra.length) {
    parts.push(
      `${data.region.label ?? "credible region"}: ${data.region.ra.length} HEALPix pixels ` +
        `(nside ${data.region.nside})`,
    );
  }
  if (data.cone) {
    const c = data.cone;
    parts.push(
      `cone of ${+c.radius.toPrecision(3)}° around RA ${+c.ra.toFixed(4)}°, Dec ${+c.dec.toFixed(
        4,
      )}°`,
    );
  }
  parts.push(
    `${view.projection ?? "hammer"} projection centred on RA ${view.centerRa ?? 0}°, ` +
      `equatorial J2000${(view.galacticPlane ?? true) ? ", Galactic plane dashed" : ""}`,
  );
  return `${parts.join("; ")}.`;
}

/** Pixel transform of a sky view. */
export interface SkyTransform {
  /** Projection units → SVG pixels. */
  toPx(x: number, y: number): [number, number];
  /** SVG pixels → projection units. */
  fromPx(px: number, py: number): [number, number];
  /** Pixels per projection unit. */
  scale: number;
  /** Plot area [left, top, width, height] in pixels. */
  area: [number, number, number, number];
}

/** Height of the legend strip. */
export const LEGEND_HEIGHT = 44;

/** Below this width (px) the map's key (Galactic plane, region, cone) joins the legend. */
const KEY_BELOW_WIDTH = 480;

/**
 * The transform for a figure of `width` × `height` pixels.
 *
 * @example
 * ```ts
 * import { skyTransform } from "./sky_svg.ts";
 * const t = skyTransform({}, 640, 364);
 * const [px, py] = t.toPx(0, 0);
 * console.assert(Math.abs(px - 320) < 1e-9);
 * ```
 */
export function skyTransform(view: SkyView, width: number, height: number): SkyTransform {
  const [bx, by] = projectionBounds(view.projection ?? "hammer");
  const m = 8;
  const area: [number, number, number, number] = [
    m,
    m,
    width - 2 * m,
    height - 2 * m - LEGEND_HEIGHT,
  ];
  const [x0, x1, y0, y1] = view.zoom ?? [-bx, bx, -by, by];
  const scale = Math.min(area[2] / (x1 - x0), area[3] / (y1 - y0));
  const cx = area[0] + area[2] / 2;
  const cy = area[1] + area[3] / 2;
  const mx = (x0 + x1) / 2;
  const my = (y0 + y1) / 2;
  return {
    toPx: (x, y) => [cx + (x - mx) * scale, cy - (y - my) * scale],
    fromPx: (px, py) => [mx + (px - cx) / scale, my - (py - cy) / scale],
    scale,
    area,
  };
}

function pathOf(parts: [number[], number[]][], t: SkyTransform): string {
  let d = "";
  for (const [xs, ys] of parts) {
    for (let i = 0; i < xs.length; i++) {
      const [px, py] = t.toPx(xs[i], ys[i]);
      d += `${i ? "L" : "M"}${px.toFixed(1)},${py.toFixed(1)}`;
    }
  }
  return d;
}

function range(a: number, b: number, step: number): number[] {
  const out: number[] = [];
  for (let v = a; v <= b + 1e-9; v += step) out.push(v);
  return out;
}

/**
 * Render a sky map as a standalone SVG string.
 *
 * @param options `width` (640), `height` (width/2 + legend), `points` (draw alerts, default true),
 *   `maxPoints` (stride-subsample beyond this many, default Infinity), `title`
 * @example
 * ```ts
 * import { skySVG } from "./sky_svg.ts";
 * const svg = skySVG({ ra: new Float64Array([10]), dec: new Float64Array([20]), classIndex: new Uint16Array([0]), classes: ["SN candidate"] }, {});
 * console.assert(svg.includes("<circle"));
 * ```
 */
export function skySVG(
  data: SkyData,
  view: SkyView,
  options: {
    width?: number;
    height?: number;
    points?: boolean;
    maxPoints?: number;
    title?: string;
  } = {},
): string {
  const width = options.width ?? 640;
  const height = options.height ?? Math.round(width / 2) + LEGEND_HEIGHT;
  const proj = view.projection ?? "hammer";
  const centerRa = view.centerRa ?? 0;
  const po = { projection: proj, centerRa };
  const t = skyTransform(view, width, height);
  const [bx, by] = projectionBounds(proj);
  const [ex, ey] = t.toPx(0, 0);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="finkit-sky" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="10" role="img" aria-label="${
      escapeXml(options.title || "Sky map")
    }" aria-description="${escapeXml(describeSky(data, view))}">`,
  );
  const [ax, ay, aw, ah] = t.area;
  // Named after its box: maps of other sizes on one page (a published notebook) keep their own.
  const clipId = `finkit-sky-clip-${[ax, ay, aw, ah].map((v) => Math.round(v)).join("-")}`;
  out.push(
    `<defs><clipPath id="${clipId}"><rect x="${ax}" y="${ay}" width="${aw}" height="${ah}"/></clipPath></defs>`,
  );
  out.push(`<g clip-path="url(#${clipId})">`);
  out.push(
    `<ellipse class="sky-outline" cx="${ex.toFixed(1)}" cy="${ey.toFixed(1)}" rx="${
      (bx * t.scale).toFixed(1)
    }" ry="${(by * t.scale).toFixed(1)}" fill="#f8f9fb" stroke="#888"/>`,
  );
  // Graticule: meridians every 30°, parallels every 30°.
  const grat: [number[], number[]][] = [];
  for (const ra of range(0, 330, 30)) {
    const decs = range(-90, 90, 2);
    grat.push(...projectPolyline(decs.map(() => ra), decs, po));
  }
  for (const dec of [-60, -30, 0, 30, 60]) {
    const ras = range(centerRa - 179.999, centerRa + 179.999, 2);
    ras.push(centerRa + 179.999);
    grat.push(...projectPolyline(ras, ras.map(() => dec), po));
  }
  out.push(
    `<path class="graticule" d="${pathOf(grat, t)}" fill="none" stroke="#ccc" stroke-width="0.6"/>`,
  );
  for (const ra of range(0, 330, 60)) {
    const [[xs, ys]] = projectPolyline([ra, ra], [0, 0.001], po);
    const [px, py] = t.toPx(xs[0], ys[0]);
    out.push(
      `<text x="${(px + 2).toFixed(1)}" y="${(py - 3).toFixed(1)}" fill="#777">${ra / 15}h</text>`,
    );
  }
  // Declination labels along the central meridian.
  for (const dec of [-60, -30, 30, 60]) {
    const [[xs, ys]] = projectPolyline([centerRa, centerRa], [dec, dec + 0.001], po);
    const [px, py] = t.toPx(xs[0], ys[0]);
    out.push(
      `<text class="dec-label" x="${(px + 2).toFixed(1)}" y="${(py - 3).toFixed(1)}" fill="#777">${
        dec > 0 ? "+" : "−"
      }${Math.abs(dec)}°</text>`,
    );
  }
  if (view.galacticPlane ?? true) {
    const ras: number[] = [];
    const decs: number[] = [];
    for (const l of range(0, 360, 1)) {
      const [r, d] = galacticToEquatorial(l, 0);
      ras.push(r);
      decs.push(d);
    }
    out.push(
      `<path class="galactic-plane" d="${
        pathOf(projectPolyline(ras, decs, po), t)
      }" fill="none" stroke="#b07aa1" stroke-width="1.2" stroke-dasharray="5,3"/>`,
    );
  }
  if (data.region && data.region.ra.length) {
    const size = Math.max(
      1,
      Math.sqrt(4 * Math.PI / (12 * data.region.nside ** 2)) * t.scale * 1.1,
    );
    const { x, y } = projectSky(data.region.ra, data.region.dec, po);
    let d = "";
    for (let i = 0; i < x.length; i++) {
      const [px, py] = t.toPx(x[i], y[i]);
      d += `M${(px - size / 2).toFixed(1)},${(py - size / 2).toFixed(1)}h${size.toFixed(1)}v${
        size.toFixed(1)
      }h${(-size).toFixed(1)}z`;
    }
    out.push(
      `<path class="credible-region" d="${d}" fill="#d62728" fill-opacity="0.35" stroke="none"/>`,
    );
  }
  if (data.cone) {
    const [r, d] = circlePoints(data.cone.ra, data.cone.dec, data.cone.radius, 180);
    out.push(
      `<path class="cone" d="${
        pathOf(projectPolyline(r, d, po), t)
      }" fill="none" stroke="#1f77b4" stroke-width="1.5"/>`,
    );
  }
  if (options.points ?? true) {
    const n = data.ra.length;
    const max = options.maxPoints ?? Infinity;
    const stride = n > max ? Math.ceil(n / max) : 1;
    const { x, y } = projectSky(data.ra, data.dec, po);
    const parts: string[] = [];
    for (let i = 0; i < n; i += stride) {
      const [px, py] = t.toPx(x[i], y[i]);
      const k = data.classIndex[i];
      const color = k < 10 ? classColor(k) : "#999";
      parts.push(`<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="2.2" fill="${color}"/>`);
    }
    out.push(`<g class="alerts" fill-opacity="0.8" stroke="none">${parts.join("")}</g>`);
  }
  out.push(`</g>`);
  // Key of the map's lines and areas: glyph (SVG text) and label.
  const key: [string, string][] = [];
  if (view.galacticPlane ?? true) {
    key.push([`<tspan fill="#b07aa1" font-weight="bold">– –</tspan>`, "Galactic plane"]);
  }
  if (data.region && data.region.ra.length) {
    key.push([
      `<tspan fill="#d62728" fill-opacity="0.6">■</tspan>`,
      data.region.label ?? "credible region",
    ]);
  }
  if (data.cone) {
    key.push([`<tspan fill="#1f77b4">◯</tspan>`, `cone ${+data.cone.radius.toPrecision(3)}°`]);
  }
  // On a narrow map (a phone) the sky fills the width and its corners hold no key: the key
  // joins the legend under the map.
  const keyBelow = width < KEY_BELOW_WIDTH;
  // Legend: the classes (and the key, below a narrow map), in rows.
  const ly = height - LEGEND_HEIGHT + 14;
  let lx = 10;
  let row = 0;
  const names = data.classes.slice(0, 10);
  if (data.classes.length > 10) names.push("Other");
  // The key first (class legend-key): a page that lists the classes itself keeps it in view.
  const items: [glyph: string, label: string, keyItem: boolean][] = keyBelow
    ? key.map(([glyph, label]) => [`<text x="-4" y="3.5">${glyph}</text>`, label, true])
    : [];
  names.forEach((name, k) => {
    items.push([`<circle r="4" fill="${k < 10 ? classColor(k) : "#999"}"/>`, name, false]);
  });
  for (const [glyph, label, keyItem] of items) {
    const w = 22 + 6.2 * label.length + (keyItem ? 8 : 0);
    if (lx + w > width - 10 && lx > 10) {
      lx = 10;
      row += 1;
    }
    out.push(
      `<g class="legend-item${keyItem ? " legend-key" : ""}" transform="translate(${lx},${
        ly + 15 * row
      })">${glyph}<text x="${keyItem ? 16 : 8}" y="3.5">${escapeXml(label)}</text></g>`,
    );
    lx += w;
  }
  if (options.title) {
    out.push(
      `<text x="10" y="18" font-weight="bold" font-size="12">${escapeXml(options.title)}</text>`,
    );
  }
  if (!keyBelow) {
    key.forEach(([glyph, label], k) => {
      // One item per line in the top-right corner, which the all-sky outline leaves free.
      out.push(
        `<text class="sky-key" x="${width - 10}" y="${
          18 + 13 * k
        }" text-anchor="end" fill="#444" stroke="#fff" stroke-width="3" paint-order="stroke">${glyph} ${
          escapeXml(label)
        }</text>`,
      );
    });
  }
  // The coordinate system (bottom right).
  out.push(
    `<text class="sky-axes" x="${width - 10}" y="${
      height - LEGEND_HEIGHT - 2
    }" text-anchor="end" fill="#777" stroke="#fff" stroke-width="3" paint-order="stroke">RA (h) increasing to the left, Dec (°), equatorial J2000</text>`,
  );
  out.push(`</svg>`);
  return out.join("");
}
