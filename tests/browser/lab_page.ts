/**
 * Driving a notebook in the real JupyterLab 4 / Notebook 7 page (both expose `window.jupyterapp`
 * with `--*.expose_app_in_browser`): open, wait for the Deno kernel, run all cells, then read
 * every widget output — the live view drawn by the anywidget front end beside the static SVG
 * the same output carries.
 */
import type { Page } from "playwright-core";
import { type FigureStats, figureStats, staticStats } from "./figures.ts";

/** Make the figure helpers callable inside the page (call before `goto`). */
export async function installFigureHelpers(page: Page): Promise<void> {
  await page.addInitScript({
    content: `globalThis.figureStats = ${figureStats}; globalThis.staticStats = ${staticStats};`,
  });
}

/** Wait until the notebook panel is shown and its kernel is idle. */
export async function waitForKernel(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.waitForFunction(
    () => {
      // deno-lint-ignore no-explicit-any
      const w = (globalThis as any).jupyterapp?.shell?.currentWidget;
      return w?.sessionContext?.session?.kernel?.status === "idle" &&
        w.content?.widgets?.length > 0;
    },
    undefined,
    { timeout: timeoutMs, polling: 250 },
  );
}

/**
 * Run every cell and wait until each code cell has an execution count and the kernel is idle;
 * returns the error outputs (ename: evalue), if any.
 */
export async function runAll(page: Page, timeoutMs: number): Promise<string[]> {
  await page.evaluate(() => {
    // deno-lint-ignore no-explicit-any
    (globalThis as any).jupyterapp.commands.execute("notebook:run-all-cells");
  });
  await page.waitForFunction(
    () => {
      // deno-lint-ignore no-explicit-any
      const w = (globalThis as any).jupyterapp.shell.currentWidget;
      // deno-lint-ignore no-explicit-any
      const cells = w.content.widgets.filter((c: any) => c.model.type === "code");
      // deno-lint-ignore no-explicit-any
      const done = cells.every((c: any) =>
        c.model.executionCount !== null && !c.hasClass?.("jp-mod-pending")
      );
      return done && w.sessionContext.session.kernel.status === "idle";
    },
    undefined,
    { timeout: timeoutMs, polling: 250 },
  );
  // Deno sends some outputs after `idle` (spec/jupyter.md §1.5): let them land.
  await page.waitForTimeout(500);
  return await page.evaluate(() => {
    // deno-lint-ignore no-explicit-any
    const w = (globalThis as any).jupyterapp.shell.currentWidget;
    const errors: string[] = [];
    // deno-lint-ignore no-explicit-any
    for (const c of w.content.widgets as any[]) {
      if (c.model.type !== "code") continue;
      for (const o of c.model.outputs.toJSON()) {
        if (o.output_type === "error") errors.push(`${o.ename}: ${o.evalue}`);
      }
    }
    return errors;
  });
}

/** One widget output: where it is, its live view and its static figure. */
export interface WidgetOutput {
  /** Index of the cell in the notebook. */
  cell: number;
  /** Live view statistics (null when no `.finkit-widget` was rendered). */
  live: FigureStats | null;
  /** Static SVG statistics (null when the output has no image/svg+xml). */
  static: FigureStats | null;
  /** Text shown in the output when no live view rendered (error messages). */
  text: string;
}

/** Every widget output of the current notebook, in order. */
export function widgetOutputs(page: Page): Promise<WidgetOutput[]> {
  return page.evaluate(() => {
    const VIEW = "application/vnd.jupyter.widget-view+json";
    // deno-lint-ignore no-explicit-any
    const g = globalThis as any;
    const w = g.jupyterapp.shell.currentWidget;
    const out: WidgetOutput[] = [];
    // deno-lint-ignore no-explicit-any
    (w.content.widgets as any[]).forEach((c, cell) => {
      if (c.model.type !== "code") return;
      // deno-lint-ignore no-explicit-any
      const outputs = c.model.outputs.toJSON().filter((o: any) => o.data?.[VIEW]);
      const views = Array.from(c.outputArea.node.querySelectorAll(".finkit-widget")) as Element[];
      // deno-lint-ignore no-explicit-any
      outputs.forEach((o: any, k: number) => {
        const live = views[k] ? g.figureStats(views[k]) : null;
        const svg = [o.data["image/svg+xml"] ?? ""].flat().join("");
        out.push({
          cell,
          live,
          static: svg ? g.staticStats(svg, live?.kind ?? "unknown") : null,
          text: views[k] ? "" : c.outputArea.node.innerText.slice(0, 300),
        });
      });
    });
    return out;
  });
}

/** CSS selector of the n-th (0-based) `.finkit-widget` of the notebook page. */
export function widgetSelector(n: number): string {
  return `:nth-match(.jp-Notebook .finkit-widget, ${n + 1})`;
}
