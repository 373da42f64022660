/**
 * The open-loop load generator of `bench/server_load.ts --rates` counts the
 * time a request waits for a connection (no coordinated omission). Checked
 * against a loopback server that answers after a fixed delay, with bounds
 * that hold however slow the machine is (they are lower bounds on latency).
 */
import { assert, assertEquals } from "../assert.ts";
import { arrivals, openLoop, percentile } from "../../bench/open_loop.ts";

async function withDelayServer(delayMs: number, f: (base: string) => Promise<void>) {
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    async () => {
      await new Promise((r) => setTimeout(r, delayMs));
      return new Response("ok");
    },
  );
  try {
    await f(`http://127.0.0.1:${server.addr.port}`);
  } finally {
    await server.shutdown();
  }
}

Deno.test("open loop: below capacity every request is answered, none faster than the server", async () => {
  await withDelayServer(20, async (base) => {
    const r = await openLoop({ base, paths: ["/a", "/b"], connections: 8, rate: 40, seconds: 1 });
    assertEquals(r.late, 0);
    assertEquals(r.answered, r.requests);
    assertEquals(r.non200, 0);
    assert(r.requests > 10, `requests ${r.requests}`);
    assert(r.p50 >= 20, `p50 ${r.p50}`);
  });
});

Deno.test("open loop: one connection past capacity counts the queue, and unsent requests as late", async () => {
  // 100 requests/s for 1 s on one connection to a server taking 50 ms: at most
  // ~40 answers by the end of the drain (2 s), the rest never sent.
  await withDelayServer(50, async (base) => {
    const r = await openLoop({ base, paths: ["/"], connections: 1, rate: 100, seconds: 1 });
    assert(r.answered <= 42, `answered ${r.answered}`);
    assertEquals(r.late, r.requests - r.answered);
    assert(r.late > 0);
    assertEquals(r.p99, Infinity);
  });
});

Deno.test("open loop: a request's wait for a busy connection is in its latency", async () => {
  // 25 requests/s for 2 s on one connection to a server taking 30 ms: bursts of arrivals queue.
  // A queue whose every answer took exactly 30 ms gives latencies (from the due time) that the
  // real run can only exceed, but for the dispatcher's timer lateness (10 ms allowed).
  const [rate, seconds, service] = [25, 2, 30];
  let free = 0;
  const least = arrivals(rate, seconds, 1).map((t) => (free = Math.max(t, free) + service) - t);
  const leastP99 = percentile(least.sort((a, b) => a - b), 0.99);
  assert(leastP99 > 2 * service, `the seed's arrivals queue: least p99 ${leastP99}`);
  await withDelayServer(service, async (base) => {
    const r = await openLoop({ base, paths: ["/"], connections: 1, rate, seconds });
    assertEquals(r.late, 0);
    assert(r.p99 >= leastP99 - 10, `p99 ${r.p99} < ${leastP99} - 10`);
  });
});
