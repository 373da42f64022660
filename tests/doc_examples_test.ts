/**
 * Every `@example` in the library's documentation (what `deno doc` shows
 * users) type-checks and runs: `deno test --doc` over the library's modules,
 * on the embedded sample. The browser-only front ends (`*\/frontend/`, the
 * bundles in `dist/`) are left out: their examples need a page. The
 * TypeScript blocks of README.md and docs/ type-check against the library
 * (they name files on a user's disk, so they are not run).
 */
import { assert } from "./assert.ts";

const root = new URL("../", import.meta.url).pathname;
const FOLDERS = ["astro", "query", "fit", "widgets", "server"];

function modules(dir: string): string[] {
  const out: string[] = [];
  for (const e of Deno.readDirSync(`${root}${dir}`)) {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory && e.name !== "frontend" && e.name !== "dist") out.push(...modules(path));
    else if (e.isFile && e.name.endsWith(".ts")) out.push(path);
  }
  return out;
}

/** Run `deno` with `args` at the project's top: its success and its output, uncoloured. */
async function deno(...args: string[]): Promise<{ success: boolean; text: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: root,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  return { success: out.success, text };
}

Deno.test({
  name: "every @example of the library's documentation type-checks and runs",
  sanitizeResources: false,
  sanitizeOps: false,
}, async () => {
  const files = ["mod.ts", ...FOLDERS.flatMap(modules)].sort();
  const out = await deno("test", "--doc", "--parallel", "-A", ...files);
  const text = out.text;
  const summary = text.match(/^(ok|FAILED) \| (\d+) passed.*$/m);
  // The end of the output: the failing examples and their errors (or the type errors).
  const errors = text.split("\n").slice(-80).join("\n");
  assert(out.success, `deno test --doc failed:\n${out.success ? "" : errors}`);
  assert(summary && Number(summary[2]) >= 300, `too few examples ran: ${summary?.[0]}`);
});

Deno.test({
  name: "README's and docs/' TypeScript blocks type-check against the library",
  sanitizeResources: false,
  sanitizeOps: false,
}, async () => {
  // The blocks import from the project's top ("./mod.ts", "./fit/mod.ts"), as a user's file
  // there would: copies with those imports made absolute are checked, README and docs alike.
  const dir = await Deno.makeTempDir({ prefix: "finkit-md-" });
  try {
    const pages = [
      "README.md",
      ...[...Deno.readDirSync(`${root}docs`)].map((e) => `docs/${e.name}`),
    ]
      .filter((p) => p.endsWith(".md")).sort();
    const copies = pages.map((page) => {
      const copy = `${dir}/${page.replace("/", "_")}`;
      const text = Deno.readTextFileSync(`${root}${page}`);
      Deno.writeTextFileSync(copy, text.replaceAll('from "./', `from "file://${root}`));
      return copy;
    });
    const out = await deno("check", "--doc-only", "--config", `${root}deno.json`, ...copies);
    const text = out.text;
    assert(out.success, `deno check --doc-only failed:\n${text.split("\n").slice(-60).join("\n")}`);
    const checked = text.match(/^Check /gm)?.length ?? 0;
    assert(checked >= 9, `too few blocks checked (${checked}):\n${text}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
