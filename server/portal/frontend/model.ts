/// <reference lib="dom" />
/**
 * A page-local stand-in for the anywidget model, so the widgets' own front-end views
 * (widgets/frontend/*) draw the portal's figures; and the page state kept in the URL.
 *
 * @module
 */
import { type AnyModel, h } from "../../../widgets/frontend/model.ts";

/** A key-value model with `change:<key>` events (what the widget views read). */
export class LocalModel implements AnyModel {
  #state: Map<string, unknown>;
  #listeners = new Map<string, Set<(...args: unknown[]) => void>>();

  /** Create a model with initial state. */
  constructor(state: Record<string, unknown>) {
    this.#state = new Map(Object.entries(state));
  }
  /** Read a value. */
  get(key: string): unknown {
    return this.#state.get(key);
  }
  /** Set values, then fire `change:<key>` for each (after all are set). */
  set(values: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(values)) this.#state.set(k, v);
    for (const k of Object.keys(values)) {
      for (const cb of this.#listeners.get(`change:${k}`) ?? []) cb();
    }
  }
  /** Listen to an event. */
  on(event: string, callback: (...args: unknown[]) => void): void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, set = new Set());
    set.add(callback);
  }
  /** Stop listening. */
  off(event?: string | null, callback?: ((...args: unknown[]) => void) | null): void {
    if (!event) this.#listeners.clear();
    else if (!callback) this.#listeners.delete(event);
    else this.#listeners.get(event)?.delete(callback);
  }
}

/** The current page's query-string parameters. */
export function urlState(): URLSearchParams {
  return new URLSearchParams(location.search);
}

/** Update (or remove, for "" / null) query-string parameters without reloading. */
export function setUrlState(values: Record<string, string | number | null | undefined>): void {
  const q = urlState();
  for (const [k, v] of Object.entries(values)) {
    if (v === null || v === undefined || v === "") q.delete(k);
    else q.set(k, String(v));
  }
  const s = q.toString();
  history.replaceState(null, "", `${location.pathname}${s ? `?${s}` : ""}${location.hash}`);
}

/** Create an element with attributes and children (the widgets' own helper). */
export const el: typeof h = h;

/** A clear message box (`kind` error or info) replacing `target`'s content. */
export function message(target: HTMLElement, text: string, kind: "error" | "info" = "error") {
  target.replaceChildren(
    el("p", { class: `message ${kind}`, role: kind === "error" ? "alert" : "status" }, text),
  );
}

/** jd → `YYYY-MM-DD hh:mm:ss` UTC. */
export function jdToDate(jd: number): string {
  if (!Number.isFinite(jd)) return "";
  return new Date((jd - 2440587.5) * 86400000).toISOString().slice(0, 19).replace("T", " ");
}
