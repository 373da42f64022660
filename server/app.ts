/**
 * The whole site's handler over a client: Fink's REST API under `/api`,
 * and the portal's pages for every other path (when the portal is present).
 * Used by the in-process server and by each query worker alike.
 *
 * @module
 */
import type { FinkClient } from "../query/mod.ts";
import { createHandler, type HandlerOptions } from "./handler.ts";
import { portalHandler } from "./portal/handler.ts";
import { storeExamples } from "./portal/examples.ts";

/** Fink's REST API (and the portal pages) over `client`. */
export function appHandler(
  client: FinkClient,
  options: HandlerOptions = {},
): (req: Request) => Promise<Response> {
  const objectNamed = async (encoded: string) => {
    const t = await client.metadata({ internalNameEncoded: encoded });
    return t.numRows ? String(t.getChild("i:objectId")!.get(0)) : undefined;
  };
  return createHandler(client, {
    ...options,
    fallback: options.fallback ??
      portalHandler({ objectNamed, examples: () => storeExamples(client) }),
  });
}
