/// <reference lib="dom" />
/**
 * `GET /<objectId>`: the object page — the light curve (the LightCurveWidget's own front-end
 * view), the three cutouts of a chosen alert (the CutoutWidget's view), the classification and
 * cross-match summary, and the fit tabs (object_fits.ts). Page state (mode, folding, bands,
 * alert, stretch, colour map, tab) lives in the query string.
 *
 * @module
 */
import { renderLightCurve } from "../../../widgets/frontend/lightcurve_view.ts";
import { renderCutout } from "../../../widgets/frontend/cutout_view.ts";
import { type LightCurveColumns, lightCurveColumns } from "../../../widgets/lightcurve_data.ts";
import { LIGHTCURVE_MODES, type LightCurveMode } from "../../../widgets/lightcurve_view.ts";
import { COLORMAPS, STRETCHES } from "../../../widgets/image.ts";
import { formatSexagesimal } from "../../../astro/coordinates.ts";
import { javaDoubleToString } from "../../../astro/time.ts";
import { api, ApiError, apiUrl, readAnswer, type Row } from "./api.ts";
import { LIGHTCURVE_COLUMNS, lightCurveQuery } from "./columns.ts";
import { el, jdToDate, LocalModel, message, setUrlState, urlState } from "./model.ts";
import { fitTabs, urlMode } from "./object_fits.ts";
import { summaryTable } from "./object_summary.ts";

function byColumn(rows: Row[], objectId: string): Record<string, unknown> {
  const out: Record<string, unknown[]> = {};
  for (const key of [...LIGHTCURVE_COLUMNS.split(","), "d:tag"]) out[key] = [];
  for (const r of rows) for (const k of Object.keys(out)) out[k].push(r[k] ?? null);
  return { ...out, objectId };
}

function lightCurveState(cols: LightCurveColumns, width: number): Record<string, unknown> {
  const q = urlState();
  const mode = q.get("mode") as LightCurveMode | null;
  const period = Number(q.get("period"));
  const bands = q.get("bands")?.split(",").map(Number).filter((b) => b > 0) ?? null;
  return {
    kind: "lightcurve",
    ...cols,
    candid: cols.candid,
    // A DC mode needs a reference source under the object (the menu disables it otherwise).
    mode: mode && LIGHTCURVE_MODES.includes(mode) && (cols.sourceBehind || !mode.startsWith("dc"))
      ? mode
      : "difference-mag",
    period: period > 0 ? period : null,
    t0: 0,
    cycles: q.get("cycles") === "2" ? 2 : 1,
    bands,
    width,
    height: Math.max(280, Math.min(420, Math.round(width * 0.6))),
    title: cols.objectId,
    models: [],
  };
}

/** Keep the light curve's controls in the URL. */
function syncLightCurveUrl(root: HTMLElement): void {
  root.addEventListener("change", () => {
    const mode = root.querySelector<HTMLSelectElement>("[data-control=mode]")?.value;
    const fold = root.querySelector<HTMLInputElement>("[data-control=fold]")?.checked;
    const period = root.querySelector<HTMLInputElement>("[data-control=period]")?.value;
    const cycles = root.querySelector<HTMLSelectElement>("[data-control=cycles]")?.value;
    const boxes = [...root.querySelectorAll<HTMLInputElement>("input[data-band]")];
    const on = boxes.filter((b) => b.checked).map((b) => b.dataset.band);
    setUrlState({
      mode: urlMode(mode),
      period: fold && Number(period) > 0 ? period : null,
      cycles: cycles === "2" && fold ? 2 : null,
      bands: on.length === boxes.length ? null : on.join(",") || "none",
    });
  });
}

/**
 * A click (not a drag) on the light curve sends the hovered alert's candid (the view's hover
 * line names it) to the cutouts as a `choose` event.
 */
function chooseOnClick(view: HTMLElement, cutouts: HTMLElement): void {
  let down: [number, number] | null = null;
  view.addEventListener("mousedown", (e) => down = [e.clientX, e.clientY]);
  view.addEventListener("click", (e) => {
    if (!down || Math.hypot(e.clientX - down[0], e.clientY - down[1]) > 4) return;
    if (!(e.target as Element).closest?.("svg")) return;
    const hover = view.querySelector(".finkit-hover")?.textContent ?? "";
    const candid = /candid (\d+)/.exec(hover)?.[1];
    if (candid) cutouts.dispatchEvent(new CustomEvent("choose", { detail: candid }));
  });
}

/** The cutouts of one alert: a choice of alert, then the CutoutWidget's view. */
async function cutouts(
  target: HTMLElement,
  objectId: string,
  cols: LightCurveColumns,
  rows: Row[],
) {
  // Cutouts come with alerts only: detections finkit wrote from a later alert's history
  // (`a:origin = history`) have none.
  const history = new Set(
    rows.filter((r) => r["a:origin"] === "history").map((r) => String(r["i:candid"])),
  );
  const alerts: { candid: string; jd: number }[] = [];
  for (let i = cols.jd.length - 1; i >= 0; i--) {
    const c = cols.candid[i];
    if (cols.tag[i] === 0 && c && c !== "-1" && !history.has(c)) {
      alerts.push({ candid: c, jd: cols.jd[i] });
    }
  }
  if (alerts.length === 0) return message(target, "No alert of this object has cutouts.", "info");
  const q = urlState();
  const chosen = alerts.find((a) => a.candid === q.get("candid")) ?? alerts[0];
  const select = el("select", { "data-control": "alert", "aria-label": "Alert" }) as
    & HTMLElement
    & HTMLSelectElement;
  for (const a of alerts) select.append(new Option(`${jdToDate(a.jd)} · ${a.candid}`, a.candid));
  select.value = chosen.candid;
  const view = el("div", { class: "cutout-view" });
  const status = el("p", { class: "note", role: "status" });
  target.replaceChildren(el("label", { class: "alert-choice" }, "Alert ", select), status, view);
  const stretch = q.get("stretch");
  const cmap = q.get("cmap");
  const model = new LocalModel({
    kind: "cutout",
    names: [],
    stretch: stretch && (STRETCHES as readonly string[]).includes(stretch) ? stretch : "asinh",
    colormap: cmap && (COLORMAPS as readonly string[]).includes(cmap) ? cmap : "gray",
    lower: 0.5,
    upper: 99.5,
    // Three stamps side by side in the card's width (1.5× to 3× their 63 px).
    zoom: Math.max(1.5, Math.min(3, Math.floor((target.clientWidth - 40) / 189 * 10) / 10)),
    origin: "lower",
  });
  let rendered = false;
  const load = async (candid: string) => {
    view.dataset.loading = "true";
    try {
      const body = await api<Record<string, number[][]>>("cutouts", {
        objectId,
        candid,
        kind: "All",
        "output-format": "array",
      }, { raw: true });
      const state: Record<string, unknown> = {};
      const names: string[] = [];
      for (const kind of ["Science", "Template", "Difference"]) {
        const rows = body[`b:cutout${kind}_stampData`];
        if (!rows?.length) continue;
        const h = rows.length, w = rows[0].length;
        const data = new Float32Array(w * h);
        rows.forEach((r, y) => data.set(r.map((v) => v ?? NaN), y * w));
        state[`${kind}Shape`] = [w, h];
        state[`${kind}Data`] = data;
        names.push(kind);
      }
      if (names.length === 0) return message(view, "This alert has no cutouts.", "info");
      if (!rendered) {
        model.set({ ...state });
        model.set({ names });
        renderCutout({ model, el: view });
        rendered = true;
      } else {
        model.set(state);
        model.set({ names });
      }
      view.dataset.candid = candid;
    } catch (e) {
      rendered = false;
      message(view, `Cutouts unavailable: ${(e as Error).message}`);
    } finally {
      delete view.dataset.loading;
    }
  };
  select.addEventListener("change", () => {
    setUrlState({ candid: select.value === alerts[0].candid ? null : select.value });
    load(select.value);
  });
  // A click on a detection of the light curve chooses its alert (see chooseOnClick).
  target.addEventListener("choose", (e) => {
    const candid = (e as CustomEvent<string>).detail;
    status.textContent = history.has(candid)
      ? `Detection ${candid} reached Fink in a later alert's history: it has no cutouts.`
      : "";
    if (!alerts.some((a) => a.candid === candid) || candid === select.value) return;
    select.value = candid;
    select.dispatchEvent(new Event("change"));
  });
  view.addEventListener("change", () => {
    const s = view.querySelector<HTMLSelectElement>("[data-control=stretch]")?.value;
    const c = view.querySelector<HTMLSelectElement>("[data-control=colormap]")?.value;
    setUrlState({ stretch: s === "asinh" ? null : s, cmap: c === "gray" ? null : c });
  });
  await load(chosen.candid);
}

/** The object page of `objectId` into `root`. */
export async function objectPage(root: HTMLElement, objectId: string): Promise<void> {
  const head = el("section", { class: "object-head" }, el("h1", {}, objectId));
  const lc = el("section", { id: "lightcurve", class: "card" });
  const cut = el(
    "section",
    { id: "cutouts", class: "card" },
    el("h2", {}, "Cutouts"),
    el("p", { class: "note" }, "Click a detection on the light curve to see its alert."),
  );
  const summary = el("section", { id: "summary", class: "card" });
  const fits = el("section", { id: "fits", class: "card" });
  const cutBody = el("div");
  cut.append(cutBody);
  root.replaceChildren(
    head,
    el(
      "div",
      { class: "object-grid" },
      el("div", { class: "col-main" }, lc, fits),
      el("div", { class: "col-side" }, cut, summary),
    ),
  );
  message(lc, "Loading the light curve…", "info");
  let rows: Row[];
  // The page's HTML started this query before the bundle loaded (see pages.ts).
  const prefetch = (globalThis as { finkitPrefetch?: Promise<Response> }).finkitPrefetch;
  try {
    rows = prefetch
      ? await readAnswer(await prefetch)
      : await api("objects", lightCurveQuery(objectId));
  } catch (e) {
    const text = e instanceof ApiError ? `The server refused the query: ${e.message}` : String(e);
    message(lc, text);
    root.dataset.ready = "all";
    return;
  }
  if (rows.length === 0) {
    root.dataset.empty = "true";
    root.replaceChildren(head);
    message(
      head,
      `No alert of ${objectId} in this store. Check the id, or search by position or class.`,
    );
    head.prepend(el("h1", {}, objectId));
    root.dataset.ready = "all";
    return;
  }
  performance.mark("finkit:data");
  const cols = lightCurveColumns(byColumn(rows, objectId));
  const width = Math.min(900, Math.max(320, lc.clientWidth - 26));
  const lcModel = new LocalModel(lightCurveState(cols, width));
  const view = el("div");
  lc.replaceChildren(el("h2", {}, "Light curve"), view);
  renderLightCurve({ model: lcModel, el: view });
  syncLightCurveUrl(view);
  chooseOnClick(view, cutBody);
  lc.dataset.points = String(cols.jd.length);
  performance.mark("finkit:lightcurve");
  root.dataset.ready = "lightcurve";

  const valid: number[] = [];
  for (let i = 0; i < cols.jd.length; i++) if (cols.tag[i] === 0) valid.push(i);
  const last = valid.length ? valid[valid.length - 1] : cols.jd.length - 1;
  const counts = [0, 0, 0];
  for (const t of cols.tag) counts[t]++;
  // ZTF's first detection (`jdstarthist`, Fink's `v:firstdate`) may predate the store's alerts.
  const starts = rows.map((r) => Number(r["i:jdstarthist"] ?? NaN)).filter((j) => j > 0);
  const facts = el(
    "p",
    { class: "facts" },
    `${counts[0]} detection${counts[0] === 1 ? "" : "s"}, ${counts[1]} upper limit${
      counts[1] === 1 ? "" : "s"
    }, ${counts[2]} bad quality in this store, ${jdToDate(cols.jd[valid[0] ?? 0])} to ${
      jdToDate(cols.jd[last])
    } UTC · `,
    starts.length ? `first detected by ZTF ${jdToDate(Math.min(...starts))} UTC · ` : "",
    el("a", { href: apiUrl("objects", { objectId }, "json") }, "JSON"),
    " · ",
    el("a", { href: apiUrl("objects", { objectId }, "csv") }, "CSV"),
  );
  head.append(facts);
  const ssnamenr = rows.map((r) => String(r["i:ssnamenr"] ?? "")).find((s) =>
    s && s !== "null" && s !== "None"
  );
  await Promise.all([
    cutouts(cutBody, objectId, cols, rows),
    (async () => {
      try {
        const key = `${objectId}_${javaDoubleToString(cols.jd[last])}`;
        const [alert] = await api("objects", { objectId: key });
        summary.replaceChildren(el("h2", {}, "Classification and cross-matches"));
        if (alert) {
          summary.append(summaryTable(alert));
          const ra = Number(alert["i:ra"]), dec = Number(alert["i:dec"]);
          if (Number.isFinite(ra) && Number.isFinite(dec)) {
            facts.prepend(
              `RA ${ra.toFixed(6)}° (${formatSexagesimal(ra, { unit: "hour", precision: 2 })})` +
                ` · Dec ${dec.toFixed(6)}° (${formatSexagesimal(dec, { precision: 1 })}) · `,
            );
          }
          head.querySelector("h1")!.append(
            " ",
            el("span", { class: "badge" }, String(alert["v:classification"] ?? "Unknown")),
          );
        }
      } catch (e) {
        message(summary, `Summary unavailable: ${(e as Error).message}`);
      }
    })(),
    fitTabs(fits, cols, lcModel, ssnamenr),
  ]);
  root.dataset.ready = "all";
}
