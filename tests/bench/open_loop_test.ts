/**
 * The open-loop load generator of `bench/server_load.ts --rates` counts the
 * time a request waits for a connection (no coordinated omission). Checked
 * against a loopback server that answers after a fixed delay, with bounds
 * that hold however slow the machine is (they are lower bounds on latency).
 */
import { assert, assertEquals } from "../assert.ts";
import { openLoop } from "../../bench/open_loop.ts";

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
