/**
 * An open-loop load generator: requests arrive at a set rate (Poisson
 * arrivals, a fixed seed) whatever the server's pace, over at most
 * `connections` keep-alive connections, and each request's latency runs from
 * the moment it was due, not from the moment a connection was free to send
 * it (no "coordinated omission": a request that waited for a connection
 * counts its wait). The clock starts when the dispatcher hands the request
 * over, which its timer makes up to a millisecond or two later than due: that
 * lateness is the client's, not the server's, so it is left out. `wrk`, which `server_load.ts` uses otherwise, is closed
 * loop: each connection sends its next request as soon as an answer arrives,
 * so at c connections it measures the latency of a server kept saturated
 * (about c ÷ throughput), not the latency at a given load.
 *
 * @module
 */
import { mulberry32 } from "../fit/periodogram/fap.ts";

/** What {@linkcode openLoop} measured. */
export interface OpenLoopResult {
  /** Requests due in the run (Poisson, about rate × seconds). */
  requests: number;
  /** Answers received, whatever their status. */
  answered: number;
  /** Answers other than 200, and requests that failed (a connection reset). */
  non200: number;
  /** Requests never sent: still queued when the drain ended (later than any answer in the percentiles). */
  late: number;
  /** Latency percentiles in ms, from each request's hand-over (at or after its due time) to its answer's last byte. */
  p50: number;
  p99: number;
  /** The slowest answer (ms; Infinity when some request was never sent). */
  max: number;
}

/** Options of {@linkcode openLoop}. */
export interface OpenLoopOptions {
  /** The server's origin, `http://127.0.0.1:PORT`. */
  base: string;
  /** Request paths, asked in turn. */
  paths: string[];
  /** Connections at most (requests in flight at most). */
  connections: number;
  /** Mean requests per second (Poisson arrivals). */
  rate: number;
  /** Length of the run in seconds. */
  seconds: number;
  /** Request headers (`fetch` asks for gzip unless told otherwise). */
  headers?: Record<string, string>;
  /** Seed of the arrival times. */
  seed?: number;
  /**
   * The HTTP client (its pool keeps the connections); pass the same one to a
   * warm-up run and the measured run so the latter opens no connection.
   */
  client?: Deno.HttpClient;
}

/** Poisson arrival times (ms from the start) of a run. */
export function arrivals(rate: number, seconds: number, seed: number): number[] {
  const rnd = mulberry32(seed);
  const out: number[] = [];
  for (let t = 0; t < seconds * 1000;) {
    t += -Math.log(1 - rnd()) * 1000 / rate;
    if (t < seconds * 1000) out.push(t);
  }
  return out;
}

/** The `p` quantile (0–1) of ascending `sorted`, nearest rank below; NaN when empty. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/**
 * Runs one open-loop load: requests due at Poisson times wait in a queue for
 * one of `connections` lanes (each a keep-alive connection answering one
 * request at a time) and are timed from their due time. After the last
 * request is due, the queue drains for at most `seconds` more; requests left
 * then count as later than any answer.
 */
export async function openLoop(o: OpenLoopOptions): Promise<OpenLoopResult> {
  const due = arrivals(o.rate, o.seconds, o.seed ?? 1);
  const client = o.client ?? Deno.createHttpClient({ poolMaxIdlePerHost: o.connections });
  const latencies: number[] = [];
  const queue: number[] = []; // requests due, not yet sent
  const handedOver = new Float64Array(due.length); // when each joined the queue or a lane
  const idle: ((i: number | null) => void)[] = []; // lanes waiting for a request
  let non200 = 0;
  let dispatched = false;
  const start = performance.now();
  const drainEnd = start + 2 * o.seconds * 1000;

  async function lane(): Promise<void> {
    for (;;) {
      let i: number | null;
      if (queue.length && performance.now() < drainEnd) i = queue.shift()!;
      else if (dispatched) return;
      else i = await new Promise<number | null>((r) => idle.push(r));
      if (i === null) return;
      try {
        const r = await fetch(o.base + o.paths[i % o.paths.length], {
          client,
          headers: o.headers,
        });
        await r.arrayBuffer();
        if (r.status !== 200) non200++;
      } catch {
        non200++; // a reset connection under overload: a failed answer, the run goes on
      }
      latencies.push(performance.now() - handedOver[i]);
    }
  }
  const lanes = Array.from({ length: o.connections }, lane);
  // The dispatcher: each request joins the queue (or an idle lane) at its due time.
  for (let i = 0; i < due.length; i++) {
    const wait = start + due[i] - performance.now();
    if (wait > 0.5) await new Promise((r) => setTimeout(r, wait));
    handedOver[i] = performance.now();
    const waiting = idle.shift();
    if (waiting) waiting(i);
    else queue.push(i);
  }
  dispatched = true;
  for (const waiting of idle.splice(0)) waiting(null);
  await Promise.all(lanes);
  if (!o.client) client.close();
  const late = queue.length;
  const all = latencies.sort((a, b) => a - b).concat(Array(late).fill(Infinity));
  return {
    requests: due.length,
    answered: latencies.length,
    non200,
    late,
    p50: percentile(all, 0.5),
    p99: percentile(all, 0.99),
    max: all.length ? all[all.length - 1] : NaN,
  };
}
