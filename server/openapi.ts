/**
 * The OpenAPI 3 document and the route list, generated from the same route
 * and parameter definitions the handlers check (params.ts, routes.ts).
 *
 * @module
 */
import { DEFAULT_MAX_ROWS, type Param } from "./params.ts";
import type { Route } from "./routes.ts";

function schemaOf(p: Param, inQuery: boolean, maxRows: number): Record<string, unknown> {
  if (p.type === "file") return { type: "string", format: "binary" };
  const s: Record<string, unknown> = { type: p.type };
  if (p.enum) s.enum = [...p.enum];
  if (p.minimum !== undefined) s.minimum = p.minimum;
  if (p.maximum !== undefined) s.maximum = p.maximum;
  // A query string carries text: Fink reads `True` (not `true`) as a set flag.
  if (inQuery && p.type === "boolean") return { type: "string", enum: ["True", "False"] };
  if (p.example !== undefined) s.example = p.example;
  if (p.capped) {
    Object.assign(s, { minimum: 0, maximum: maxRows });
    if (typeof p.example === "number") s.example = Math.min(p.example, maxRows);
  }
  return s;
}

const ERROR = {
  description: "Bad parameters: Python `str()` of `{'status': 'error', 'text': …}`; " +
    'a body that cannot be read as JSON: Flask\'s `{"message": …}`',
  content: {
    "text/plain": { schema: { type: "string" } },
    "application/json": {
      schema: { type: "object", properties: { message: { type: "string" } } },
    },
  },
};
/** Flask's answer to a body over the size limit. */
const TOO_LARGE = {
  description: "The body is larger than the server's limit",
  content: { "application/json": ERROR.content["application/json"] },
};

/** Werkzeug's answer to a body that did not arrive within the server's timeout. */
const TOO_SLOW = {
  description: "The body did not arrive whole within the server's timeout",
  content: { "application/json": ERROR.content["application/json"] },
};

/** A table in pandas' `orient="records"` layout: one object per row. */
const ROWS = { type: "array", items: { type: "object" } };
/** `ssoft` answers rows, or with `schema` one object: column → `{type, description}`. */
const ROWS_OR_SCHEMA = { oneOf: [ROWS, { type: "object" }] };

/** A GET without parameters answers the route's description, as Fink's `Response(ns.description)`. */
const DESCRIPTION = { "text/html": { schema: { type: "string" } } };

function responses(route: Route, get = false): Record<string, unknown> {
  if (route.name === "metadata" && !get) {
    return {
      "200": {
        description: "Fink's thanks, with the object's address under its name",
        content: { "text/plain": { schema: { type: "string" } } },
      },
      "400": ERROR,
      "408": TOO_SLOW,
      "413": TOO_LARGE,
      "403": {
        description: "The server is read-only (`--read-only`, or the embedded sample)",
        content: ERROR.content,
      },
      "504": { description: "The query took longer than the server's timeout" },
    };
  }
  const ok = route.name === "cutouts"
    ? {
      "image/png": { schema: { type: "string", format: "binary" } },
      "application/octet-stream": { schema: { type: "string", format: "binary" } },
      "application/json": { schema: { type: "object" } },
    }
    : route.name === "classes" || route.name === "schema"
    ? { "application/json": { schema: { type: "object" } } }
    : {
      "application/json": { schema: route.name === "ssoft" ? ROWS_OR_SCHEMA : ROWS },
      "application/csv": { schema: { type: "string" } },
      "text/xml": { schema: { type: "string" } },
      "application/vnd.apache.parquet": { schema: { type: "string", format: "binary" } },
      // `ssobulk` and `ssoft` send their Parquet file with Fink's own content type.
      ...(route.name === "ssobulk" || route.name === "ssoft"
        ? { "application/parquet": { schema: { type: "string", format: "binary" } } }
        : {}),
    };
  const described = get && route.params.length > 0;
  const content = described ? { ...ok, ...DESCRIPTION } : ok;
  return {
    "200": {
      description: described
        ? "The answer (empty list when nothing matches); without parameters, the route's description"
        : "The answer (empty list when nothing matches)",
      content,
    },
    "400": ERROR,
    ...(route.methods.includes("POST") ? { "408": TOO_SLOW, "413": TOO_LARGE } : {}),
    "504": { description: "The query took longer than the server's timeout" },
  };
}

/** Options of {@linkcode openApiDocument}. */
export interface OpenApiOptions {
  /** A proxy's sub-path the server is mounted under (`/fink`): the document's `servers`. */
  prefix?: string;
  /** The server's cap on counts (`n`, `nmax`, `maxnumber`), `--max-rows`. Default 100,000. */
  maxRows?: number;
}

/** The OpenAPI 3.0 document of `routes`. */
export function openApiDocument(
  routes: readonly Route[],
  options: OpenApiOptions = {},
): Record<string, unknown> {
  const { prefix = "", maxRows = DEFAULT_MAX_ROWS } = options;
  const paths: Record<string, unknown> = {};
  for (const r of routes) {
    const item: Record<string, unknown> = {};
    const query = r.params.filter((p) => p.type !== "file").map((p) => ({
      name: p.name,
      in: "query",
      required: false,
      description: (p.required === true ? "(required) " : "") + p.description,
      schema: schemaOf(p, true, maxRows),
    }));
    item.get = {
      operationId: `${r.name}_get`,
      summary: r.description,
      description: r.params.length
        ? "Parameters in the query string; without any, the route's description."
        : r.description,
      parameters: query,
      responses: responses(r, true),
    };
    if (r.methods.includes("POST")) {
      const properties = Object.fromEntries(r.params.map((p) => [p.name, {
        ...schemaOf(p, false, maxRows),
        description: p.description,
      }]));
      const required = r.params.filter((p) => p.required).map((p) => p.name);
      const object = { type: "object", properties, ...(required.length ? { required } : {}) };
      const content: Record<string, unknown> = { "application/json": { schema: object } };
      if (r.params.some((p) => p.type === "file")) {
        content["multipart/form-data"] = { schema: object };
      }
      item.post = {
        operationId: `${r.name}_post`,
        summary: r.description,
        requestBody: { required: required.length > 0, content },
        responses: responses(r),
      };
    }
    paths[`/api/v1/${r.name}`] = item;
  }
  return {
    openapi: "3.0.3",
    info: {
      title: "Fink/ZTF REST API (finkit)",
      version: "v1",
      description: "Fink's REST API over a finkit store (embedded SQLite or Apache HBase): " +
        "Fink's routes, parameter names, output formats and error bodies.",
    },
    ...(prefix ? { servers: [{ url: prefix }] } : {}),
    paths,
  };
}

/**
 * The route list served at `/api`: path, methods and description of each route (paths under
 * `prefix`, a proxy's sub-path, when given).
 */
export function routeList(routes: readonly Route[], prefix = ""): string {
  return JSON.stringify({
    routes: routes.map((r) => ({
      path: `${prefix}/api/v1/${r.name}`,
      methods: r.methods,
      description: r.description,
      parameters: r.params.map((p) => p.name),
    })),
    openapi: `${prefix}/api/v1/openapi.json`,
  });
}
