/**
 * The layer check: fails (exit 1) when an import crosses finkit's layers the
 * wrong way or modules import each other in a cycle. Reads the module graph
 * of every source file from `deno info --json`, type-only imports included.
 *
 * Layers, lowest first; a folder may import its own files and lower layers
 * only, never a sibling of the same rank:
 *
 *   astro/ → fit/, query/store/ → query/table/ → query/ingest/ → query/api/
 *   → query/*.ts (client, open, mod) → widgets/ → server/ → mod.ts
 *
 * widgets/ and server/ reach the query layer through query/mod.ts only.
 *
 *   deno run -A scripts/check_layers.ts
 */

const LAYERS: [prefix: string, rank: number][] = [
  ["astro/", 0],
  ["fit/", 1],
  ["query/store/", 1],
  ["query/table/", 2],
  ["query/ingest/", 3],
  ["query/api/", 4],
  ["query/", 5],
  ["widgets/", 6],
  ["server/", 7],
  ["mod.ts", 8],
];
const SOURCE_DIRS = ["astro", "fit", "query", "widgets", "server"];
/** Folders above the query layer, which must use its public entry point. */
const THROUGH_MOD = ["widgets/", "server/"];

const root = new URL("../", import.meta.url);

function layer(path: string): [string, number] | undefined {
  return LAYERS.find(([prefix]) => path === prefix || path.startsWith(prefix));
}

async function sources(): Promise<string[]> {
  const out = ["mod.ts"];
  async function walk(dir: string): Promise<void> {
    let entries: AsyncIterable<Deno.DirEntry>;
    try {
      entries = Deno.readDir(new URL(dir, root));
    } catch {
      return;
    }
    for await (const e of entries) {
      const path = `${dir}/${e.name}`;
      if (e.isDirectory && path !== "widgets/dist") await walk(path);
      else if (e.isFile && e.name.endsWith(".ts")) out.push(path);
    }
  }
  for (const d of SOURCE_DIRS) {
    try {
      await Deno.stat(new URL(d, root));
    } catch {
      continue;
    }
    await walk(d);
  }
  return out.sort();
}

interface InfoModule {
  specifier: string;
  dependencies?: {
    specifier: string;
    code?: { specifier: string };
    type?: { specifier: string };
  }[];
}

async function graph(files: string[]): Promise<Map<string, string[]>> {
  const dir = await Deno.makeTempDir({ prefix: "finkit-layers-" });
  const entry = `${dir}/all.ts`;
  await Deno.writeTextFile(
    entry,
    files.map((f) => `import "${new URL(f, root).href}";`).join("\n") + "\n",
  );
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", entry],
    cwd: root.pathname,
    stdout: "piped",
    stderr: "piped",
  }).output();
  await Deno.remove(dir, { recursive: true });
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
  const info = JSON.parse(new TextDecoder().decode(out.stdout)) as { modules: InfoModule[] };
  const rel = (s: string) => s.startsWith(root.href) ? s.slice(root.href.length) : undefined;
  const edges = new Map<string, string[]>();
  for (const m of info.modules) {
    const from = rel(m.specifier);
    if (!from) continue;
    const to = (m.dependencies ?? [])
      .flatMap((d) => [d.code?.specifier, d.type?.specifier])
      .map((s) => s && rel(s))
      .filter((s): s is string => s !== undefined && s.endsWith(".ts"));
    edges.set(from, [...new Set(to)]);
  }
  return edges;
}

function layerErrors(edges: Map<string, string[]>): string[] {
  const errors: string[] = [];
  for (const [from, tos] of edges) {
    const a = layer(from);
    if (!a) continue;
    for (const to of tos) {
      const b = layer(to);
      if (!b || a[0] === b[0]) continue;
      if (b[1] >= a[1]) {
        errors.push(`${from} imports ${to}: ${a[0]} may not import ${b[0]} (same or higher layer)`);
      } else if (THROUGH_MOD.includes(a[0]) && to.startsWith("query/") && to !== "query/mod.ts") {
        errors.push(`${from} imports ${to}: ${a[0]} reaches query/ through query/mod.ts only`);
      }
    }
  }
  return errors;
}

function cycles(edges: Map<string, string[]>): string[] {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const found: string[] = [];
  const visit = (n: string) => {
    state.set(n, 1);
    stack.push(n);
    for (const m of edges.get(n) ?? []) {
      if (state.get(m) === 1) found.push([...stack.slice(stack.indexOf(m)), m].join(" → "));
      else if (!state.has(m)) visit(m);
    }
    stack.pop();
    state.set(n, 2);
  };
  for (const n of [...edges.keys()].sort()) if (!state.has(n)) visit(n);
  return found.map((c) => `import cycle: ${c}`);
}

if (import.meta.main) {
  const files = await sources();
  const edges = await graph(files);
  const problems = [...layerErrors(edges), ...cycles(edges)];
  if (problems.length) {
    console.error(problems.join("\n"));
    console.error(`layer check: ${problems.length} problem(s) in ${edges.size} modules`);
    Deno.exit(1);
  }
  console.log(`layer check: ${edges.size} modules, no import against the layers, no cycle`);
}
