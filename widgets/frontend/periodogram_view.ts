/// <reference lib="dom" />
/**
 * Browser view of the periodogram: the Plot figure with a tooltip along x.
 *
 * @module
 */
import { type PeriodogramData, periodogramPlot } from "../plot/periodogram_plot.ts";
import { type AnyModel, column, h, type RenderProps, uniqueIds } from "./model.ts";

function readData(model: AnyModel): PeriodogramData {
  return {
    frequency: column(model, "frequency", Float64Array),
    power: column(model, "power", Float64Array),
    bestPeriod: Number(model.get("bestPeriod")),
    levels: (model.get("levels") as PeriodogramData["levels"]) ?? [],
    bestFap: (model.get("bestFap") as number | null) ?? null,
  };
}

/**
 * Render the periodogram widget into `el`; returns a cleanup function.
 *
 * @example
 * ```ts ignore
 * import { renderPeriodogram } from "./periodogram_view.ts";
 * renderPeriodogram({ model, el });
 * ```
 */
export function renderPeriodogram({ model, el }: RenderProps): () => void {
  const root = h("div", { class: "finkit-widget finkit-periodogram" });
  el.replaceChildren(root);
  const draw = () => {
    root.replaceChildren(uniqueIds(periodogramPlot(readData(model), {
      width: Number(model.get("width") ?? 640),
      height: Number(model.get("height") ?? 300),
      interactive: true,
    })));
  };
  const keys = ["frequency", "power", "bestPeriod", "levels"];
  for (const k of keys) model.on(`change:${k}`, draw);
  draw();
  return () => {
    for (const k of keys) model.off(`change:${k}`, draw);
  };
}
