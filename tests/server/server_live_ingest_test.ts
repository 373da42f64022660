/**
 * A group serving its own alerts ingests each night's files into the store the server is
 * serving. Here a real `deno task ingest` process writes into the SQLite file that a server
 * with query workers reads: every request made meanwhile is answered (200), an object the new
 * files do not touch unchanged, and once the ingest is over the running server answers exactly
 * what a server started afresh on the file answers (nothing stale: new tables, columns, rows).
 */
import { assert, assertEquals } from "../assert.ts";
import { serve } from "../../server/mod.ts";
import { withTempDir } from "../temp_dir.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const FIRST = ["data/sample/fink-client/datatest"]; // ZTF19acihgng among 34 objects
const NIGHT = ["data/sample/fink-filters", "data/sample/fink-science"]; // ZTF25abxvhmk among 102
const OLD = "ZTF19acihgng", NEW = "ZTF25abxvhmk";

/** `deno task ingest` in its own process, as a user runs it. */
function ingest(paths: string[], store: string): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "scripts/ingest.ts", ...paths, "--store", store],
    cwd: ROOT,
    stdout: "null",
    stderr: "piped",
  }).spawn();
}

async function body(url: string, route: string, params: Record<string, string>) {
  const r = await fetch(`${url}/api/v1/${route}?${new URLSearchParams(params)}`);
  return [r.status, await r.text()] as const;
}

const QUERIES: [string, Record<string, string>][] = [
  ["objects", { objectId: NEW }],
  ["objects", { objectId: OLD, withupperlim: "True" }],
  ["latests", { class: "SN candidate", n: "100" }],
  ["conesearch", { ra: "26.7307925", dec: "-15.3710891", radius: "5" }],
  ["statistics", { date: "" }],
  ["classes", {}],
];

Deno.test("a store ingested into while it is served: answers stay whole during the ingest, and fresh after it", async () => {
  await withTempDir(async (dir) => {
    const store = `file:${dir}/alerts.db`;
    const first = await ingest(FIRST, store).output();
    assert(first.success, new TextDecoder().decode(first.stderr));
    // --read-only, as README advises for a public server: it refuses annotations, not new alerts.
    const server = await serve({ store, port: 0, workers: 2, readOnly: true });
    try {
      const before = await body(server.url, "objects", { objectId: OLD, columns: "i:jd" });
      assertEquals(before[0], 200);
      assert(JSON.parse(before[1]).length > 0);
      assertEquals(await body(server.url, "objects", { objectId: NEW }), [200, "[]"]);

      const night = ingest(NIGHT, store);
      let done = false;
      const status = night.status.then((s) => (done = true, s));
      const during: (readonly [number, string])[] = [];
      // Bounded: at most 2,000 requests, however long the ingest takes.
      while (!done && during.length < 2000) {
        during.push(await body(server.url, "objects", { objectId: OLD, columns: "i:jd" }));
      }
      const s = await status;
      assert(s.success, new TextDecoder().decode(await new Response(night.stderr).arrayBuffer()));
      assert(during.length > 0);
      for (const d of during) assertEquals(d, before);

      const running = [];
      for (const [route, params] of QUERIES) running.push(await body(server.url, route, params));
      assert(JSON.parse(running[0][1]).length === 15, "the new object's 15 alerts are served");
      const fresh = await serve({ store, port: 0, workers: 1 });
      try {
        for (const [k, [route, params]] of QUERIES.entries()) {
          assertEquals(running[k], await body(fresh.url, route, params), `${route} ${params}`);
        }
      } finally {
        await fresh.shutdown();
      }
    } finally {
      await server.shutdown();
    }
  });
});
