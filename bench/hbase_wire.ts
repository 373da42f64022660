/**
 * Would protobuf make writes to HBase faster than the JSON CellSets finkit
 * sends? Puts the same rows (Fink-like keys, 20 cells of 8 bytes) to a real
 * HBase REST gateway as JSON (base64 keys, columns and values) and as the
 * gateway's protobuf `CellSet`, alternately, one put at a time and (JSON) four
 * at once, and prints the time and the CPU used by each Java process (region
 * server, REST gateway) from Linux `/proc`.
 *
 *   bash scripts/hbase/hbase.sh run deno run -A bench/hbase_wire.ts
 *   HBASE_REST_URL=hbase://127.0.0.1:8080 deno run -A bench/hbase_wire.ts [rows] [rounds]
 *
 * Writes into a table `finkit_wire_<random>` of a namespace-less HBase,
 * deleted at the end. Result and conclusion: docs/hbase.md ("Wire format").
 */
const url = Deno.env.get("HBASE_REST_URL");
if (!url) {
  console.error("Set HBASE_REST_URL (bash scripts/hbase/hbase.sh start --env), then run again.");
  Deno.exit(0);
}
const base = url.replace(/^hbase:/, "http:").replace(/\/$/, "");
const ROWS = Number(Deno.args[0] ?? 2000);
const ROUNDS = Number(Deno.args[1] ?? 10);
const CELLS = 20;
const table = `finkit_wire_${crypto.randomUUID().slice(0, 8)}`;
const enc = new TextEncoder();

const created = await fetch(`${base}/${table}/schema`, {
  method: "PUT",
  headers: { "content-type": "application/json", accept: "application/json" },
  body: JSON.stringify({ name: table, ColumnSchema: [{ name: "i" }] }),
});
await created.body?.cancel();
if (!created.ok) throw new Error(`cannot create ${table}: HTTP ${created.status}`);

const columns = Array.from({ length: CELLS }, (_, j) => enc.encode(`i:col${j}`));
const values = Array.from({ length: CELLS }, (_, j) => new Uint8Array(8).fill(j));
const keyOf = (round: number, i: number) =>
  enc.encode(`ZTF99aa${String(i).padStart(5, "0")}_2459000.${round}`);

/** Protobuf varint and length-delimited field writers. */
function varint(out: number[], v: number): void {
  while (v > 127) {
    out.push((v & 127) | 128);
    v >>>= 7;
  }
  out.push(v);
}
function field(out: number[], tag: number, bytes: ArrayLike<number>): void {
  out.push(tag);
  varint(out, bytes.length);
  for (let i = 0; i < bytes.length; i++) out.push(bytes[i]);
}

/** `CellSet { repeated Row rows = 1 }`, `Row { bytes key = 1; repeated Cell values = 2 }`, `Cell { bytes column = 2; bytes data = 4 }`. */
function protobuf(round: number): Uint8Array<ArrayBuffer> {
  const out: number[] = [];
  for (let i = 0; i < ROWS; i++) {
    const row: number[] = [];
    field(row, 0x0a, keyOf(round, i));
    for (let j = 0; j < CELLS; j++) {
      const cell: number[] = [];
      field(cell, 0x12, columns[j]);
      field(cell, 0x22, values[j]);
      field(row, 0x12, cell);
    }
    field(out, 0x0a, row);
  }
  return new Uint8Array(out);
}

function json(round: number): string {
  return JSON.stringify({
    Row: Array.from({ length: ROWS }, (_, i) => ({
      key: keyOf(round, i).toBase64(),
      Cell: columns.map((c, j) => ({ column: c.toBase64(), $: values[j].toBase64() })),
    })),
  });
}

const javas = new TextDecoder().decode(
  new Deno.Command("pgrep", { args: ["-f", "org.apache.hadoop.hbase"], stdout: "piped" })
    .outputSync().stdout,
).trim().split("\n").filter(Boolean).map(Number);
const name = (pid: number) => {
  const cmd = Deno.readTextFileSync(`/proc/${pid}/cmdline`);
  return cmd.includes("RESTServer")
    ? "REST gateway"
    : cmd.includes("ThriftServer")
    ? "Thrift gateway"
    : "HBase";
};
/** CPU seconds (user + system) of each Java process. */
const cpu = () =>
  javas.map((pid) => {
    const f = Deno.readTextFileSync(`/proc/${pid}/stat`).split(") ")[1].split(" ");
    return (Number(f[11]) + Number(f[12])) / 100;
  });

console.log(`${ROUNDS} puts of ${ROWS} rows × ${CELLS} cells each, per format\n`);
console.log(`| format | seconds | ${javas.map((p) => `${name(p)} CPU s`).join(" | ")} |`);
console.log(`| --- | --- | ${javas.map(() => "---").join(" | ")} |`);
let round = 0;
const cases = [["json", 1], ["protobuf", 1], ["json", 4], ["json", 1], ["protobuf", 1], [
  "json",
  4,
]];
for (const [kind, lanes] of cases as ["json" | "protobuf", number][]) {
  const c0 = cpu();
  const t0 = performance.now();
  const first = round;
  round += ROUNDS;
  // `lanes` puts in flight at once (the ingest's PARALLEL_REQUESTS), each a different set of rows.
  await Promise.all(Array.from({ length: lanes }, async (_, lane) => {
    for (let r = first + lane; r < first + ROUNDS; r += lanes) {
      const res = await fetch(`${base}/${table}/fakerow`, {
        method: "PUT",
        headers: {
          "content-type": kind === "json" ? "application/json" : "application/x-protobuf",
        },
        body: kind === "json" ? json(r) : protobuf(r),
      });
      await res.body?.cancel();
      if (!res.ok) throw new Error(`${kind} put: HTTP ${res.status}`);
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  const used = cpu().map((c, i) => (c - c0[i]).toFixed(2));
  const name = lanes > 1 ? `${kind}, ${lanes} at once` : kind;
  console.log(`| ${name} | ${seconds.toFixed(2)} | ${used.join(" | ")} |`);
}

// HBase REST: DELETE /<table>/schema drops the table.
const dropped = await fetch(`${base}/${table}/schema`, { method: "DELETE" });
await dropped.body?.cancel();
