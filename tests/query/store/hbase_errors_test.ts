/**
 * Failure behaviour of the HBase backend against the HBase REST test double:
 * server down, 5xx (retried for idempotent reads only), slow answers
 * (timeout), connection-string errors, and credentials never showing up in
 * error messages. Tolerances: timings are only bounded loosely (the timeout
 * test allows 5× the configured timeout on this shared machine).
 */
import { assert, assertEquals, assertRejects } from "../../assert.ts";
import { HBaseUrlError, openHBaseStore, parseHBaseUrl } from "../../../query/store/hbase.ts";
import { StoreError } from "../../../query/store/store.ts";
import type { HBaseRestDouble } from "../../hbase_double/server.ts";
import { doubleTest } from "../../hbase_double/testing.ts";

const enc = new TextEncoder();

const test = doubleTest({ ignoreCloseErrors: true });

async function withTable(double: HBaseRestDouble) {
  const store = openHBaseStore(double.url, { retryDelay: 1, scanner: "stateful" });
  await store.createTable("ztf", ["i"]);
  await store.put("ztf", [{ key: "ZTF21a_1", cells: { "i:jd": enc.encode("1") } }]);
  double.resetStats();
  return store;
}

test("server down: a StoreError naming host, port and operation, after bounded retries", async (double) => {
  const port = double.port;
  await double.close();
  const store = openHBaseStore(`hbase://127.0.0.1:${port}`, { retries: 2, retryDelay: 1 });
  const err = await assertRejects(() => store.get("ztf", "k"), StoreError);
  assert(err.message.includes(`127.0.0.1:${port}`), err.message);
  assert(err.message.includes("get on table 'ztf'"), err.message);
  assert(err.message.includes("ECONNREFUSED"), err.message);
  assert(err.message.includes("3 attempts"), err.message);
  const listErr = await assertRejects(() => store.listTables(), StoreError);
  assert(listErr.message.includes("listTables"), listErr.message);
});

test("5xx on a read is retried and then succeeds", async (double) => {
  const store = await withTable(double);
  double.inject({ status: 500, times: 2, match: /^GET / });
  assertEquals((await store.get("ztf", "ZTF21a_1"))?.key, "ZTF21a_1");
  assertEquals(double.stats.requests, 3);
  double.inject({ status: 503, times: 1, match: /^PUT .*\/scanner$/ });
  let n = 0;
  for await (const _ of store.scan("ztf")) n++;
  assertEquals(n, 1);
  assertEquals(double.stats.openScanners, 0);
});

test("persistent 5xx gives an error naming the status after retries", async (double) => {
  const store = await withTable(double);
  double.inject({ status: 500, times: 100 });
  const err = await assertRejects(() => store.getMany("ztf", ["a", "b"]), StoreError);
  assert(err.message.includes("HTTP 500") && err.message.includes("getMany"), err.message);
  assert(err.message.includes("4 attempts"), err.message);
  assertEquals(double.stats.requests, 4);
});

test("writes are not retried: one 500 fails the put at once", async (double) => {
  const store = await withTable(double);
  double.inject({ status: 500, times: 1, match: /^PUT / });
  const err = await assertRejects(
    () => store.put("ztf", [{ key: "k", cells: { "i:x": enc.encode("1") } }]),
    StoreError,
  );
  assert(err.message.includes("put on table 'ztf'"), err.message);
  assertEquals(double.stats.requests, 1);
});

test("a failing scanner page still deletes the scanner", async (double) => {
  const store = await withTable(double);
  double.inject({ status: 500, times: 1, match: /^GET .*\/scanner\// });
  await assertRejects(async () => {
    for await (const _ of store.scan("ztf")) { /* consume */ }
  }, StoreError);
  assertEquals(double.stats.scannersCreated, 1);
  assertEquals(double.stats.openScanners, 0);
});

test("a slow server hits the timeout option with a clear error", async (double) => {
  const store = await withTable(double);
  const slow = openHBaseStore(`${double.url}?timeout=100&retries=0`);
  double.inject({ delayMs: 400, times: 1 });
  const t0 = performance.now();
  const err = await assertRejects(() => slow.get("ztf", "ZTF21a_1"), StoreError);
  const elapsed = performance.now() - t0;
  assert(err.message.includes("within 100 ms") && err.message.includes("get"), err.message);
  assert(elapsed < 500, `took ${elapsed} ms`);
  await new Promise((r) => setTimeout(r, 450)); // let the slow answer drain
  assertEquals((await store.get("ztf", "ZTF21a_1"))?.key, "ZTF21a_1");
});

test("credentials are sent but never appear in descriptions or error messages", async (double) => {
  const url = `hbase://fink:s3cr3t-pw@127.0.0.1:${double.port}`;
  const store = openHBaseStore(url, { retries: 0 });
  assertEquals(store.description, `hbase://127.0.0.1:${double.port}`);
  await store.createTable("ztf", ["i"]);
  assertEquals(double.log[0].authorization, `Basic ${enc.encode("fink:s3cr3t-pw").toBase64()}`);
  double.inject({ status: 500, times: 1 });
  const err = await assertRejects(() => store.get("ztf", "k"), StoreError);
  const port = double.port;
  await double.close();
  const down = await assertRejects(() => store.get("ztf", "k"), StoreError);
  const krb = openHBaseStore(`hbase://127.0.0.1:${port}`, {
    krb5: { principal: "fink@EXAMPLE.ORG", password: "kerb-s3cr3t" },
  });
  const krbErr = await assertRejects(() => krb.listTables(), StoreError);
  assert(krbErr.message.includes("krb5"), krbErr.message); // npm hbase's optional module is absent
  for (const e of [err, down, krbErr]) {
    const text = `${e.message} ${e.stack} ${String(e.cause)} ${JSON.stringify(e)}`;
    assert(!text.includes("s3cr3t"), text);
  }
  const badUrl = (() => {
    try {
      parseHBaseUrl("hbase://fink:s3cr3t-pw@host:8080/a/b");
    } catch (e) {
      return e as Error;
    }
  })();
  assert(badUrl instanceof HBaseUrlError && !badUrl.message.includes("s3cr3t"), badUrl?.message);
});

test("connection strings: defaults, namespace, parameters and errors", () => {
  const u = parseHBaseUrl("hbase://rest.example.org/fink?timeout=5000&retries=1&protocol=https");
  assertEquals([u.host, u.port, u.namespace, u.timeout, u.retries, u.protocol], [
    "rest.example.org",
    8080,
    "fink",
    5000,
    1,
    "https",
  ]);
  assertEquals(u.description, "hbase://rest.example.org:8080/fink");
  for (const bad of ["http://h:1", "hbase://h:1?timeout=-3", "hbase://h:1?colour=red", "nope"]) {
    let thrown: unknown;
    try {
      parseHBaseUrl(bad);
    } catch (e) {
      thrown = e;
    }
    assert(thrown instanceof HBaseUrlError, bad);
  }
  return Promise.resolve();
});

test("a malformed JSON body is a StoreError naming the server, not a crash", async (double) => {
  const store = await withTable(double);
  double.inject({ body: '{"Row":[{"key":', match: /^GET /, times: 10 });
  const err = await assertRejects(() => store.get("ztf", "ZTF21a_1"), StoreError);
  assert(err.message.includes("get on table 'ztf'"), err.message);
  assert(err.message.includes(`127.0.0.1:${double.port}`), err.message);
});

test("a connection reset mid-body on a read is retried, then succeeds", async (double) => {
  const store = await withTable(double);
  double.inject({ reset: true, match: /^GET /, times: 1 });
  const row = await store.get("ztf", "ZTF21a_1");
  assertEquals(row?.key, "ZTF21a_1");
});
