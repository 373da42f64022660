/// <reference lib="dom" />
/**
 * `GET /sky`: the store's alerts on the sky by class (the SkyWidget's own front-end view),
 * with the credible region of the bundled GW event (S200219ac) and the alerts Fink's
 * `/api/v1/skymap` finds in it. Projection and credible level are in the URL.
 *
 * @module
 */
import { renderSky } from "../../../widgets/frontend/sky_view.ts";
import { SKY_PROJECTIONS } from "../../../widgets/projection.ts";
import { classColor } from "../../../widgets/colors.ts";
import { api, ApiError, at, type Row } from "./api.ts";
import { el, LocalModel, message, setUrlState, urlState } from "./model.ts";

/** Most alerts drawn per class (the latest ones): the map stays fast on a 1M-alert store. */
const PER_CLASS = 20000;

/** Statistics columns that are totals, not classes. */
const NOT_CLASSES = new Set(["simbad_tot", "simbad_gal"]);

/** The classes present in the store, most alerts first (from `/api/v1/statistics`). */
async function storeClasses(): Promise<[string, number][]> {
  // Every class counted is one `/api/v1/latests` finds (its `ztf.class` rows), old SIMBAD labels
  // outside Fink's current lists included.
  const nights = await api("statistics", { date: "" });
  const counts = new Map<string, number>();
  for (const night of nights) {
    for (const [k, v] of Object.entries(night)) {
      if (!k.startsWith("class:") || v === null || !(Number(v) > 0)) continue;
      const name = k.slice(6);
      if (NOT_CLASSES.has(name)) continue;
      counts.set(name, (counts.get(name) ?? 0) + Number(v));
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1]);
}

/** The sky page into `root`. */
export async function skyPage(root: HTMLElement): Promise<void> {
  const q = urlState();
  const level = Math.min(0.99, Math.max(0.1, Number(q.get("level")) || 0.9));
  const projection = SKY_PROJECTIONS.find((p) => p === q.get("projection")) ?? "hammer";
  const figure = el("div", { id: "sky", class: "card" });
  const side = el("section", { id: "gw", class: "card" });
  root.replaceChildren(el("h1", {}, "Alerts on the sky"), figure, side);
  message(figure, "Loading the alerts of every class…", "info");
  let classes: [string, number][];
  try {
    classes = await storeClasses();
  } catch (e) {
    return message(figure, `The statistics could not be read: ${(e as Error).message}`);
  }
  const columns = "i:objectId,i:ra,i:dec,i:jd";
  // One request per class: a class the server (or a proxy's rate limit) refused is said, not
  // silently left off the map.
  let failed = 0;
  const [perClass, region] = await Promise.all([
    Promise.all(
      classes.map(([name, count]) =>
        api("latests", { class: name, n: Math.min(count, PER_CLASS), columns }).catch(() => {
          failed++;
          return [] as Row[];
        })
      ),
    ),
    fetch(at(`/portal/skymap.json?event=S200219ac&credible_level=${level}`))
      .then((r) => r.ok ? r.json() : null).catch(() => null),
  ]);
  const ra: number[] = [], dec: number[] = [], cls: number[] = [], ids: string[] = [];
  // Classes with alerts in the store's class index, most alerts first.
  const present = classes.map(([name], k) => ({ name, rows: perClass[k] }))
    .filter((c) => c.rows.length > 0)
    .sort((a, b) => b.rows.length - a.rows.length);
  present.forEach(({ rows }, k) => {
    for (const r of rows) {
      ra.push(Number(r["i:ra"]));
      dec.push(Number(r["i:dec"]));
      cls.push(k);
      ids.push(String(r["i:objectId"]));
    }
  });
  const width = Math.max(300, Math.min(960, figure.clientWidth - 24));
  const narrow = width < 600;
  const height = Math.round(width / 2) + 52;
  const model = new LocalModel({
    kind: "sky",
    ra: Float64Array.from(ra),
    dec: Float64Array.from(dec),
    classIndex: Uint16Array.from(cls),
    classes: present.map((c) => c.name),
    objectId: ids,
    cone: null,
    regionRa: region ? Float64Array.from(region.ra) : null,
    regionDec: region ? Float64Array.from(region.dec) : null,
    regionNside: region?.nside ?? 128,
    projection,
    centerRa: 0,
    zoom: null,
    galacticPlane: true,
    width,
    height,
    title: "",
  });
  const view = el("div");
  figure.replaceChildren(
    el(
      "p",
      { class: "note" },
      `${ra.length} alerts of ${present.length} classes` +
        (failed ? ` (${failed} of ${classes.length} classes could not be loaded: reload)` : "") +
        (region
          ? ` · shaded: ${region.event}, ${Math.round(level * 100)} % credible region`
          : " · the credible region could not be loaded") +
        " · drag to zoom, double-click to reset, click an alert to open it",
    ),
    view,
  );
  renderSky({ model, el: view });
  if (narrow) {
    // The figure's own class legend is one or two lines for a laptop; on a phone it would wrap
    // out of the SVG, so the classes are listed in HTML below the map instead (the figure keeps
    // its key of lines and areas, which it draws first under a narrow map).
    figure.classList.add("narrow");
    const names = present.map((c) => c.name);
    const shown = names.length > 10 ? [...names.slice(0, 10), "Other"] : names;
    figure.append(el(
      "ul",
      { class: "sky-legend" },
      ...shown.map((name, k) =>
        el("li", {}, el("span", { style: `background:${k < 10 ? classColor(k) : "#999"}` }), name)
      ),
    ));
  }
  figure.dataset.alerts = String(ra.length);
  view.addEventListener("change", () => {
    const p = view.querySelector<HTMLSelectElement>("[data-control=projection]")?.value;
    setUrlState({ projection: p === "hammer" ? null : p });
  });
  // A click on the map (not on a control, not the end of a drag to zoom) opens the alert under
  // the pointer, which the hover line names.
  let down: [number, number] = [NaN, NaN];
  view.addEventListener("mousedown", (e) => down = [e.clientX, e.clientY]);
  view.addEventListener("click", (e) => {
    if (!(e.target instanceof HTMLCanvasElement)) return;
    if (Math.hypot(e.clientX - down[0], e.clientY - down[1]) > 4) return;
    const text = view.querySelector(".finkit-hover")?.textContent ?? "";
    const id = /^ZTF\w+/.exec(text)?.[0];
    if (id) location.assign(at(`/${id}`));
  });

  const levelInput = el("input", {
    type: "number",
    min: "0.1",
    max: "0.99",
    step: "0.05",
    value: String(level),
    "aria-label": "Credible level",
    "data-control": "level",
  }) as HTMLElement & HTMLInputElement;
  levelInput.addEventListener("change", () => {
    setUrlState({ level: levelInput.value });
    skyPage(root);
  });
  side.replaceChildren(
    el("h2", {}, "Gravitational-wave event S200219ac"),
    el("p", {}, "Credible level ", levelInput, " (the shaded region on the map)."),
  );
  const list = el("div");
  side.append(list);
  try {
    const hits = await api("skymap", { event_name: "S200219ac", credible_level: level });
    if (hits.length === 0) {
      message(
        list,
        "No alert of this store was first detected in the region within the event's window (1 day before, 6 after).",
        "info",
      );
    } else {
      list.replaceChildren(
        el("p", {}, `${hits.length} objects in the region, first detected around the event:`),
        el(
          "ul",
          {},
          ...hits.map((r) => {
            const id = String(r["i:objectId"]);
            return el("li", {}, el("a", { href: at(`/${id}`) }, id));
          }),
        ),
      );
    }
  } catch (e) {
    message(list, `The GW query failed: ${e instanceof ApiError ? e.message : String(e)}`);
  }
  root.dataset.ready = "all";
}
