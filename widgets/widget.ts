/**
 * The widget base: the anywidget wire protocol spoken from a Deno kernel.
 *
 * A widget opens one comm (target `jupyter.widget`) with `Deno.jupyter.broadcast`, whose state
 * names anywidget's `AnyModel`/`AnyView` and carries the front-end module in `_esm`. Large
 * numeric columns travel as binary buffers. Displaying a widget returns the widget view, a
 * static SVG (`image/svg+xml`) and a `text/plain` line, so notebooks read without a widget
 * manager (GitHub's viewer, nbconvert) still show the figure. Widgets are kernel → browser only: a Deno 2.9
 * kernel receives no comm messages, so interaction lives in the front end, and kernel-side
 * changes (`set`) update the view with `comm_msg` `method: "update"`.
 *
 * @module
 */
import { splitBuffers } from "./buffers.ts";
import { NoKernelError } from "./errors.ts";
import { loadFrontend } from "./frontend_source.ts";

/** The part of `Deno.jupyter` a widget uses. */
export interface JupyterLike {
  /** Send one IOPub message (`comm_open`, `comm_msg`, `comm_close`). */
  broadcast(
    msgType: string,
    content: Record<string, unknown>,
    extra?: { metadata?: Record<string, unknown>; buffers?: Uint8Array[] },
  ): unknown;
}

/** Options shared by every widget. */
export interface WidgetOptions {
  /**
   * Semver range sent as `_model_module_version` / `_view_module_version`; it must be satisfied
   * by the anywidget front end installed in JupyterLab / Notebook. Default `"~0.11.*"`
   * (npm anywidget 0.11).
   */
  moduleVersion?: string;
  /** Where to send messages. Default `Deno.jupyter` (present inside `deno jupyter`). */
  jupyter?: JupyterLike;
  /** Front-end module source. Default: the committed bundle `widgets/dist/widgets.js`. */
  esm?: string;
  /** Figure width in CSS pixels. Default 640. */
  width?: number;
  /** Figure height in CSS pixels. Default depends on the widget. */
  height?: number;
}

/** Default `_model_module_version` / `_view_module_version`. */
export const DEFAULT_MODULE_VERSION = "~0.11.*";

/** MIME type of a widget view in a display bundle. */
export const WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json";

const CSS = `.finkit-widget{font:12px system-ui,sans-serif;color:#222}
.finkit-widget .finkit-controls{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:4px 0}
.finkit-widget .finkit-controls label{display:inline-flex;gap:3px;align-items:center}
.finkit-widget .finkit-controls input[type=number]{width:7em}
.finkit-widget .finkit-hover{min-height:1.4em;font-variant-numeric:tabular-nums;color:#444}
.finkit-widget svg{overflow:visible}`;

function currentJupyter(): JupyterLike | undefined {
  try {
    // Outside `deno jupyter` the getter throws.
    return (Deno as unknown as { jupyter?: JupyterLike }).jupyter;
  } catch {
    return undefined;
  }
}

/**
 * Base class of every finkit widget. Subclasses give the state (`kind` selects the view in the
 * front-end module) and a static SVG rendering.
 *
 * @example
 * ```ts
 * import { Widget } from "./widget.ts";
 * class Hello extends Widget {
 *   constructor() { super("hello", { text: "hi" }, { esm: "export default {}" }); }
 *   toSVG() { return '<svg xmlns="http://www.w3.org/2000/svg"></svg>'; }
 * }
 * const sent: string[] = [];
 * const w = new Hello();
 * await w.open({ broadcast: (type) => sent.push(type) });
 * w.set({ text: "hello" });
 * console.assert(sent.join() === "comm_open,comm_msg");
 * ```
 */
export abstract class Widget {
  /** Model id = comm id, fixed at construction. */
  readonly modelId: string = crypto.randomUUID().replaceAll("-", "");
  /** The front-end view this widget uses (`lightcurve`, `sky`, `cutout`, `periodogram`). */
  readonly kind: string;
  /** Options given at construction. */
  protected readonly options: WidgetOptions;
  #state: Record<string, unknown>;
  #jupyter: JupyterLike | undefined;
  #opening: Promise<void> | undefined;

  /**
   * Set up a widget; the comm opens lazily on first display or `open()`.
   *
   * @param kind front-end view name
   * @param state initial state (JSON values and typed arrays)
   * @param options see {@link WidgetOptions}
   */
  protected constructor(kind: string, state: Record<string, unknown>, options: WidgetOptions = {}) {
    this.kind = kind;
    this.options = options;
    this.#state = { ...state };
  }

  /** The current state (read-only view). */
  get state(): Readonly<Record<string, unknown>> {
    return this.#state;
  }

  /** Whether the comm has been opened. */
  get isOpen(): boolean {
    return this.#opening !== undefined;
  }

  /**
   * Change state values; if the comm is open the view is updated (`method: "update"`). Returns
   * nothing, like the other setters: a notebook cell ending with a setter call shows no second
   * copy of the widget (Deno's kernel displays a cell's last value).
   *
   * @example
   * ```ts
   * import { LightCurveWidget } from "./lightcurve.ts";
   * const w = new LightCurveWidget({ jd: [1, 2], mag: [18, 18.2], err: [0.1, 0.1], fid: [1, 2] });
   * w.set({ period: 0.5 });
   * ```
   */
  set(partial: Record<string, unknown>): void {
    Object.assign(this.#state, partial);
    if (this.#opening && this.#jupyter) {
      const jupyter = this.#jupyter;
      this.#opening.then(() => {
        const { state, buffer_paths, buffers } = splitBuffers(partial);
        jupyter.broadcast(
          "comm_msg",
          { comm_id: this.modelId, data: { method: "update", state, buffer_paths } },
          { buffers },
        );
      });
    }
  }

  /**
   * Send a custom message (`method: "custom"`) to the front end; views receive it with
   * `model.on("msg:custom", ...)`. Requires an open comm.
   *
   * @example
   * ```ts
   * import { SkyWidget } from "./sky.ts";
   * const w = new SkyWidget({ ra: [10], dec: [20] }, { esm: "export default {}" });
   * await w.open({ broadcast: () => {} });
   * await w.send({ type: "highlight", index: 0 });
   * ```
   */
  async send(content: Record<string, unknown>, buffers: Uint8Array[] = []): Promise<void> {
    if (!this.#opening || !this.#jupyter) {
      throw new Error(`widget ${this.modelId} is not open: display it or call open() first`);
    }
    await this.#opening;
    this.#jupyter.broadcast(
      "comm_msg",
      { comm_id: this.modelId, data: { method: "custom", content } },
      { buffers },
    );
  }

  /**
   * Open the comm (once): `comm_open` with the anywidget state. Called by display.
   *
   * @param jupyter where to send; default `options.jupyter`, then `Deno.jupyter`
   * @example
   * ```ts
   * import { PeriodogramWidget } from "./periodogram.ts";
   * const w = new PeriodogramWidget(
   *   { frequency: new Float64Array([1, 2]), power: new Float64Array([0.1, 0.9]), bestPeriod: 0.5 },
   *   { esm: "export default {}" },
   * );
   * await w.open({ broadcast: () => {} });
   * ```
   */
  open(jupyter?: JupyterLike): Promise<void> {
    if (this.#opening) return this.#opening;
    const target = jupyter ?? this.options.jupyter ?? currentJupyter();
    if (!target) return Promise.reject(new NoKernelError());
    this.#jupyter = target;
    this.#opening = (async () => {
      const esm = this.options.esm ?? await loadFrontend();
      const version = this.options.moduleVersion ?? DEFAULT_MODULE_VERSION;
      const { state, buffer_paths, buffers } = splitBuffers({
        _model_module: "anywidget",
        _model_name: "AnyModel",
        _model_module_version: version,
        _view_module: "anywidget",
        _view_name: "AnyView",
        _view_module_version: version,
        _view_count: null,
        _anywidget_id: `finkit.${this.kind}`,
        _esm: esm,
        _css: CSS,
        kind: this.kind,
        ...this.#state,
      });
      target.broadcast(
        "comm_open",
        { comm_id: this.modelId, target_name: "jupyter.widget", data: { state, buffer_paths } },
        { metadata: { version: "2.1.0" }, buffers },
      );
    })();
    return this.#opening;
  }

  /**
   * Close the comm; the front end removes the model.
   *
   * @example
   * ```ts
   * import { SkyWidget } from "./sky.ts";
   * const w = new SkyWidget({ ra: [10], dec: [20] }, { esm: "export default {}" });
   * await w.open({ broadcast: () => {} });
   * await w.close();
   * ```
   */
  async close(): Promise<void> {
    if (!this.#opening || !this.#jupyter) return;
    await this.#opening;
    this.#jupyter.broadcast("comm_close", { comm_id: this.modelId, data: {} });
    this.#opening = undefined;
  }

  /** The figure as a standalone SVG document string (with `xmlns`). */
  abstract toSVG(): string;

  /** One-line description used as `text/plain`. */
  describe(): string {
    return `${this.constructor.name}(${this.kind})`;
  }

  /**
   * The MIME bundle shown in a notebook: widget view, static SVG as `image/svg+xml` (what
   * GitHub's notebook viewer and nbconvert draw when no widget manager runs), `text/plain`.
   * Opens the comm first (the comm_open and the display travel in order).
   *
   * @example
   * ```ts
   * import { LightCurveWidget } from "./lightcurve.ts";
   * const w = new LightCurveWidget({ jd: [1, 2], mag: [18, 18.2], err: [0.1, 0.1], fid: [1, 2] }, {
   *   jupyter: { broadcast: () => {} },
   *   esm: "export default {}",
   * });
   * const bundle = await w.displayBundle();
   * console.assert("image/svg+xml" in bundle);
   * ```
   */
  async displayBundle(): Promise<Record<string, unknown>> {
    const bundle: Record<string, unknown> = {
      "text/plain": this.describe(),
      "image/svg+xml": this.toSVG(),
    };
    const target = this.options.jupyter ?? currentJupyter();
    if (target) {
      await this.open(target);
      bundle[WIDGET_VIEW_MIME] = { version_major: 2, version_minor: 1, model_id: this.modelId };
    }
    return bundle;
  }

  /** Called by `Deno.jupyter` when the widget is the value of a cell or passed to `display`. */
  [Symbol.for("Jupyter.display")](): Promise<Record<string, unknown>> {
    return this.displayBundle();
  }
}
