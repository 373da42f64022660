/**
 * Every `@example` in the library's documentation (what `deno doc` shows
 * users) type-checks and runs: `deno test --doc` over the library's modules,
 * on the embedded sample. The browser-only front ends (`*\/frontend/`, the
 * bundles in `dist/`) are left out: their examples need a page.
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

Deno.test({
  name: "every @example of the library's documentation type-checks and runs",
  sanitizeResources: false,
  sanitizeOps: false,
}, async () => {
  const files = ["mod.ts", ...FOLDERS.flatMap(modules)].sort();
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["test", "--doc", "--parallel", "-A", ...files],
    cwd: root,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  const summary = text.match(/^(ok|FAILED) \| (\d+) passed.*$/m);
  // The end of the output: the failing examples and their errors (or the type errors).
  const errors = text.split("\n").slice(-80).join("\n");
  assert(out.success, `deno test --doc failed:\n${out.success ? "" : errors}`);
  assert(summary && Number(summary[2]) >= 300, `too few examples ran: ${summary?.[0]}`);
});
