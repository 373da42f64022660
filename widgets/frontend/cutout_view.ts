/// <reference lib="dom" />
/**
 * Browser view of the cutouts: one canvas per stamp, stretch / colour map / percentile
 * controls, pixel value on hover.
 *
 * @module
 */
import {
  type Colormap,
  COLORMAPS,
  flipRows,
  type ImageDisplay,
  renderRGBA,
  type Stretch,
  STRETCHES,
} from "../image.ts";
import { column, h, type RenderProps } from "./model.ts";

/**
 * Render the cutout widget into `el`; returns a cleanup function.
 *
 * @example
 * ```ts ignore
 * import { renderCutout } from "./cutout_view.ts";
 * renderCutout({ model, el });
 * ```
 */
export function renderCutout({ model, el }: RenderProps): () => void {
  const display: ImageDisplay = {
    stretch: (model.get("stretch") as Stretch) ?? "asinh",
    colormap: (model.get("colormap") as Colormap) ?? "gray",
    lower: Number(model.get("lower") ?? 0.5),
    upper: Number(model.get("upper") ?? 99.5),
    vmin: (model.get("vmin") as number | null) ?? null,
    vmax: (model.get("vmax") as number | null) ?? null,
  };
  const root = h("div", { class: "finkit-widget finkit-cutout" });
  const controls = h("div", { class: "finkit-controls" });
  const row = h("div", { style: "display:flex;gap:12px;align-items:flex-start" });
  const hover = h("div", { class: "finkit-hover" });
  // The title the static figure draws (none in the portal, which titles its card itself).
  const title = String(model.get("title") ?? "");
  if (title) root.append(h("div", { class: "finkit-title", style: "font-weight:bold" }, title));
  root.append(controls, row, hover);
  el.replaceChildren(root);
  const stretch = h("select", { "data-control": "stretch" }) as HTMLSelectElement;
  for (const s of STRETCHES) stretch.append(new Option(s, s));
  const cmap = h("select", { "data-control": "colormap" }) as HTMLSelectElement;
  for (const c of COLORMAPS) cmap.append(new Option(c, c));
  const lower = h("input", {
    type: "number",
    step: "0.1",
    min: "0",
    max: "100",
    "aria-label": "Lower limit (percentile)",
    "data-control": "lower",
  }) as HTMLInputElement;
  const upper = h("input", {
    type: "number",
    step: "0.1",
    min: "0",
    max: "100",
    "aria-label": "Upper limit (percentile)",
    "data-control": "upper",
  }) as HTMLInputElement;
  controls.append(
    h("label", {}, "Stretch ", stretch),
    h("label", {}, "Colours ", cmap),
    h("label", {}, "Limits (percentiles) ", lower, " – ", upper),
  );
  const sync = () => {
    stretch.value = display.stretch ?? "asinh";
    cmap.value = display.colormap ?? "gray";
    lower.value = String(display.lower);
    upper.value = String(display.upper);
  };
  function draw() {
    row.replaceChildren();
    const zoom = Number(model.get("zoom") ?? 3);
    const origin = String(model.get("origin") ?? "lower");
    for (const name of (model.get("names") as string[]) ?? []) {
      const [w, hgt] = (model.get(`${name}Shape`) as [number, number]) ?? [0, 0];
      const raw = column(model, `${name}Data`, Float32Array);
      const data = origin === "lower" ? flipRows(raw, w, hgt) : raw;
      let lo = Infinity, hi = -Infinity;
      for (const v of raw) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      const canvas = h("canvas", {
        "data-name": name,
        role: "img",
        "aria-label": `${name} cutout, ${w}×${hgt} pixels` + (lo <= hi
          ? `, values ${lo.toPrecision(4)} to ${hi.toPrecision(4)}`
          : ", no finite value") +
          ` (${display.stretch ?? "asinh"} stretch, ${display.colormap ?? "gray"} colours)`,
        style: `width:${w * zoom}px;height:${
          hgt * zoom
        }px;image-rendering:pixelated;border:1px solid #ddd`,
      }) as HTMLCanvasElement;
      canvas.width = w;
      canvas.height = hgt;
      const ctx = canvas.getContext("2d")!;
      ctx.putImageData(
        new ImageData(renderRGBA(data, display) as Uint8ClampedArray<ArrayBuffer>, w, hgt),
        0,
        0,
      );
      canvas.addEventListener("mousemove", (e) => {
        const x = Math.floor(e.offsetX / zoom);
        const y = Math.floor(e.offsetY / zoom);
        if (x < 0 || y < 0 || x >= w || y >= hgt) return;
        const rowIndex = origin === "lower" ? hgt - 1 - y : y;
        hover.textContent = `${name} [row ${rowIndex}, col ${x}] = ${
          raw[rowIndex * w + x].toPrecision(6)
        }`;
      });
      row.append(h("figure", { style: "margin:0" }, h("figcaption", {}, name), canvas));
    }
  }
  stretch.addEventListener("change", () => {
    display.stretch = stretch.value as Stretch;
    draw();
  });
  cmap.addEventListener("change", () => {
    display.colormap = cmap.value as Colormap;
    draw();
  });
  for (const input of [lower, upper]) {
    input.addEventListener("change", () => {
      display.lower = Number(lower.value);
      display.upper = Number(upper.value);
      display.vmin = null;
      display.vmax = null;
      draw();
    });
  }
  const onChange = () => {
    display.stretch = (model.get("stretch") as Stretch) ?? display.stretch;
    display.colormap = (model.get("colormap") as Colormap) ?? display.colormap;
    display.lower = Number(model.get("lower") ?? display.lower);
    display.upper = Number(model.get("upper") ?? display.upper);
    display.vmin = (model.get("vmin") as number | null) ?? null;
    display.vmax = (model.get("vmax") as number | null) ?? null;
    sync();
    draw();
  };
  const keys = ["stretch", "colormap", "lower", "upper", "vmin", "vmax", "names"];
  for (const k of keys) model.on(`change:${k}`, onChange);
  sync();
  draw();
  return () => {
    for (const k of keys) model.off(`change:${k}`, onChange);
  };
}
