/**
 * The HTML shells of the portal's pages: a header with the search box, an empty `<main>` the
 * bundled script fills, and the page kind in `<body data-page>`. Served as-is (no templating
 * of user data beyond the escaped object id).
 *
 * @module
 */

import { lightCurveQuery } from "./frontend/columns.ts";
import type { PortalExamples } from "./examples.ts";

/** The kinds of page. */
export type PageKind = "search" | "object" | "sky" | "notfound";

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The HTML of one page.
 *
 * @example
 * ```ts
 * import { pageHtml } from "./pages.ts";
 * console.assert(pageHtml("object", { objectId: "ZTF21abfmbix" }).includes('data-object-id="ZTF21abfmbix"'));
 * ```
 */
export function pageHtml(
  kind: PageKind,
  options: { objectId?: string; version?: string; path?: string; examples?: PortalExamples } = {},
): string {
  const id = escapeHtml(options.objectId ?? "");
  const ex = options.examples ?? {};
  // The search box's hint: examples that answer on this store, else the forms.
  const placeholder = [
    ex.objectId ?? "ZTF…",
    ex.position ? `${ex.position[0]} ${ex.position[1]} r=30` : "RA Dec r=10",
    `class=${ex.className ?? "…"}`,
    ex.asteroid ?? "asteroid",
  ].join(" · ");
  const examples = options.examples
    ? ` data-examples="${escapeHtml(JSON.stringify(options.examples))}"`
    : "";
  const v = options.version ? `?v=${escapeHtml(options.version)}` : "";
  const title = kind === "object"
    ? `${id} · Fink portal`
    : kind === "sky"
    ? "Sky map · Fink portal"
    : kind === "notfound"
    ? "Not found · Fink portal"
    : "Search · Fink portal";
  const main = kind === "notfound"
    ? `<p class="message error" role="alert">There is no page at ${
      escapeHtml(options.path ?? "this address")
    }. Object pages are at /ZTF…; search with the box above, or see the sky at ` +
      `<a href="/sky">/sky</a> and the REST API at <a href="/api">/api</a>.</p>`
    : `<noscript>The portal's pages need JavaScript; the REST API is at ` +
      `<a href="/api">/api</a>.</noscript>`;
  // The object page's light-curve query starts now, while the bundle loads and compiles.
  const prefetch = kind === "object"
    ? `\n<script>window.finkitPrefetch = fetch("/api/v1/objects", { method: "POST", ` +
      `headers: { "content-type": "application/json" }, body: ${
        JSON.stringify(JSON.stringify(lightCurveQuery(options.objectId ?? ""))).replace(
          /</g,
          "\\u003c",
        )
      } });</script>`
    : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/portal/portal.css${v}">${prefetch}
<script type="module" src="/portal/portal.js${v}"></script>
</head>
<body data-page="${kind}"${id ? ` data-object-id="${id}"` : ""}${examples}>
<header class="top">
<a class="brand" href="/">Fink<span>kit</span> portal</a>
<form class="search" action="/" method="get" role="search">
<input name="q" type="search" placeholder="${
    escapeHtml(placeholder)
  }" aria-label="Search" autocomplete="off">
<button type="submit">Search</button>
</form>
<nav><a href="/sky">Sky</a><a href="/api">API</a></nav>
</header>
<main id="app">${main}</main>
</body>
</html>
`;
}
