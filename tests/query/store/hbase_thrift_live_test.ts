/**
 * Fink's own tools can read what finkit writes: alert files ingested by finkit
 * into a real HBase are read back through HBase's Thrift gateway with the Python
 * `happybase` client (scripts/hbase/crosscheck.py, PyPI, in `.cache/venv`) and
 * decoded with Fink's conventions (rowkey `objectId_jd`, big-endian doubles,
 * floats, ints and longs, UTF-8 strings); the values must be finkit's.
 * Needs `HBASE_REST_URL` and `FINKIT_HBASE_RUN` (both set by
 * `scripts/hbase/hbase.sh start --env`, as `.ci/run` does).
 */
import { assert, assertEquals } from "../../assert.ts";
import { openHBaseStore } from "../../../query/store/hbase.ts";
import { ingestFiles } from "../../../query/ingest/ingest.ts";
import { objects } from "../../../query/api/objects.ts";
import { INGEST_FILES } from "../../conformance/ingest_query_suite.ts";
import { dropNamespace, HBASE_REST_URL, liveName, namespaceUrl } from "./hbase_live.ts";

const ROOT = new URL("../../../", import.meta.url).pathname;

async function run(cmd: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(cmd, { args, cwd: ROOT, stdout: "piped", stderr: "piped" })
    .output();
  const err = new TextDecoder().decode(out.stderr);
  assert(out.success, `${cmd} ${args.join(" ")} failed:\n${err}`);
  return new TextDecoder().decode(out.stdout);
}

Deno.test({
  name: `${liveName(", Thrift + happybase")}: Fink's Python client reads finkit's rows`,
  ignore: !HBASE_REST_URL,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const runDir = Deno.env.get("FINKIT_HBASE_RUN");
    assert(runDir, "FINKIT_HBASE_RUN (the run folder of scripts/hbase/hbase.sh start --env)");
    const python = `${ROOT}.cache/venv/bin/python`;
    assert(
      await Deno.stat(python).then(() => true, () => false),
      `${python}: run scripts/install_test_deps.sh`,
    );
    const namespace = `finkit_thrift_${crypto.randomUUID().slice(0, 8)}`;
    const store = openHBaseStore(namespaceUrl(namespace));
    try {
      await ingestFiles(store, INGEST_FILES);
      const port = (await run("bash", ["scripts/hbase/hbase.sh", "thrift", runDir])).trim();
      const objectId = "ZTF19acihgng";
      const read = JSON.parse(
        await run(python, [
          "scripts/hbase/crosscheck.py",
          "--port",
          port,
          "--namespace",
          namespace,
          "--object",
          objectId,
        ]),
      ) as {
        tables: string[];
        alerts: Record<string, string | number | null>[];
        pixels: Record<string, string | number>[];
      };
      assert(
        read.tables.includes("ztf") && read.tables.includes("ztf.pixel128"),
        read.tables.join(),
      );
      const lc = await objects(store, { objectId, columns: "i:jd,i:ra,i:magpsf,i:fid,i:candid" });
      const mine = new Map<number, Record<string, unknown>>();
      for (const r of lc.toArray()) mine.set(r["i:jd"], r.toJSON());
      assert(read.alerts.length > 0, "happybase found the object's rows");
      assertEquals(read.alerts.length, mine.size, "same number of alerts");
      for (const a of read.alerts) {
        assertEquals([a.keyObjectId, a.objectId], [objectId, objectId], String(a.key));
        assertEquals(Number(a.keyJd), a.jd, `rowkey jd of ${a.key} is i:jd`);
        const m = mine.get(a.jd as number);
        assert(m, `finkit has ${a.key}`);
        assertEquals(
          [a.ra, a.magpsf, a.fid, a.candid],
          [m["i:ra"], m["i:magpsf"], m["i:fid"], String(m["i:candid"])],
          `cells of ${a.key}`,
        );
      }
      assert(read.pixels.length > 0, "the object is in ztf.pixel128");
      for (const p of read.pixels) assertEquals(p.objectId, objectId);
    } finally {
      await dropNamespace(namespace);
    }
  },
});
