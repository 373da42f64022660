/**
 * What the portal's browser tests ask of a page (playwright-core): its state, its marks, a search
 * typed in the box, a screenshot in tests/artifacts/portal_<name>.png.
 */
import type { Page } from "playwright-core";

/** Where screenshots go. */
export const ARTIFACTS: string = new URL("../artifacts/", import.meta.url).pathname;
/** A desktop window. */
export const DESKTOP = { width: 1280, height: 900 };
/** A phone's. */
export const PHONE = { width: 390, height: 844 };

/** Marks drawn in the light curve of `scope`: detections, upper limits, bad quality. */
export function drawnMarks(page: Page, scope = "#lightcurve"): Promise<number[]> {
  return page.evaluate((sel) => {
    const root = document.querySelector(sel)!;
    const count = (d: string) =>
      root.querySelectorAll(`[aria-description="${d}"] circle, [aria-description="${d}"] path`)
        .length;
    return [count("detection"), count("upper limit"), count("bad quality")];
  }, scope);
}

export async function ready(page: Page, state = "all"): Promise<void> {
  await page.waitForFunction(
    (s) => {
      const app = document.getElementById("app");
      return app?.dataset.ready === s || app?.dataset.ready === "all";
    },
    state,
    { timeout: 30_000 },
  );
}

export async function search(page: Page, text: string): Promise<void> {
  await page.fill("form.search input[name=q]", text);
  await Promise.all([page.waitForNavigation(), page.press("form.search input[name=q]", "Enter")]);
  await page.waitForLoadState();
  await ready(page);
}

/** Form controls without an accessible name (no label of their own, no aria-label). */
export function unnamedControls(page: Page): Promise<string[]> {
  return page.locator("input, select").evaluateAll((els) =>
    els.filter((e) => !e.getAttribute("aria-label") && !(e as HTMLInputElement).labels?.length)
      .map((e) => e.outerHTML.slice(0, 80))
  );
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS}portal_${name}.png`, fullPage: true });
}
