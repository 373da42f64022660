/// <reference lib="dom" />
/**
 * Browser view of the light-curve widget: controls (mode, folding period, cycles, bands),
 * the Plot figure with tooltips, drag-to-zoom (double-click resets).
 *
 * @module
 */
import type { LightCurveColumns } from "../lightcurve_data.ts";
import type {
  LightCurveMode,
  LightCurveView,
  MagnitudeKind,
  ModelCurve,
} from "../lightcurve_view.ts";
import { lightCurvePlot, pointTooltip } from "../plot/lightcurve_plot.ts";
import { axisLabels, LIGHTCURVE_MODES, lightCurvePoints } from "../lightcurve_view.ts";
import { BAND_NAMES } from "../colors.ts";
import { type AnyModel, column, h, type RenderProps, uniqueIds } from "./model.ts";

function readColumns(model: AnyModel): LightCurveColumns {
  return {
    jd: column(model, "jd", Float64Array),
    magpsf: column(model, "magpsf", Float32Array),
    sigmapsf: column(model, "sigmapsf", Float32Array),
    diffmaglim: column(model, "diffmaglim", Float32Array),
    magnr: column(model, "magnr", Float32Array),
    sigmagnr: column(model, "sigmagnr", Float32Array),
    isdiffpos: column(model, "isdiffpos", Int8Array),
    fid: column(model, "fid", Int8Array),
    tag: column(model, "tag", Uint8Array),
    candid: (model.get("candid") as string[] | null) ?? [],
    objectId: String(model.get("objectId") ?? ""),
    sourceBehind: Boolean(model.get("sourceBehind")),
    phaseAngle: model.get("phaseAngle") ? column(model, "phaseAngle", Float32Array) : null,
  };
}

function readModels(model: AnyModel): ModelCurve[] {
  const raw = (model.get("models") as Record<string, unknown>[] | null) ?? [];
  return raw.map((m, i) => ({
    t: columnOf(m.t),
    mag: columnOf(m.mag),
    fid: (m.fid as number | null) ?? null,
    label: String(m.label ?? `model ${i}`),
  }));
}

function columnOf(v: unknown): Float64Array {
  return column({ get: () => v, on() {}, off() {} }, "v", Float64Array);
}

/**
 * Render the light-curve widget into `el`; returns a cleanup function.
 *
 * @example
 * ```ts ignore
 * import { renderLightCurve } from "./lightcurve_view.ts";
 * const cleanup = renderLightCurve({ model, el });
 * ```
 */
export function renderLightCurve({ model, el }: RenderProps): () => void {
  let cols = readColumns(model);
  let models = readModels(model);
  const view: LightCurveView = {
    mode: (model.get("mode") as LightCurveMode) ?? "difference-mag",
    period: (model.get("period") as number | null) ?? null,
    t0: (model.get("t0") as number) ?? 0,
    cycles: (model.get("cycles") as number) ?? 1,
    bands: (model.get("bands") as number[] | null) ?? null,
    xAxis: (model.get("xAxis") as "time" | "phase-angle") ?? "time",
    magnitude: (model.get("magnitude") as MagnitudeKind | null) ?? undefined,
  };
  let zoom: { x: [number, number]; y: [number, number] } | null = null;
  const root = h("div", { class: "finkit-widget finkit-lightcurve" });
  const controls = h("div", { class: "finkit-controls" });
  const figure = h("div", { class: "finkit-figure" });
  const hover = h("div", { class: "finkit-hover" });
  root.append(controls, figure, hover);
  el.replaceChildren(root);

  const mode = h("select", { "data-control": "mode" }) as HTMLSelectElement;
  const periodInput = h("input", {
    type: "number",
    step: "any",
    min: "0",
    placeholder: "period (d)",
    "aria-label": "Folding period (days)",
    "data-control": "period",
  }) as HTMLInputElement;
  const foldBox = h("input", { type: "checkbox", "data-control": "fold" }) as HTMLInputElement;
  const cyclesSel = h("select", {
    "aria-label": "Cycles shown when folded",
    "data-control": "cycles",
  }) as HTMLSelectElement;
  cyclesSel.append(new Option("1 cycle", "1"), new Option("2 cycles", "2"));
  const bandBoxes = h("span", { class: "finkit-bands" });
  const reset = h("button", { type: "button", "data-control": "reset" }, "Reset zoom");

  function buildControls() {
    mode.replaceChildren();
    for (const m of LIGHTCURVE_MODES) {
      // The menu names the quantity as the y axis does (without units).
      const o = new Option(axisLabels({ ...view, mode: m }).y.replace(/ \(.*\)$/, ""), m);
      if (m.startsWith("dc") && !cols.sourceBehind) {
        o.disabled = true;
        o.title = "no reference source under the object (distnr > 1.5 px)";
      }
      mode.append(o);
    }
    mode.value = view.mode ?? "difference-mag";
    // Every digit (the box folds when toggled: a rounded period would smear a short period over
    // years of data), though labels show seven.
    periodInput.value = view.period ? String(view.period) : periodInput.value;
    foldBox.checked = !!view.period;
    cyclesSel.value = String(view.cycles ?? 1);
    bandBoxes.replaceChildren();
    for (const fid of [...new Set(Array.from(cols.fid))].sort()) {
      const box = h("input", { type: "checkbox", "data-band": String(fid) }) as HTMLInputElement;
      box.checked = !view.bands || view.bands.includes(fid);
      box.addEventListener("change", () => {
        const on = [...bandBoxes.querySelectorAll("input")]
          .filter((b) => (b as HTMLInputElement).checked)
          .map((b) => Number((b as HTMLInputElement).dataset.band));
        view.bands = on;
        draw();
      });
      bandBoxes.append(h("label", {}, box, BAND_NAMES[fid] ?? `fid ${fid}`));
    }
  }
  // Modes and folding are about time: a phase-angle view (an asteroid's reduced magnitudes
  // against its phase angle) offers the bands and the zoom only.
  if (view.xAxis === "phase-angle") controls.append(bandBoxes, reset);
  else {
    controls.append(
      h("label", {}, "Mode ", mode),
      h("label", {}, foldBox, "Fold, P = ", periodInput, " d"),
      cyclesSel,
      bandBoxes,
      reset,
    );
  }
  mode.addEventListener("change", () => {
    view.mode = mode.value as LightCurveMode;
    zoom = null;
    draw();
  });
  const applyFold = () => {
    const p = Number(periodInput.value);
    view.period = foldBox.checked && p > 0 ? p : null;
    zoom = null;
    draw();
  };
  foldBox.addEventListener("change", applyFold);
  const foldAtInput = () => {
    if (Number(periodInput.value) > 0) foldBox.checked = true;
    applyFold();
  };
  periodInput.addEventListener("change", foldAtInput);
  // Enter folds at once (JupyterLab takes Enter for its own shortcuts before `change` fires).
  periodInput.addEventListener("keydown", (e) => {
    if (e.key !== "Enter") return;
    e.preventDefault();
    e.stopPropagation();
    foldAtInput();
  });
  cyclesSel.addEventListener("change", () => {
    view.cycles = Number(cyclesSel.value);
    zoom = null;
    draw();
  });
  reset.addEventListener("click", () => {
    zoom = null;
    draw();
  });

  function draw() {
    const width = Math.max(
      320,
      Math.min(Number(model.get("width") ?? 640), el.clientWidth || 9999),
    );
    const svg = lightCurvePlot(cols, view, models, {
      width,
      height: Number(model.get("height") ?? 400),
      xDomain: zoom?.x ?? null,
      yDomain: zoom?.y ?? null,
      title: String(model.get("title") ?? cols.objectId),
    });
    figure.replaceChildren(uniqueIds(svg));
    attachZoom(svg);
    attachHover(svg);
    root.dataset.mode = view.mode ?? "difference-mag";
    root.dataset.folded = String(!!view.period);
  }

  function attachZoom(svg: SVGSVGElement) {
    const plot = svg as SVGSVGElement & {
      scale(name: string): { invert?(v: number): number } | undefined;
    };
    const sx = plot.scale("x");
    const sy = plot.scale("y");
    if (!sx?.invert || !sy?.invert) return;
    let start: [number, number] | null = null;
    const rect = document.createElementNS("http://www.w3.org/2000/svg", "rect");
    rect.setAttribute("fill", "rgba(70,130,180,0.15)");
    rect.setAttribute("stroke", "steelblue");
    const local = (e: MouseEvent): [number, number] => {
      const r = svg.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top];
    };
    svg.addEventListener("mousedown", (e) => {
      start = local(e);
      svg.append(rect);
    });
    svg.addEventListener("mousemove", (e) => {
      if (!start) return;
      const [x, y] = local(e);
      rect.setAttribute("x", String(Math.min(x, start[0])));
      rect.setAttribute("y", String(Math.min(y, start[1])));
      rect.setAttribute("width", String(Math.abs(x - start[0])));
      rect.setAttribute("height", String(Math.abs(y - start[1])));
    });
    svg.addEventListener("mouseup", (e) => {
      if (!start) return;
      const [x, y] = local(e);
      const s = start;
      start = null;
      rect.remove();
      if (Math.abs(x - s[0]) < 5 || Math.abs(y - s[1]) < 5) return;
      const xs = [sx.invert!(s[0]), sx.invert!(x)].sort((a, b) => a - b) as [number, number];
      const ys = [sy.invert!(s[1]), sy.invert!(y)].sort((a, b) => a - b) as [number, number];
      zoom = { x: xs, y: ys };
      draw();
    });
    svg.addEventListener("dblclick", () => {
      zoom = null;
      draw();
    });
  }

  /** Nearest drawn point under the pointer (grid index over pixel positions), lazily formatted. */
  function attachHover(svg: SVGSVGElement) {
    const plot = svg as SVGSVGElement & {
      scale(name: string): { apply?(v: number): number } | undefined;
    };
    const sx = plot.scale("x")?.apply;
    const sy = plot.scale("y")?.apply;
    if (!sx || !sy) return;
    const p = lightCurvePoints(cols, view);
    const CELL = 10;
    const grid = new Map<number, number[]>();
    const px = new Float32Array(p.x.length);
    const py = new Float32Array(p.x.length);
    for (let k = 0; k < p.x.length; k++) {
      px[k] = sx(p.x[k]);
      py[k] = sy(p.y[k]);
      const key = Math.floor(px[k] / CELL) * 65536 + Math.floor(py[k] / CELL);
      let cell = grid.get(key);
      if (!cell) grid.set(key, cell = []);
      cell.push(k);
    }
    const marker = document.createElementNS("http://www.w3.org/2000/svg", "circle");
    marker.setAttribute("r", "6");
    marker.setAttribute("fill", "none");
    marker.setAttribute("stroke", "#000");
    marker.setAttribute("pointer-events", "none");
    svg.addEventListener("mousemove", (e) => {
      const r = svg.getBoundingClientRect();
      const u = e.clientX - r.left;
      const v = e.clientY - r.top;
      let best = -1;
      let bestD = 100;
      const cu = Math.floor(u / CELL);
      const cv = Math.floor(v / CELL);
      for (let a = cu - 1; a <= cu + 1; a++) {
        for (let b = cv - 1; b <= cv + 1; b++) {
          for (const k of grid.get(a * 65536 + b) ?? []) {
            const d = (px[k] - u) ** 2 + (py[k] - v) ** 2;
            if (d < bestD) [best, bestD] = [k, d];
          }
        }
      }
      if (best < 0) {
        marker.remove();
        return;
      }
      marker.setAttribute("cx", String(px[best]));
      marker.setAttribute("cy", String(py[best]));
      svg.append(marker);
      hover.textContent = pointTooltip(cols, p, best);
    });
    svg.addEventListener("mouseleave", () => marker.remove());
  }

  const onData = () => {
    cols = readColumns(model);
    buildControls();
    draw();
  };
  const onView = () => {
    view.mode = (model.get("mode") as LightCurveMode) ?? view.mode;
    view.period = (model.get("period") as number | null) ?? null;
    view.t0 = (model.get("t0") as number) ?? 0;
    view.cycles = (model.get("cycles") as number) ?? 1;
    view.bands = (model.get("bands") as number[] | null) ?? null;
    zoom = null;
    buildControls();
    draw();
  };
  const onModels = () => {
    models = readModels(model);
    draw();
  };
  for (const k of ["jd", "magpsf", "fid", "tag"]) model.on(`change:${k}`, onData);
  for (const k of ["mode", "period", "t0", "cycles", "bands"]) model.on(`change:${k}`, onView);
  model.on("change:models", onModels);
  buildControls();
  draw();
  return () => {
    for (const k of ["jd", "magpsf", "fid", "tag"]) model.off(`change:${k}`, onData);
    for (const k of ["mode", "period", "t0", "cycles", "bands"]) model.off(`change:${k}`, onView);
    model.off("change:models", onModels);
  };
}
