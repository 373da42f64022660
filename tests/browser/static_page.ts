/**
 * Static HTML page from an executed notebook: the widget state nbclient saved
 * (`metadata.widgets`) plus one view per widget output, rendered by the official npm
 * `@jupyter-widgets/html-manager` (embed-amd.js) with the npm `anywidget` front end
 * (`dist/index.js`, an AMD module) loaded through requirejs, all served from local files.
 */

/** Assets the page loads, served by {@link serveDir}. */
export const ASSETS: Record<string, URL> = {
  "/require.js": new URL("../../node_modules/requirejs/require.js", import.meta.url),
  "/embed-amd.js": new URL(
    "../../node_modules/@jupyter-widgets/html-manager/dist/embed-amd.js",
    import.meta.url,
  ),
  "/anywidget.js": new URL("../../node_modules/anywidget/dist/index.js", import.meta.url),
};

const STATE_MIME = "application/vnd.jupyter.widget-state+json";
const VIEW_MIME = "application/vnd.jupyter.widget-view+json";

function scriptJson(x: unknown): string {
  return JSON.stringify(x).replace(/<\//g, "<\\/");
}

/** Widget views (model ids) found in a notebook's outputs, in order, with their cell id. */
export function widgetViews(nb: Record<string, unknown>): { cell: string; modelId: string }[] {
  const out: { cell: string; modelId: string }[] = [];
  for (const cell of (nb.cells as Record<string, unknown>[])) {
    for (const o of (cell.outputs as Record<string, unknown>[] | undefined) ?? []) {
      const view = (o.data as Record<string, { model_id: string }> | undefined)?.[VIEW_MIME];
      if (view) out.push({ cell: String(cell.id), modelId: view.model_id });
    }
  }
  return out;
}

/** The HTML page rendering every widget view of the executed notebook `nb`. */
export function staticPage(nb: Record<string, unknown>): string {
  const widgets = (nb.metadata as Record<string, Record<string, unknown>>).widgets?.[STATE_MIME];
  if (!widgets) throw new Error("the notebook has no saved widget state (metadata.widgets)");
  const views = widgetViews(nb).map(({ cell, modelId }) =>
    `<section data-cell="${cell}" data-model="${modelId}"><script type="${VIEW_MIME}">${
      scriptJson({ version_major: 2, version_minor: 0, model_id: modelId })
    }</script></section>`
  ).join("\n");
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>finkit widgets</title>
<script src="/require.js"></script>
<script>requirejs.config({ paths: { anywidget: "/anywidget" } });</script>
<script src="/embed-amd.js"></script>
<script type="${STATE_MIME}">${scriptJson(widgets)}</script>
</head><body style="font-family: sans-serif; background: white">
${views}
</body></html>`;
}

/** Serve `page` at `/` and {@link ASSETS} on 127.0.0.1 (random port); returns the base URL. */
export function servePage(page: string): { url: string; close: () => Promise<void> } {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const path = new URL(req.url).pathname;
    if (path === "/" || path === "/index.html") {
      return new Response(page, { headers: { "content-type": "text/html; charset=utf-8" } });
    }
    const asset = ASSETS[path];
    if (asset) {
      return new Response(await Deno.readFile(asset), {
        headers: { "content-type": "text/javascript; charset=utf-8" },
      });
    }
    return new Response("not found", { status: 404 });
  });
  const addr = server.addr as Deno.NetAddr;
  return { url: `http://127.0.0.1:${addr.port}/`, close: () => server.shutdown() };
}
