/// <reference lib="dom" />
/**
 * Browser view of the sky map: SVG background (outline, graticule, Galactic plane, credible
 * region, cone) with alerts painted on a canvas (fast for 100,000 alerts), nearest-alert
 * tooltip, drag-to-zoom (double-click resets), projection switch.
 *
 * @module
 */
import { classColor } from "../colors.ts";
import { type SkyData, skySVG, skyTransform, type SkyView } from "../plot/sky_svg.ts";
import { projectSky, SKY_PROJECTIONS, type SkyProjection } from "../projection.ts";
import { type AnyModel, column, h, type RenderProps, uniqueIds } from "./model.ts";

function readData(model: AnyModel): SkyData & { objectId: string[] } {
  const ra = column(model, "regionRa", Float64Array);
  return {
    ra: column(model, "ra", Float64Array),
    dec: column(model, "dec", Float64Array),
    classIndex: column(model, "classIndex", Uint16Array),
    classes: (model.get("classes") as string[]) ?? [],
    objectId: (model.get("objectId") as string[]) ?? [],
    cone: (model.get("cone") as SkyData["cone"]) ?? null,
    region: ra.length
      ? {
        ra,
        dec: column(model, "regionDec", Float64Array),
        nside: Number(model.get("regionNside")),
      }
      : null,
  };
}

/**
 * Render the sky widget into `el`; returns a cleanup function.
 *
 * @example
 * ```ts ignore
 * import { renderSky } from "./sky_view.ts";
 * renderSky({ model, el });
 * ```
 */
export function renderSky({ model, el }: RenderProps): () => void {
  let data = readData(model);
  const view: SkyView = {
    projection: (model.get("projection") as SkyProjection) ?? "hammer",
    centerRa: Number(model.get("centerRa") ?? 0),
    zoom: (model.get("zoom") as SkyView["zoom"]) ?? null,
    galacticPlane: model.get("galacticPlane") !== false,
  };
  const width = Number(model.get("width") ?? 640);
  const height = Number(model.get("height") ?? 364);
  const root = h("div", { class: "finkit-widget finkit-sky" });
  const controls = h("div", { class: "finkit-controls" });
  const stage = h("div", {
    class: "finkit-figure",
    style: `position:relative;width:${width}px;height:${height}px`,
  });
  const hover = h("div", { class: "finkit-hover" });
  root.append(controls, stage, hover);
  el.replaceChildren(root);
  const proj = h("select", { "data-control": "projection" }) as HTMLSelectElement;
  for (const p of SKY_PROJECTIONS) proj.append(new Option(p[0].toUpperCase() + p.slice(1), p));
  proj.value = view.projection ?? "hammer";
  const gal = h("input", { type: "checkbox", "data-control": "galactic" }) as HTMLInputElement;
  gal.checked = view.galacticPlane ?? true;
  const reset = h("button", { type: "button", "data-control": "reset" }, "Reset zoom");
  controls.append(
    h("label", {}, "Projection ", proj),
    h("label", {}, gal, "Galactic plane"),
    reset,
  );

  let xy: { x: Float64Array; y: Float64Array } = { x: new Float64Array(0), y: new Float64Array(0) };
  let grid = new Map<number, number[]>();
  const CELL = 8;
  function draw() {
    const t = skyTransform(view, width, height);
    stage.innerHTML = skySVG(data, view, {
      width,
      height,
      points: false,
      title: String(model.get("title") ?? ""),
    });
    uniqueIds(stage);
    const canvas = h("canvas", {
      style: `position:absolute;left:0;top:0;width:${width}px;height:${height}px`,
    }) as HTMLCanvasElement;
    const dpr = globalThis.devicePixelRatio || 1;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    stage.append(canvas);
    const ctx = canvas.getContext("2d")!;
    ctx.scale(dpr, dpr);
    const [ax, ay, aw, ah] = t.area;
    ctx.beginPath();
    ctx.rect(ax, ay, aw, ah);
    ctx.clip();
    xy = projectSky(data.ra, data.dec, view);
    grid = new Map();
    const n = data.ra.length;
    const byClass = new Map<number, number[]>();
    const px = new Float32Array(n);
    const py = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const [u, v] = t.toPx(xy.x[i], xy.y[i]);
      px[i] = u;
      py[i] = v;
      const k = Math.min(data.classIndex[i], 10);
      let list = byClass.get(k);
      if (!list) byClass.set(k, list = []);
      list.push(i);
      if (u >= ax && u <= ax + aw && v >= ay && v <= ay + ah) {
        const key = Math.floor(u / CELL) * 4096 + Math.floor(v / CELL);
        let cell = grid.get(key);
        if (!cell) grid.set(key, cell = []);
        cell.push(i);
      }
    }
    ctx.globalAlpha = 0.8;
    for (const [k, list] of byClass) {
      ctx.fillStyle = k < 10 ? classColor(k) : "#999";
      for (const i of list) ctx.fillRect(px[i] - 1.5, py[i] - 1.5, 3, 3);
    }
    root.dataset.drawn = String(n);
    attach(canvas, t, px, py);
  }

  function attach(
    canvas: HTMLCanvasElement,
    t: ReturnType<typeof skyTransform>,
    px: Float32Array,
    py: Float32Array,
  ) {
    let start: [number, number] | null = null;
    const box = h("div", {
      style:
        "position:absolute;border:1px solid steelblue;background:rgba(70,130,180,.15);pointer-events:none;display:none",
    });
    stage.append(box);
    const local = (e: MouseEvent): [number, number] => {
      const r = canvas.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top];
    };
    canvas.addEventListener("mousemove", (e) => {
      const [u, v] = local(e);
      if (start) {
        box.style.display = "block";
        box.style.left = `${Math.min(u, start[0])}px`;
        box.style.top = `${Math.min(v, start[1])}px`;
        box.style.width = `${Math.abs(u - start[0])}px`;
        box.style.height = `${Math.abs(v - start[1])}px`;
        return;
      }
      let best = -1;
      let bestD = 36;
      const cu = Math.floor(u / CELL);
      const cv = Math.floor(v / CELL);
      for (let a = cu - 1; a <= cu + 1; a++) {
        for (let b = cv - 1; b <= cv + 1; b++) {
          for (const i of grid.get(a * 4096 + b) ?? []) {
            const d = (px[i] - u) ** 2 + (py[i] - v) ** 2;
            if (d < bestD) [best, bestD] = [i, d];
          }
        }
      }
      if (best < 0) {
        hover.textContent = "";
        return;
      }
      const cls = data.classes[data.classIndex[best]] ?? "";
      hover.textContent = `${data.objectId[best] || `alert ${best}`} — ${cls} — RA ${
        data.ra[best].toFixed(5)
      }°, Dec ${data.dec[best].toFixed(5)}°`;
    });
    // Off the map, no alert is under the pointer: the hover line says nothing.
    canvas.addEventListener("mouseleave", () => hover.textContent = "");
    canvas.addEventListener("mousedown", (e) => {
      start = local(e);
    });
    canvas.addEventListener("mouseup", (e) => {
      if (!start) return;
      const [u, v] = local(e);
      const s = start;
      start = null;
      box.style.display = "none";
      if (Math.abs(u - s[0]) < 5 || Math.abs(v - s[1]) < 5) return;
      const [x0, y0] = t.fromPx(Math.min(u, s[0]), Math.max(v, s[1]));
      const [x1, y1] = t.fromPx(Math.max(u, s[0]), Math.min(v, s[1]));
      view.zoom = [x0, x1, y0, y1];
      draw();
    });
    canvas.addEventListener("dblclick", () => {
      view.zoom = null;
      draw();
    });
  }

  proj.addEventListener("change", () => {
    view.projection = proj.value as SkyProjection;
    view.zoom = null;
    draw();
  });
  gal.addEventListener("change", () => {
    view.galacticPlane = gal.checked;
    draw();
  });
  reset.addEventListener("click", () => {
    view.zoom = null;
    draw();
  });
  const onData = () => {
    data = readData(model);
    draw();
  };
  const onView = () => {
    view.projection = (model.get("projection") as SkyProjection) ?? "hammer";
    view.centerRa = Number(model.get("centerRa") ?? 0);
    view.zoom = (model.get("zoom") as SkyView["zoom"]) ?? null;
    view.galacticPlane = model.get("galacticPlane") !== false;
    proj.value = view.projection;
    gal.checked = view.galacticPlane;
    draw();
  };
  const dataKeys = ["ra", "dec", "classIndex", "cone", "regionRa"];
  const viewKeys = ["projection", "centerRa", "zoom", "galacticPlane"];
  for (const k of dataKeys) model.on(`change:${k}`, onData);
  for (const k of viewKeys) model.on(`change:${k}`, onView);
  draw();
  return () => {
    for (const k of dataKeys) model.off(`change:${k}`, onData);
    for (const k of viewKeys) model.off(`change:${k}`, onView);
  };
}
