/**
 * The anywidget wire protocol spoken by the widget base (widgets/widget.ts, widgets/buffers.ts),
 * checked against the message shapes of the Jupyter widget protocol v2 and anywidget 0.11
 * (spec/jupyter.md §3.3), with a recording stand-in for Deno.jupyter.broadcast.
 */
import { assert, assertEquals, assertRejects, assertThrows } from "../assert.ts";
import {
  DEFAULT_MODULE_VERSION,
  LightCurveWidget,
  NoKernelError,
  splitBuffers,
  WIDGET_VIEW_MIME,
  WidgetDataError,
} from "../../widgets/mod.ts";

interface Sent {
  type: string;
  content: Record<string, unknown>;
  extra?: { metadata?: Record<string, unknown>; buffers?: Uint8Array[] };
}

function recorder() {
  const sent: Sent[] = [];
  return {
    sent,
    jupyter: {
      broadcast(type: string, content: Record<string, unknown>, extra?: Sent["extra"]) {
        sent.push({ type, content, extra });
      },
    },
  };
}

const LC = {
  jd: [2459000.5, 2459001.5, 2459002.5],
  mag: [18, null, 18.4],
  err: [0.1, null, 0.12],
  fid: [1, 2, 1],
  diffmaglim: [20.1, 19.8, 20.3],
};

Deno.test("splitBuffers moves typed arrays out of dicts and lists and records their paths", () => {
  const { state, buffer_paths, buffers } = splitBuffers({
    a: 1,
    jd: new Float64Array([1, 2]),
    nested: { list: [new Uint8Array([7]), "x"], deep: { f: new Float32Array([1]) } },
  });
  assertEquals(state, { a: 1, nested: { list: [null, "x"], deep: {} } });
  assertEquals(buffer_paths, [["jd"], ["nested", "list", 0], ["nested", "deep", "f"]]);
  assertEquals(buffers.map((b) => b.byteLength), [16, 1, 4]);
});

Deno.test("open sends one comm_open with the anywidget model/view names, version range, _esm and buffers", async () => {
  const r = recorder();
  const w = new LightCurveWidget(LC, { jupyter: r.jupyter, esm: "export default {}" });
  await w.open();
  await w.open(); // idempotent
  assertEquals(r.sent.length, 1);
  const [msg] = r.sent;
  assertEquals(msg.type, "comm_open");
  assertEquals(msg.content.comm_id, w.modelId);
  assertEquals(msg.content.target_name, "jupyter.widget");
  assertEquals(msg.extra?.metadata, { version: "2.1.0" });
  const data = msg.content.data as { state: Record<string, unknown>; buffer_paths: string[][] };
  const s = data.state;
  assertEquals(
    [s._model_module, s._model_name, s._view_module, s._view_name],
    ["anywidget", "AnyModel", "anywidget", "AnyView"],
  );
  assertEquals(s._model_module_version, "~0.11.*");
  assertEquals(s._view_module_version, DEFAULT_MODULE_VERSION);
  assertEquals(s._esm, "export default {}");
  assert(typeof s._css === "string" && s._css.length > 0);
  assertEquals(s.kind, "lightcurve");
  assertEquals(data.buffer_paths.length, msg.extra?.buffers?.length);
  const k = data.buffer_paths.findIndex((p) => p[0] === "jd");
  const jd = new Float64Array(msg.extra!.buffers![k].slice().buffer);
  assertEquals(Array.from(jd), LC.jd);
  assert(!("jd" in s), "binary values are removed from the JSON state");
});

Deno.test("the module version range is configurable", async () => {
  const r = recorder();
  await new LightCurveWidget(LC, { jupyter: r.jupyter, esm: "", moduleVersion: "^0.9.0" }).open();
  const s = (r.sent[0].content.data as { state: Record<string, unknown> }).state;
  assertEquals([s._model_module_version, s._view_module_version], ["^0.9.0", "^0.9.0"]);
});

Deno.test("set after open sends a comm_msg update with only the changed keys", async () => {
  const r = recorder();
  const w = new LightCurveWidget(LC, { jupyter: r.jupyter, esm: "" });
  w.set({ title: "before open" }); // not sent: the comm is not open yet
  await w.open();
  w.fold(0.5);
  await w.open();
  await Promise.resolve();
  const updates = r.sent.filter((m) => m.type === "comm_msg");
  assertEquals(updates.length, 1);
  assertEquals(updates[0].content, {
    comm_id: w.modelId,
    data: { method: "update", state: { period: 0.5 }, buffer_paths: [] },
  });
  const opened = (r.sent[0].content.data as { state: Record<string, unknown> }).state;
  assertEquals(opened.title, "before open");
});

Deno.test("send delivers a custom message and close sends comm_close", async () => {
  const r = recorder();
  const w = new LightCurveWidget(LC, { jupyter: r.jupyter, esm: "" });
  await assertRejects(() => w.send({ x: 1 }), Error, "not open");
  await w.open();
  await w.send({ type: "highlight", index: 2 });
  await w.close();
  assertEquals(r.sent.map((m) => m.type), ["comm_open", "comm_msg", "comm_close"]);
  assertEquals(r.sent[1].content.data, {
    method: "custom",
    content: { type: "highlight", index: 2 },
  });
  assertEquals(r.sent[2].content, { comm_id: w.modelId, data: {} });
});

Deno.test("the display bundle has the widget view, a static SVG as image/svg+xml and text/plain", async () => {
  const r = recorder();
  const w = new LightCurveWidget(LC, { jupyter: r.jupyter, esm: "" });
  const display = (w as unknown as Record<symbol, () => Promise<Record<string, unknown>>>)[
    Symbol.for("Jupyter.display")
  ];
  const bundle = await display.call(w);
  assertEquals(
    Object.keys(bundle).sort(),
    ["image/svg+xml", "text/plain", WIDGET_VIEW_MIME].sort(),
  );
  assertEquals(bundle[WIDGET_VIEW_MIME], {
    version_major: 2,
    version_minor: 1,
    model_id: w.modelId,
  });
  assert(String(bundle["image/svg+xml"]).startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
  assertEquals(r.sent[0].type, "comm_open", "comm_open precedes the display");
});

Deno.test("outside a kernel the bundle is static only and open() fails with NoKernelError", async () => {
  const w = new LightCurveWidget(LC);
  const bundle = await w.displayBundle();
  assert(!(WIDGET_VIEW_MIME in bundle));
  await assertRejects(() => w.open(), NoKernelError);
});

Deno.test("the default _esm is the committed front-end bundle", async () => {
  const r = recorder();
  await new LightCurveWidget(LC, { jupyter: r.jupyter }).open();
  const s = (r.sent[0].content.data as { state: Record<string, unknown> }).state;
  const dist = await Deno.readTextFile(new URL("../../widgets/dist/widgets.js", import.meta.url));
  assertEquals(s._esm, dist);
});

Deno.test("bad options raise WidgetDataError naming the value", () => {
  assertThrows(() => new LightCurveWidget(LC, { period: -1 }), WidgetDataError, "-1");
  assertThrows(
    () => new LightCurveWidget(LC, { mode: "magic" as never }),
    WidgetDataError,
    "magic",
  );
});
