/// <reference lib="dom" />
/**
 * Entry point of the portal's browser bundle (`server/portal/dist/portal.js`): wires the
 * search box of every page and draws the page named by `<body data-page>`.
 *
 * @module
 */
import { objectPage } from "./object_page.ts";
import { searchPage } from "./search_page.ts";
import { skyPage } from "./sky_page.ts";
import { message } from "./model.ts";
import { at } from "./api.ts";

function wireSearchBox(): void {
  const form = document.querySelector<HTMLFormElement>("form.search");
  const input = form?.querySelector<HTMLInputElement>("input[name=q]");
  if (!form || !input) return;
  const q = new URLSearchParams(location.search).get("q");
  if (q && document.body.dataset.page === "search") input.value = q;
  // Class names as suggestions (`class=…`), read from /api/v1/classes on first focus.
  const list = document.createElement("datalist");
  list.id = "finkit-classes";
  form.append(list);
  input.setAttribute("list", list.id);
  input.addEventListener("focus", async () => {
    if (list.childElementCount > 0) return;
    try {
      const groups = await (await fetch(at("/api/v1/classes"))).json() as Record<string, string[]>;
      for (const name of Object.values(groups).flat()) list.append(new Option(`class=${name}`));
    } catch { /* suggestions are optional */ }
  }, { once: true });
}

async function main(): Promise<void> {
  wireSearchBox();
  const root = document.getElementById("app")!;
  const page = document.body.dataset.page;
  try {
    if (page === "object") await objectPage(root, document.body.dataset.objectId ?? "");
    else if (page === "sky") await skyPage(root);
    else if (page === "notfound") root.dataset.ready = "all"; // the server's message stays
    else await searchPage(root);
  } catch (e) {
    message(root, `This page failed: ${(e as Error).message}`);
    console.error(e);
  }
}

main();
