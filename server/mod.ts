/**
 * finkit's server: Fink's REST API (`/api/v1/objects`, `conesearch`,
 * `latests`, …) over HTTP on any finkit store, with Fink's parameter names,
 * output formats (json, csv, votable, parquet; cutouts as PNG, FITS or
 * arrays) and error bodies, so Fink's clients and notebooks work unchanged.
 *
 * @example
 * ```ts
 * import { serve } from "./mod.ts";
 * const server = await serve({ port: 0 }); // the embedded sample
 * const r = await fetch(`${server.url}/api/v1/conesearch?ra=193.822&dec=2.897&radius=5`);
 * console.log(await r.json());
 * await server.shutdown();
 * ```
 *
 * @module
 */
export { type FinkServer, formatAccessLog, serve, type ServeOptions } from "./serve.ts";
export { type AccessLogLine, createHandler, type HandlerOptions } from "./handler.ts";
export { type Param, PARAMS, TABULAR_FORMATS } from "./params.ts";
export { type Output, type Route, type RouteContext, ROUTES } from "./routes.ts";
export { openApiDocument, type OpenApiOptions } from "./openapi.ts";
export { Args, HttpError } from "./args.ts";
export { type PortalHandler, portalHandler, type PortalOptions } from "./portal/handler.ts";
export { type PortalExamples, storeExamples } from "./portal/examples.ts";
