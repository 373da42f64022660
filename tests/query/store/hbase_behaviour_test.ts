/**
 * What a real HBase 2.6 REST gateway does where the first test double did
 * otherwise, checked on the test double always and on a real HBase when
 * `HBASE_REST_URL` is set (the same assertions on both, so the double keeps
 * behaving like the real server): raw wire answers (missing namespaces and
 * tables, namespace re-creation, unknown column families, empty cells) and how
 * the HBase store turns them into clear errors.
 */
import { assert, assertEquals, assertRejects } from "../../assert.ts";
import { openHBaseStore } from "../../../query/store/hbase.ts";
import { StoreError } from "../../../query/store/store.ts";
import { HBaseRestDouble } from "../../hbase_double/server.ts";
import { dropNamespace, HBASE_REST_URL, liveName, namespaceUrl } from "./hbase_live.ts";

interface Server {
  /** `hbase://host:port` */
  url: string;
  /** `http://host:port` */
  http: string;
  close(): Promise<void>;
}

function servers(): [string, () => Server, boolean][] {
  return [
    ["hbase (REST test double)", () => {
      const d = HBaseRestDouble.start();
      return { url: d.url, http: d.url.replace("hbase:", "http:"), close: () => d.close() };
    }, false],
    [liveName(""), () => ({
      url: HBASE_REST_URL!,
      http: new URL(HBASE_REST_URL!.replace(/^hbase:/, "http:")).origin,
      close: () => Promise.resolve(),
    }), !HBASE_REST_URL],
  ];
}

const enc = new TextEncoder();
const json = { "content-type": "application/json", accept: "application/json" };

for (const [name, start, ignore] of servers()) {
  const test = (title: string, fn: (s: Server, ns: string) => Promise<void>) =>
    Deno.test({
      name: `${name}: ${title}`,
      ignore,
      sanitizeOps: false,
      sanitizeResources: false,
      fn: async () => {
        const server = start();
        const ns = `finkit_behave_${crypto.randomUUID().slice(0, 8)}`;
        try {
          await fn(server, ns);
        } finally {
          await dropNamespace(ns, server.url).catch(() => {});
          await server.close();
        }
      },
    });

  test("wire: namespaces, missing tables and families answer as HBase 2.6 does", async (s, ns) => {
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(s.http + path, {
        method,
        headers: json,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, text: await res.text(), location: res.headers.get("location") };
    };
    const schema = { ColumnSchema: [{ name: "i" }] };
    const inMissing = await call("PUT", `/${ns}:t/schema`, { name: `${ns}:t`, ...schema });
    assertEquals(inMissing.status, 503);
    assert(inMissing.text.includes("NamespaceNotFoundException"), inMissing.text);
    assertEquals((await call("POST", `/namespaces/${ns}`, {})).status, 201);
    const again = await call("POST", `/namespaces/${ns}`, {});
    assertEquals(again.status, 403);
    assert(again.text.includes("already exists"), again.text);
    assertEquals(
      (await call("PUT", `/${ns}:t/schema`, { name: `${ns}:t`, ...schema })).status,
      201,
    );
    const missing = `/${ns}:nope`;
    assertEquals((await call("GET", `${missing}/exists`)).status, 404);
    assertEquals((await call("GET", `${missing}/row`)).status, 404);
    const multi = await call("GET", `${missing}/multiget?row=a`);
    assertEquals([multi.status, multi.text.includes("Request failed.")], [500, true]);
    assertEquals((await call("GET", `${missing}/*?limit=1`)).status, 500);
    const scanner = await call("PUT", `${missing}/scanner`, { batch: 10 });
    assertEquals(scanner.status, 201); // created on a missing table…
    const page = await fetch(scanner.location!.replace(/^http:\/\/[^/]+/, s.http), {
      headers: json,
    });
    assertEquals(page.status, 404); // …and its first page is 404
    await page.body?.cancel();
    const family = await call("PUT", `/${ns}:t/fakerow`, {
      Row: [{ key: btoa("k"), Cell: [{ column: btoa("z:x"), $: btoa("1") }] }],
    });
    assertEquals(family.status, 404);
    assert(family.text.includes("NoSuchColumnFamilyException"), family.text);
    const empty = await call("PUT", `/${ns}:t/fakerow`, {
      Row: [{ key: btoa("e"), Cell: [{ column: btoa("i:x"), $: "" }] }],
    });
    assertEquals(empty.status, 200);
    const got = JSON.parse((await call("GET", `/${ns}:t/e`)).text);
    assertEquals(got.Row[0].Cell[0].$, ""); // an empty value is a stored cell
    const notEmpty = await call("DELETE", `/namespaces/${ns}`);
    assertEquals(notEmpty.status, 503); // only empty namespaces can be dropped
  });

  test(
    "store: namespace created on first table, clear errors for missing tables and families",
    async (s, ns) => {
      const store = openHBaseStore(namespaceUrl(ns, s.url), { retryDelay: 1 });
      await store.createTable("t", ["i", "d"]);
      const second = openHBaseStore(namespaceUrl(ns, s.url)); // the namespace now exists: 403 path
      await second.createTable("u", ["i"]);
      assertEquals((await store.listTables()).sort(), ["t", "u"]);
      for (
        const [what, op] of [
          ["get", () => store.get("nope", "k")],
          ["getMany", () => store.getMany("nope", ["a", "b"])],
          ["scan", () => Array.fromAsync(store.scan("nope", { prefix: "a" }))],
          ["reversed scan", () => Array.fromAsync(store.scan("nope", { reversed: true }))],
          ["count", () => store.count("nope")],
          ["put", () => store.put("nope", [{ key: "k", cells: { "i:x": enc.encode("1") } }])],
        ] as [string, () => Promise<unknown>][]
      ) {
        const err = await assertRejects(op, StoreError);
        const inNs = `table 'nope' does not exist in namespace '${ns}'`;
        assert(err.message.includes(inNs), `${what}: ${err.message}`);
      }
      const stateless = openHBaseStore(namespaceUrl(ns, s.url), { scanner: "stateless" });
      const err = await assertRejects(() => Array.fromAsync(stateless.scan("nope")), StoreError);
      assert(err.message.includes("does not exist"), err.message);
      const fam = await assertRejects(
        () => store.put("t", [{ key: "k", cells: { "z:x": enc.encode("1") } }]),
        StoreError,
      );
      assert(fam.message.includes("column family 'z' does not exist in table 't'"), fam.message);
      await store.put("t", [{ key: "e", cells: { "i:x": new Uint8Array(0) } }]);
      assertEquals((await store.get("t", "e"))?.columns, ["i:x"]);
      assertEquals((await Array.fromAsync(store.scan("t"))).map((r) => r.key), ["e"]);
    },
  );
}

Deno.test("store: a URL that names another web server says it is not an HBase REST gateway", async () => {
  // A real web server (not a test double of HBase): what a user hits with a wrong port.
  const other = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    () => new Response("Not Found", { status: 404 }),
  );
  try {
    const store = openHBaseStore(`hbase://127.0.0.1:${other.addr.port}`, { retryDelay: 1 });
    for (const op of [() => store.get("ztf", "k"), () => Array.fromAsync(store.scan("ztf"))]) {
      const err = await assertRejects(op, StoreError);
      assert(err.message.includes("is not an HBase REST gateway"), err.message);
    }
  } finally {
    await other.shutdown();
  }
});
