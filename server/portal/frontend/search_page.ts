/// <reference lib="dom" />
/**
 * `GET /?q=…`: runs the search box's query through the REST API and shows a sortable result
 * table (object link, last date, class, magnitude, position) with CSV/JSON downloads of the
 * same query. A full object id goes straight to its object page.
 *
 * @module
 */
import { api, ApiError, apiUrl, at, type Row } from "./api.ts";
import type { PortalExamples } from "../examples.ts";
import { el, jdToDate, message, setUrlState, urlState } from "./model.ts";
import { nameLookup, type ParsedQuery, parseQuery, QueryError } from "./query.ts";

/** One column of the result table. */
interface Column {
  key: string;
  label: string;
  value(r: Row): string | number;
  cell?(r: Row): Node | string;
}

const BANDS: Record<string, string> = { 1: "g", 2: "r", 3: "i" };

function num(v: unknown): number {
  const n = typeof v === "string" ? Number(v) : v as number;
  return typeof n === "number" && Number.isFinite(n) ? n : NaN;
}

function columnsFor(q: ParsedQuery): Column[] {
  const cols: Column[] = [
    {
      key: "objectId",
      label: "objectId",
      value: (r) => String(r["i:objectId"] ?? ""),
      cell: (r) => {
        const id = String(r["i:objectId"] ?? "");
        return el("a", { href: at(`/${encodeURIComponent(id)}`) }, id);
      },
    },
    { key: "last", label: "Last date (UTC)", value: (r) => num(r["i:jd"]) },
    {
      key: "class",
      label: "Class",
      value: (r) =>
        String(r["v:classification"] ?? r["d:classification"] ?? r["d:cdsxmatch"] ?? ""),
    },
    { key: "mag", label: "Magnitude", value: (r) => num(r["i:magpsf"]) },
    { key: "ra", label: "RA (°)", value: (r) => num(r["i:ra"]) },
    { key: "dec", label: "Dec (°)", value: (r) => num(r["i:dec"]) },
  ];
  if (q.action === "objectid") {
    cols.push({ key: "alerts", label: "Alerts", value: (r) => num(r["_alerts"]) });
  }
  if (q.action === "conesearch") {
    cols.push({
      key: "sep",
      label: "Separation (″)",
      value: (r) => num(r["v:separation_degree"]) * 3600,
    });
  }
  if (q.action === "sso") {
    cols.push({ key: "sso", label: "Asteroid", value: (r) => String(r["i:ssnamenr"] ?? "") });
  }
  return cols;
}

function format(col: Column, r: Row): Node | string {
  if (col.cell) return col.cell(r);
  const v = col.value(r);
  if (typeof v === "string") return v;
  if (!Number.isFinite(v)) return "";
  if (col.key === "last") return jdToDate(v);
  if (col.key === "mag") return `${v.toFixed(2)} ${BANDS[String(r["i:fid"])] ?? ""}`.trim();
  if (col.key === "ra" || col.key === "dec") return v.toFixed(5);
  if (col.key === "sep") return v.toFixed(2);
  return String(v);
}

/**
 * One row per object: its latest alert, with `_alerts` its number of alerts. Detections finkit
 * wrote from a later alert's history (`a:origin = history`) are light-curve points, not alerts:
 * not counted, and shown only for an object that has nothing else.
 */
function groupByObject(rows: Row[]): Row[] {
  const by = new Map<string, Row>();
  for (const r of rows) {
    const id = String(r["i:objectId"]);
    const prev = by.get(id);
    const alert = r["a:origin"] !== "history";
    const count = Number(prev?._alerts ?? 0) + (alert ? 1 : 0);
    const newer = !prev ||
      (alert && (prev._history === true || num(r["i:jd"]) > num(prev["i:jd"])));
    if (newer) by.set(id, { ...r, _alerts: count, _history: !alert });
    else prev._alerts = count;
  }
  return [...by.values()];
}

function renderTable(target: HTMLElement, q: ParsedQuery, rows: Row[]): void {
  const cols = columnsFor(q);
  const state = urlState();
  let sortKey = state.get("sort") ?? (q.action === "conesearch" ? "sep" : "last");
  let desc = state.has("desc") ? state.get("desc") === "1" : sortKey === "last";
  const table = el("table", { class: "results", "data-rows": String(rows.length) });
  const thead = el("thead");
  const tbody = el("tbody");
  table.append(thead, tbody);
  const draw = () => {
    const col = cols.find((c) => c.key === sortKey) ?? cols[1];
    const sorted = [...rows].sort((a, b) => {
      const x = col.value(a), y = col.value(b);
      const d = typeof x === "number" && typeof y === "number"
        ? (Number.isNaN(x) ? 1 : Number.isNaN(y) ? -1 : x - y)
        : String(x).localeCompare(String(y));
      return desc ? -d : d;
    });
    thead.replaceChildren(el(
      "tr",
      {},
      ...cols.map((c) => {
        const th = el(
          "th",
          {
            "data-key": c.key,
            "aria-sort": c.key === col.key ? (desc ? "descending" : "ascending") : "none",
            tabindex: "0",
          },
          c.label,
          c.key === col.key ? (desc ? " ▼" : " ▲") : "",
        );
        const go = () => {
          if (sortKey === c.key) desc = !desc;
          else [sortKey, desc] = [c.key, c.key === "last"];
          setUrlState({ sort: sortKey, desc: desc ? 1 : 0 });
          draw();
        };
        th.addEventListener("click", go);
        // Enter or Space, as a button answers them (Space would otherwise scroll the page).
        th.addEventListener("keydown", (e) => {
          const key = (e as KeyboardEvent).key;
          if (key !== "Enter" && key !== " ") return;
          e.preventDefault();
          go();
        });
        return th;
      }),
    ));
    tbody.replaceChildren(
      ...sorted.map((r) =>
        el("tr", {}, ...cols.map((c) => el("td", { "data-key": c.key }, format(c, r))))
      ),
    );
  };
  draw();
  const downloads = el(
    "p",
    { class: "downloads" },
    `${rows.length} ${q.action === "objectid" ? "object" : "alert"}${
      rows.length === 1 ? "" : "s"
    } · download `,
    el("a", { href: apiUrl(q.endpoint, q.params, "csv"), download: "fink.csv" }, "CSV"),
    " · ",
    el("a", { href: apiUrl(q.endpoint, q.params, "json"), download: "fink.json" }, "JSON"),
  );
  target.replaceChildren(
    el("h2", {}, q.title),
    downloads,
    el("div", { class: "table-wrap" }, table),
  );
}

/** Run a query (from the URL's `q`) into `target`. */
export async function runSearch(text: string, target: HTMLElement): Promise<void> {
  let q: ParsedQuery;
  try {
    q = parseQuery(text);
  } catch (e) {
    if (e instanceof QueryError) return message(target, e.message);
    throw e;
  }
  if (q.action === "objectid" && q.exact) {
    location.replace(at(`/${q.params.objectId}`));
    return;
  }
  message(target, `Searching: ${q.title}…`, "info");
  try {
    if (q.action === "name") {
      const resolved = nameLookup(String(q.params.name), await api(q.endpoint, q.params));
      if (!resolved) {
        return message(
          target,
          `No object or asteroid named ${JSON.stringify(q.params.name)} in this store ` +
            `(names are resolved offline among the asteroids the store knows).`,
        );
      }
      q = resolved;
    }
    let rows = await api(q.endpoint, q.params);
    if (q.action === "objectid") rows = groupByObject(rows);
    if (rows.length === 0) {
      // As Fink, a class outside its lists is not an error, just empty: say why when it is one.
      if (q.action === "class" && !(await knownClass(String(q.params.class)))) {
        return message(
          target,
          `No alert matches ${q.title} in this store: ${
            JSON.stringify(q.params.class)
          } is not one ` +
            `of Fink's classes (see /api/v1/classes; SIMBAD labels may omit "(SIMBAD) ").`,
        );
      }
      if (q.action === "objectid") {
        // Fink matches each id as a prefix (a full id is a prefix of itself).
        const ids = String(q.params.objectId).split(",");
        return message(
          target,
          ids.length === 1
            ? `No object id starts with ${ids[0]} in this store.`
            : `No object id starts with any of ${ids.join(", ")} in this store.`,
          "info",
        );
      }
      return message(target, `No alert matches ${q.title} in this store.`, "info");
    }
    renderTable(target, q, rows);
  } catch (e) {
    if (e instanceof ApiError) return message(target, `The server refused the query: ${e.message}`);
    message(target, `The query failed: ${(e as Error).message}`);
  }
}

/** Whether `cls` is in Fink's class lists (`/api/v1/classes`), with or without `(SIMBAD) `. */
async function knownClass(cls: string): Promise<boolean> {
  const lists = await fetch(at("/api/v1/classes")).then((r) =>
    r.json() as Promise<Record<string, string[]>>
  );
  return Object.values(lists).flat().some((c) => c === cls || c === `(SIMBAD) ${cls}`) ||
    cls === "Unknown";
}

/** The search page: results of `?q=`, or a short help. */
export async function searchPage(root: HTMLElement): Promise<void> {
  const q = urlState().get("q");
  const results = el("section", { id: "results" });
  root.replaceChildren(results);
  if (!q) {
    // Examples from the store served (the server puts them in the page), each a link that finds
    // something there; the form alone where the store holds none of a kind.
    const ex: PortalExamples = JSON.parse(document.body.dataset.examples ?? "{}");
    const item = (example: string | undefined, form: string, what: string) =>
      el(
        "li",
        {},
        example
          ? el("a", { href: at(`/?q=${encodeURIComponent(example)}`) }, example)
          : el("code", {}, form),
        ` — ${what}`,
      );
    const id = ex.objectId;
    results.replaceChildren(
      el("h2", {}, "Search Fink alerts"),
      el(
        "ul",
        { class: "help" },
        item(id, "ZTF25abxvhmk", `an object id, or a prefix (${id ? id.slice(0, 8) : "ZTF25abx"})`),
        item(
          ex.position && `${ex.position[0]} ${ex.position[1]} r=30`,
          "26.7308 -15.3711 r=30",
          "a cone: RA Dec in degrees or sexagesimal, radius in ″",
        ),
        item(
          ex.className && `class=${ex.className}`,
          "class=SN candidate",
          "the latest alerts of a class (last=20 for more)",
        ),
        item("class=Anomaly", "", "the most anomalous alerts"),
        item(ex.asteroid, "8467", "an asteroid number or name"),
        item(undefined, "TRCK_YYYYMMDD_HHMMSS_NN", "a tracklet id"),
      ),
    );
    root.dataset.ready = "all";
    return;
  }
  await runSearch(q, results);
  root.dataset.ready = "all";
}
