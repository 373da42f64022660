/// <reference lib="dom" />
/**
 * A tab list (WAI-ARIA tabs): each pane is built when its tab is first shown, the shown tab is
 * in the URL (`tab=`), and the keys move between tabs (arrows, Home, End; one stop in the page's
 * tab order).
 *
 * @module
 */
import { el, message, setUrlState, urlState } from "./model.ts";

/** One tab: its id (the URL's `tab=` value), its label, and what fills its pane. */
export type Tab = [id: string, label: string, fill: (pane: HTMLElement) => void | Promise<void>];

/**
 * Draw `tabs` into `target` under `heading`; the URL's tab is shown (and filled) before this
 * resolves, or none, with `hint` in its place.
 */
export async function tabList(
  target: HTMLElement,
  heading: string,
  tabs: Tab[],
  hint: string,
): Promise<void> {
  const bar = el("div", { class: "tabs", role: "tablist", "aria-label": heading });
  const panes = el("div");
  target.replaceChildren(el("h2", {}, heading), bar, panes);
  const filled = new Set<string>();
  const show = async (id: string, remember: boolean) => {
    for (const b of bar.children) {
      const on = (b as HTMLElement).dataset.tab === id;
      b.setAttribute("aria-selected", String(on));
      b.setAttribute("tabindex", on ? "0" : "-1");
    }
    for (const p of panes.children) {
      (p as HTMLElement).hidden = (p as HTMLElement).dataset.tab !== id;
    }
    if (remember) setUrlState({ tab: id });
    if (filled.has(id)) return;
    filled.add(id);
    const pane = el("div", {
      class: "tab-pane",
      "data-tab": id,
      role: "tabpanel",
      id: `pane-${id}`,
      "aria-labelledby": `tab-${id}`,
    });
    panes.append(pane);
    const [, label, fill] = tabs.find((t) => t[0] === id)!;
    try {
      await fill(pane);
    } catch (e) {
      message(pane, `${label} failed: ${(e as Error).message}`);
    }
    pane.dataset.done = "true";
  };
  for (const [id, label] of tabs) {
    const b = el("button", {
      type: "button",
      role: "tab",
      "data-tab": id,
      id: `tab-${id}`,
      "aria-controls": `pane-${id}`,
      "aria-selected": "false",
    }, label);
    b.addEventListener("click", () => show(id, true));
    bar.append(b);
  }
  bar.addEventListener("keydown", (e) => {
    const buttons = [...bar.children] as HTMLElement[];
    const at = buttons.indexOf(e.target as HTMLElement);
    const to = ({
      ArrowRight: at + 1,
      ArrowLeft: at - 1 + buttons.length,
      Home: 0,
      End: buttons.length - 1,
    } as Record<string, number>)[e.key];
    if (at < 0 || to === undefined) return;
    e.preventDefault();
    const next = buttons[to % buttons.length];
    next.focus();
    show(next.dataset.tab!, true);
  });
  const wanted = tabs.find((t) => t[0] === urlState().get("tab"))?.[0];
  if (wanted) await show(wanted, false);
  else panes.append(el("p", { class: "note" }, hint));
}
