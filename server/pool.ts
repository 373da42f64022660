/**
 * A pool of query workers (server/worker.ts), each with its own store
 * connection: the embedded store's SQLite reads are synchronous, so one
 * thread answers one query at a time; N workers answer N at once and keep
 * the HTTP thread free. A request a worker has not answered within the
 * timeout gets a 504 and the worker is replaced (a stuck SQLite scan cannot
 * be interrupted otherwise).
 *
 * @module
 */
import { timeoutError } from "./args.ts";
import { errorResponse, type HandlerOptions, noteRowCount, withCors } from "./handler.ts";
import { readLimited } from "./payload.ts";

/** Handler options a worker can receive (no functions). */
export type WorkerHandlerOptions = Omit<HandlerOptions, "log" | "fallback">;

/** Message: open the store. */
export interface WorkerInit {
  /** Message kind. */
  type: "init";
  /** Store URL. */
  store?: string;
  /** The aggregated SSO file (`connect`'s `ssoFile`; undefined: its default for the store). */
  ssoFile?: string | null;
  /** Handler options. */
  options: WorkerHandlerOptions;
}

/** Message: answer one request. */
export interface WorkerRequest {
  /** Message kind. */
  type: "request";
  /** Request number. */
  id: number;
  /** Method. */
  method: string;
  /** Full URL. */
  url: string;
  /** Headers. */
  headers: [string, string][];
  /** Body bytes, if any. */
  body?: ArrayBuffer;
}

/** A worker's answer. */
export interface WorkerResponse {
  /** Request number. */
  id: number;
  /** HTTP status. */
  status: number;
  /** Headers. */
  headers: [string, string][];
  /** Body bytes. */
  body: ArrayBuffer;
  /** Rows of a tabular answer, for the main thread's access log (not sent to the client). */
  rows?: number;
  /** Set when the worker itself failed. */
  error?: string;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  pending: Map<number, (r: WorkerResponse) => void>;
}

/** A pool of query workers over one store. */
export class WorkerPool {
  #slots: Slot[] = [];
  #next = 0;
  #closed = false;

  /** Start `size` workers on `store` (with `ssoFile`, as `connect` takes it). */
  constructor(
    readonly size: number,
    readonly store: string | undefined,
    readonly options: WorkerHandlerOptions & { timeoutMs: number; maxBodyBytes: number },
    readonly ssoFile?: string | null,
  ) {
    for (let i = 0; i < size; i++) this.#slots.push(this.#spawn());
  }

  #spawn(): Slot {
    const worker = new Worker(new URL("./worker.ts", import.meta.url).href, { type: "module" });
    const pending = new Map<number, (r: WorkerResponse) => void>();
    const ready = new Promise<void>((resolve, reject) => {
      worker.onmessage = (e: MessageEvent) => {
        const m = e.data;
        if (m.type === "ready") resolve();
        else if (m.type === "failed") reject(new Error(`query worker: ${m.error}`));
        else if (m.type === "response") {
          pending.get(m.id)?.(m as WorkerResponse);
          pending.delete(m.id);
        }
      };
      worker.onerror = (e) => {
        e.preventDefault();
        reject(new Error(`query worker: ${e.message}`));
        for (const done of pending.values()) {
          done({ id: -1, status: 500, headers: [], body: new ArrayBuffer(0), error: e.message });
        }
        pending.clear();
      };
    });
    ready.catch(() => {});
    const init: WorkerInit = {
      type: "init",
      store: this.store,
      ssoFile: this.ssoFile,
      options: this.options,
    };
    worker.postMessage(init);
    return { worker, ready, pending };
  }

  /** Resolves once every worker has opened the store (rejects if one could not). */
  async ready(): Promise<void> {
    await Promise.all(this.#slots.map((s) => s.ready));
  }

  /** Answer `req` in the least busy worker. */
  async handle(req: Request): Promise<Response> {
    if (this.#closed) throw new Error("the worker pool is closed");
    let best = this.#next++ % this.#slots.length;
    for (let i = 0; i < this.#slots.length; i++) {
      if (this.#slots[i].pending.size < this.#slots[best].pending.size) best = i;
    }
    const slot = this.#slots[best];
    await slot.ready;
    const body = req.body
      ? (await readLimited(req, this.options.maxBodyBytes, this.options.timeoutMs)).buffer
      : undefined;
    const id = this.#next++;
    const message: WorkerRequest = {
      type: "request",
      id,
      method: req.method,
      url: req.url,
      headers: [...req.headers],
      body: body as ArrayBuffer | undefined,
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const answer = new Promise<WorkerResponse>((resolve) => {
      slot.pending.set(id, resolve);
      timer = setTimeout(() => {
        // The worker is stuck in this query: replace it; its other requests fail with 504 too.
        const stuck = this.#slots.indexOf(slot);
        if (stuck >= 0 && !this.#closed) this.#slots[stuck] = this.#spawn();
        slot.worker.terminate();
        const timeout = timeoutError(this.options.timeoutMs);
        const late = {
          id,
          status: timeout.status,
          // Every answer's headers (CORS, nosniff), as the workers' answers carry them.
          headers: [...withCors(errorResponse(timeout, "a query worker")).headers],
          body: new TextEncoder().encode(timeout.body).buffer as ArrayBuffer,
        };
        for (const done of slot.pending.values()) done(late);
        slot.pending.clear();
      }, this.options.timeoutMs + 1000);
    });
    slot.worker.postMessage(message, body ? { transfer: [body as ArrayBuffer] } : undefined);
    const r = await answer.finally(() => clearTimeout(timer));
    if (r.error && r.status === 500) {
      throw new Error(r.error); // the caller answers a short 500 naming the worker
    }
    const res = new Response(r.status === 204 || r.status === 304 ? null : r.body, {
      status: r.status,
      headers: r.headers,
    });
    return noteRowCount(res, r.rows);
  }

  /** Stop every worker (after closing their stores). */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#slots.map(async (s) => {
      s.worker.postMessage({ type: "close" });
      await new Promise((r) => setTimeout(r, 50));
      s.worker.terminate();
    }));
  }
}
