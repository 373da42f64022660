/// <reference lib="dom" />
/**
 * What a finkit figure shows, read from the DOM: the live widget view (`.finkit-widget`, drawn
 * by the anywidget front end) or the static SVG every widget output carries. The same numbers
 * from both say the live view drew every mark the kernel sent. {@link figureStats} runs inside
 * the page (Playwright serialises it), so it is self-contained.
 */

/** Marks and labels of one figure. */
export interface FigureStats {
  /** lightcurve | sky | cutout | periodogram | unknown. */
  kind: string;
  /** Light curves: detections drawn (circles, or counted compact paths). */
  detections: number;
  /** Light curves: upper-limit triangles. */
  limits: number;
  /** Light curves: bad-quality crosses. */
  bad: number;
  /** Light curves: model curves. */
  models: number;
  /** Sky maps: alerts drawn. */
  alerts: number;
  /** Sky maps: credible-region paths + cone paths. */
  regions: number;
  /** Cutouts: stamps drawn (canvases with non-blank pixels, or embedded images). */
  stamps: number;
  /** Plot line marks with a drawn path (periodogram curves, models). */
  lines: number;
  /** x and y axis labels (Plot figures). */
  xLabel: string;
  /** y axis label. */
  yLabel: string;
  /** Width × height of the figure's box in px (0 when not laid out). */
  area: number;
}

/**
 * Statistics of the figure in `root` (a `.finkit-widget` element or an `<svg>`); `kind` is
 * read from the live root's class, or given for a static SVG.
 */
export function figureStats(root: Element, kindHint?: string): FigureStats {
  const cls = root.getAttribute("class") ?? "";
  const kind = kindHint ??
    (["lightcurve", "sky", "cutout", "periodogram"].find((k) => cls.includes(`finkit-${k}`)) ??
      "unknown");
  const q = (sel: string) => Array.from(root.querySelectorAll(sel));
  const label = (axis: string) =>
    (q(`[aria-label="${axis}-axis label"]`)[0]?.textContent ?? "").replace(/[↑↓→←]/g, "")
      .trim();
  const compact = q('[aria-description="detection"] path[data-count]')
    .reduce((s, p) => s + Number(p.getAttribute("data-count")), 0);
  const canvasInk = (c: HTMLCanvasElement) => {
    const ctx = c.getContext("2d");
    if (!ctx || c.width === 0 || c.height === 0) return false;
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const first = [d[0], d[1], d[2], d[3]];
    for (let i = 4; i < d.length; i += 4) {
      if (d[i] !== first[0] || d[i + 1] !== first[1] || d[i + 2] !== first[2]) return true;
    }
    return false;
  };
  const live = root.tagName.toLowerCase() !== "svg";
  const box = root.getBoundingClientRect();
  return {
    kind,
    detections: q('[aria-description="detection"] circle').length + compact,
    limits: q('[aria-description="upper limit"] path').length,
    bad: q('[aria-description="bad quality"] path').length,
    models: q('[aria-description^="model"]').length,
    alerts: live ? Number((root as HTMLElement).dataset?.drawn ?? 0) : q("g.alerts circle").length,
    regions: q("path.credible-region").length + q("path.cone").length,
    stamps: live
      ? (q("canvas") as HTMLCanvasElement[]).filter(canvasInk).length
      : q("image.stamp").length,
    lines: q('[aria-label="line"] path').filter((p) => (p.getAttribute("d") ?? "").length > 20)
      .length,
    xLabel: label("x"),
    yLabel: label("y"),
    area: Math.round(box.width * box.height),
  };
}

/** Static stats of an SVG string, parsed in the page (DOMParser). */
export function staticStats(svg: string, kind: string): FigureStats {
  const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
  return figureStats(doc.documentElement, kind);
}

/** The fields a live view and its static SVG must share, per kind. */
export const SHARED: Record<string, (keyof FigureStats)[]> = {
  // Limits, models and axes follow kernel-side updates made after display (setMode, fold),
  // which the static SVG of the display does not: they are checked on their own.
  lightcurve: ["detections", "bad"],
  sky: ["alerts", "regions"],
  cutout: ["stamps"],
  periodogram: ["xLabel", "yLabel"],
};

/** Why a figure counts as blank, or "" when it shows something. */
export function blankReason(s: FigureStats): string {
  if (s.area < 1000) return `figure box is ${s.area} px²`;
  switch (s.kind) {
    case "lightcurve":
      return s.detections + s.limits + s.bad > 0 ? "" : "no point drawn";
    case "sky":
      return s.alerts + s.regions > 0 ? "" : "no alert or region drawn";
    case "cutout":
      return s.stamps > 0 ? "" : "no stamp drawn";
    case "periodogram":
      return s.lines > 0 ? "" : "no periodogram line";
    default:
      return `unknown figure kind ${s.kind}`;
  }
}
