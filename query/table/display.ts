/**
 * Rich display of query results in the Deno Jupyter kernel: importing this
 * module installs `Symbol.for("Jupyter.display")` on Apache Arrow's `Table`
 * prototype once, so that a result shown in a cell renders as a compact HTML
 * table (first and last rows, column types, row count) with a plain-text
 * fallback.
 *
 * @module
 */
import { Table } from "apache-arrow";
import { plainCell } from "./export.ts";

/** Options of {@linkcode renderTable}. */
export interface RenderOptions {
  /** Rows shown from the start and from the end. Default 5. */
  edgeRows?: number;
  /** Longest text shown in a cell before it is cut with `…`. Default 40. */
  maxCellChars?: number;
}

const DISPLAY = Symbol.for("Jupyter.display");

function escapeHtml(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

function shape(v: unknown): string {
  if (!Array.isArray(v)) return "";
  return Array.isArray(v[0]) ? `${v.length}×${(v[0] as unknown[]).length}` : `${v.length}`;
}

function cellText(v: unknown, max: number): string {
  if (v === null || v === undefined) return "null";
  let s: string;
  if (v instanceof Uint8Array) s = `<${v.length} bytes>`;
  else if (Array.isArray(v)) s = `[array ${shape(v)}]`;
  else if (typeof v === "number") s = Number.isInteger(v) ? String(v) : String(+v.toPrecision(10));
  else s = String(v);
  return s.length > max ? s.slice(0, max - 1) + "…" : s;
}

function rowIndices(n: number, edge: number): (number | null)[] {
  if (n <= 2 * edge) return [...Array(n).keys()];
  return [...Array(edge).keys(), null, ...Array.from({ length: edge }, (_, k) => n - edge + k)];
}

/**
 * Render a table as `{ "text/html", "text/plain" }` (what Jupyter's
 * display protocol expects).
 *
 * @example
 * ```ts
 * import { makeFinkTable } from "./arrow.ts";
 * import { renderTable } from "./display.ts";
 * const t = makeFinkTable(new Map([["i:jd", { values: [2459795.8062153], type: "double" }]]));
 * console.log(renderTable(t)["text/plain"]);
 * ```
 */
export function renderTable(table: Table, options: RenderOptions = {}): Record<string, string> {
  const edge = options.edgeRows ?? 5, max = options.maxCellChars ?? 40;
  const fields = table.schema.fields;
  const vectors = fields.map((_, j) => table.getChildAt(j)!);
  const rows = rowIndices(table.numRows, edge);
  const cells = rows.map((i) =>
    i === null ? null : fields.map((f, j) => cellText(plainCell(vectors[j].get(i), f.type), max))
  );
  const summary = `${table.numRows} rows × ${fields.length} columns`;
  const head = fields.map((f) =>
    `<th style="text-align:left">${
      escapeHtml(f.name)
    }<br><small style="font-weight:normal;opacity:.6">${escapeHtml(String(f.type))}</small></th>`
  ).join("");
  const body = cells.map((r, k) =>
    r === null
      ? `<tr><td>…</td>${fields.map(() => "<td>…</td>").join("")}</tr>`
      : `<tr><th style="opacity:.6">${rows[k]}</th>${
        r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")
      }</tr>`
  ).join("");
  const html = `<div style="max-width:100%;overflow-x:auto"><table style="font-size:12px">` +
    `<thead><tr><th></th>${head}</tr></thead><tbody>${body}</tbody></table>` +
    `<p style="font-size:12px;opacity:.7">${summary}</p></div>`;
  const widths = fields.map((f, j) =>
    Math.max(f.name.length, ...cells.map((r) => (r ? r[j].length : 1)))
  );
  const line = (xs: string[]) => xs.map((x, j) => x.padEnd(widths[j])).join("  ");
  const plain = [
    line(fields.map((f) => f.name)),
    ...cells.map((r) => (r ? line(r) : "…")),
    summary,
  ].join("\n");
  return { "text/html": html, "text/plain": plain };
}

/**
 * Install the Jupyter display hook on Arrow's `Table` prototype (idempotent;
 * done when this module is imported).
 *
 * @example
 * ```ts
 * import { installTableDisplay } from "./display.ts";
 * installTableDisplay(); // a Table as the last expression of a cell now renders as HTML
 * ```
 */
export function installTableDisplay(): void {
  const proto = Table.prototype as unknown as Record<symbol, unknown>;
  if (proto[DISPLAY]) return;
  Object.defineProperty(proto, DISPLAY, {
    value: function (this: Table) {
      return renderTable(this);
    },
    configurable: true,
    writable: true,
  });
}

installTableDisplay();
