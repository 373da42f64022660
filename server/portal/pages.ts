/**
 * The HTML shells of the portal's pages: a header with the search box, an empty `<main>` the
 * bundled script fills, and the page kind in `<body data-page>`. The only text a request
 * chooses, escaped: the object id, a missing page's path, and the path a proxy mounts the server
 * under (`X-Forwarded-Prefix`, checked by `publicPrefix`).
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
  options: {
    objectId?: string;
    version?: string;
    path?: string;
    examples?: PortalExamples;
    /** The path a proxy mounts the server under (`/fink`), `""` at a host's root. */
    base?: string;
  } = {},
): string {
  const b = escapeHtml(options.base ?? "");
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
    }. Object pages are at ${b}/ZTF…; search with the box above, or see the sky at ` +
      `<a href="${b}/sky">${b}/sky</a> and the REST API at <a href="${b}/api">${b}/api</a>.</p>`
    : `<noscript>The portal's pages need JavaScript; the REST API is at ` +
      `<a href="${b}/api">${b}/api</a>.</noscript>`;
  // The object page's light-curve query starts now, while the bundle loads and compiles.
  const prefetch = kind === "object"
    ? `\n<script>window.finkitPrefetch = fetch(${
      JSON.stringify(`${options.base ?? ""}/api/v1/objects`)
    }, { method: "POST", ` +
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
<link rel="stylesheet" href="${b}/portal/portal.css${v}">${prefetch}
<script type="module" src="${b}/portal/portal.js${v}"></script>
</head>
<body data-page="${kind}"${b ? ` data-base="${b}"` : ""}${
    id ? ` data-object-id="${id}"` : ""
  }${examples}>
<header class="top">
<a class="brand" href="${b}/">Fink<span>kit</span> portal</a>
<form class="search" action="${b}/" method="get" role="search">
<input name="q" type="search" placeholder="${
    escapeHtml(placeholder)
  }" aria-label="Search" autocomplete="off">
<button type="submit">Search</button>
</form>
<nav><a href="${b}/sky">Sky</a><a href="${b}/api">API</a></nav>
</header>
<main id="app">${main}</main>
</body>
</html>
`;
}
