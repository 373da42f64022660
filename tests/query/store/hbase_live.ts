/**
 * Shared support of the live HBase tests (test code only): the REST gateway URL
 * from `HBASE_REST_URL`, test names that say why a test is ignored, namespace
 * URLs and clean-up, and the sample's ingest through the CLI.
 *
 * @module
 */
import { dropNamespace as drop, openHBaseStore } from "../../../query/store/hbase.ts";
import { assert } from "../../assert.ts";

const ROOT = new URL("../../../", import.meta.url).pathname;

/** `hbase://host:port` of a real HBase REST gateway, or undefined (live tests ignored). */
export const HBASE_REST_URL: string | undefined = Deno.env.get("HBASE_REST_URL") || undefined;

/** Name prefix of a live test: the server, or why the test is ignored. */
export function liveName(variant: string): string {
  return HBASE_REST_URL
    ? `hbase live (${HBASE_REST_URL.replace(/\/\/[^@/]*@/, "//")}${variant})`
    : `hbase live${variant} (skipped: set HBASE_REST_URL=hbase://host:port, or run ` +
      "bash scripts/hbase/hbase.sh run deno test -A tests/)";
}

/** `url` (default `HBASE_REST_URL`) with `namespace` as its path. */
export function namespaceUrl(namespace: string, url = HBASE_REST_URL!): string {
  return url.replace(/^(hbase:\/\/[^/?]+)(\/[^?]*)?/, `$1/${namespace}`);
}

/** Drop every table of `namespace`, then it (on `url`, default `HBASE_REST_URL`). */
export async function dropNamespace(namespace: string, url = HBASE_REST_URL!): Promise<void> {
  const store = openHBaseStore(namespaceUrl(namespace, url));
  await drop(store.client, namespace, await store.listTables());
}

/** `deno task ingest data/sample --store <store>` (the CLI, as a user runs it); its stdout. */
export async function ingestSample(store: string): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "scripts/ingest.ts", "data/sample", "--store", store],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  const err = new TextDecoder().decode(out.stderr);
  assert(out.success, `deno task ingest data/sample --store ${store} failed:\n${text}${err}`);
  return text;
}
