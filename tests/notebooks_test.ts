/**
 * The example notebooks (notebooks/*.ipynb) run without errors in the Deno
 * kernel, and the committed copies are executed (they carry their outputs,
 * including a static figure for every widget). Skipped, with the reason,
 * only when Jupyter or the Deno kernelspec is absent.
 */
import { assert } from "./assert.ts";
import { executeNotebook, missingJupyter } from "./browser/chromium.ts";

const reason = missingJupyter();
if (reason) console.warn(`notebooks_test skipped: ${reason}`);

const dir = new URL("../notebooks/", import.meta.url).pathname;
const notebooks = [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n.endsWith(".ipynb"))
  .sort();

// deno-lint-ignore no-explicit-any
type Cell = { cell_type: string; source: string | string[]; outputs?: any[] };

function codeCells(path: string): Cell[] {
  const nb = JSON.parse(Deno.readTextFileSync(path));
  return (nb.cells as Cell[]).filter((c) => c.cell_type === "code");
}

function src(c: Cell): string {
  return Array.isArray(c.source) ? c.source.join("") : c.source;
}

for (const name of notebooks) {
  Deno.test(`the committed notebook ${name} is executed and its widgets carry a static figure`, () => {
    for (const c of codeCells(`${dir}${name}`)) {
      const outputs = c.outputs ?? [];
      if (!/close\(\);?\s*$/.test(src(c))) assert(outputs.length > 0, `no output for: ${src(c)}`);
      for (const o of outputs) {
        assert(o.output_type !== "error", `${name}: ${o.ename}: ${o.evalue}`);
        const data = o.data ?? {};
        if (data["application/vnd.jupyter.widget-view+json"]) {
          // GitHub's viewer and nbconvert draw this when no widget manager runs.
          const svg = [data["image/svg+xml"]].flat().join("");
          assert(svg.startsWith("<svg xmlns="), `${name}: a widget without its static SVG`);
        }
      }
    }
  });

  Deno.test({
    name: `the notebook ${name} runs without errors in the Deno kernel`,
    ignore: reason !== "",
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      const out = await Deno.makeTempFile({ suffix: ".ipynb" });
      try {
        // Execute a copy placed in notebooks/ so its relative imports resolve.
        const copy = `${dir}.test-${name}`;
        await Deno.copyFile(`${dir}${name}`, copy);
        try {
          await executeNotebook(copy, out);
        } finally {
          await Deno.remove(copy);
        }
        for (const c of codeCells(out)) {
          for (const o of c.outputs ?? []) {
            assert(o.output_type !== "error", `${name}: ${o.ename}: ${o.evalue}`);
          }
        }
      } finally {
        await Deno.remove(out);
      }
    },
  });
}
