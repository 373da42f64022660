/// <reference lib="dom" />
/**
 * The anywidget front-end module of every finkit widget (bundled with Observable Plot into
 * `widgets/dist/widgets.js`). The `kind` state value selects the view.
 *
 * @module
 */
import { renderCutout } from "./cutout_view.ts";
import { renderLightCurve } from "./lightcurve_view.ts";
import { renderPeriodogram } from "./periodogram_view.ts";
import { renderSky } from "./sky_view.ts";
import type { RenderProps } from "./model.ts";

const VIEWS: Record<string, (props: RenderProps) => () => void> = {
  lightcurve: renderLightCurve,
  sky: renderSky,
  cutout: renderCutout,
  periodogram: renderPeriodogram,
};

/** anywidget entry point. */
export default {
  render(props: RenderProps): () => void {
    const kind = String(props.model.get("kind"));
    const view = VIEWS[kind];
    if (!view) {
      props.el.textContent = `finkit: unknown widget kind ${JSON.stringify(kind)}`;
      return () => {};
    }
    return view(props);
  },
};
