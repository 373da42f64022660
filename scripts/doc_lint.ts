/**
 * `deno doc --lint mod.ts`, quiet: the public API's documentation check,
 * printing its errors but not the warnings about `@types/node` internals that
 * the npm packages pull in. Exits with deno doc's status.
 *
 *   deno run -A scripts/doc_lint.ts
 */
const out = await new Deno.Command(Deno.execPath(), {
  args: ["doc", "--lint", "mod.ts"],
  cwd: new URL("../", import.meta.url).pathname,
  env: { NO_COLOR: "1" },
  stdout: "piped",
  stderr: "piped",
}).output();
const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
const lines = text.split("\n");
const kept: string[] = [];
for (let i = 0; i < lines.length; i++) {
  if (lines[i].startsWith("Warning Failed resolving types")) {
    if (lines[i + 1]?.trim().startsWith("at ")) i++;
    continue;
  }
  if (lines[i].trim() !== "") kept.push(lines[i]);
}
if (kept.length) console.log(kept.join("\n"));
if (!out.success) Deno.exit(out.code || 1);
console.log("doc lint: mod.ts clean");
