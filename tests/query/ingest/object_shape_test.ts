/**
 * Decoded alerts are V8 fast-mode objects. A candidate or a history entry
 * built by assigning its ~100 fields one by one becomes a dictionary-mode
 * object (a hash table): every field read of the row builder is then a hash
 * lookup and a spread copy is ~100× slower (the 1M-alert bench store took
 * twice as long to build). V8 tells with `%HasFastProperties`, which needs
 * `--allow-natives-syntax`: the check runs in a child Deno.
 */
import { assertEquals } from "../../assert.ts";

const FILES = [
  "data/sample/fink-client/datatest/ztf/part-3-305711.avro", // Avro, Fink 2026 schema
  "data/sample/fink-science/fink_science/data/alerts/superluminous_test_alerts.parquet", // pandas
];

const CHILD = `
import { readAlertFile } from "./query/ingest/read.ts";
const fast = new Function("o", "return %HasFastProperties(o)");
const out = {};
for (const f of ${JSON.stringify(FILES)}) {
  let slow = 0, n = 0;
  for await (const a of readAlertFile(f)) {
    for (const o of [a.candidate, ...a.prvCandidates]) (n++, slow += fast(o) ? 0 : 1);
  }
  out[f] = { objects: n > 0, slow };
}
console.log(JSON.stringify(out));
`;

Deno.test("decoded candidates and history entries are fast-mode objects (Avro, Parquet)", async () => {
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--v8-flags=--allow-natives-syntax", "--ext=ts", CHILD],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const err = new TextDecoder().decode(r.stderr);
  assertEquals(r.code, 0, err);
  const got = JSON.parse(new TextDecoder().decode(r.stdout));
  assertEquals(got, Object.fromEntries(FILES.map((f) => [f, { objects: true, slow: 0 }])));
});
