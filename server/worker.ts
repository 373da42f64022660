/**
 * A query worker of `serve({ workers })`: opens its own connection to the
 * store and answers the requests the main thread hands it with the same
 * handler as an in-process server (SQLite reads run in parallel across
 * workers; a worker stuck in a long query is replaced by the main thread).
 *
 * @module
 */
import { connect, type FinkClient } from "../query/mod.ts";
import { appHandler } from "./app.ts";
import { rowCount } from "./handler.ts";
import type { WorkerInit, WorkerRequest, WorkerResponse } from "./pool.ts";

let handler: ((req: Request) => Promise<Response>) | undefined;
let client: FinkClient | undefined;

async function answer(m: WorkerRequest): Promise<WorkerResponse> {
  try {
    const res = await handler!(
      new Request(m.url, { method: m.method, headers: m.headers, body: m.body }),
    );
    const body = await res.arrayBuffer();
    return { id: m.id, status: res.status, headers: [...res.headers], body, rows: rowCount(res) };
  } catch (e) {
    return { id: m.id, status: 500, headers: [], body: new ArrayBuffer(0), error: String(e) };
  }
}

self.onmessage = async (e: MessageEvent<WorkerInit | WorkerRequest | { type: "close" }>) => {
  const m = e.data;
  if (m.type === "init") {
    try {
      client = await connect(m.store, { ssoFile: m.ssoFile });
      handler = appHandler(client, m.options);
      self.postMessage({ type: "ready" });
    } catch (err) {
      self.postMessage({ type: "failed", error: (err as Error).message });
    }
  } else if (m.type === "request") {
    const out = await answer(m);
    self.postMessage({ type: "response", ...out }, { transfer: [out.body] });
  } else if (m.type === "close") {
    await client?.close();
    self.close();
  }
};
