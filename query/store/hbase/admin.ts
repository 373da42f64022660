/**
 * Namespace and table administration over the HBase REST API: creating a
 * namespace before its first table, and dropping tables and namespaces (test
 * and bench clean-up).
 *
 * @module
 */
import { StoreError } from "../store.ts";
import type { RestClient } from "./client.ts";
import { encodePart } from "./wire.ts";

/**
 * Create `namespace` unless it exists. HBase refuses a table in a missing
 * namespace (503 `NamespaceNotFoundException`); `POST /namespaces/<ns>` answers
 * 201, or 403 "Namespace 'x' already exists" when it is there.
 *
 * @example
 * ```ts
 * import { ensureNamespace } from "./admin.ts";
 * // await ensureNamespace(store.client, "fink", "ztf");
 * ```
 */
export async function ensureNamespace(
  client: RestClient,
  namespace: string,
  table: string,
): Promise<void> {
  const res = await client.request({
    method: "POST",
    path: `/namespaces/${encodePart(namespace)}`,
    body: {},
    operation: "createTable",
    table,
    accept: [403],
  });
  if (res.status === 403 && !/already exists/i.test(String(res.body))) {
    const msg = `cannot create namespace '${namespace}': HTTP 403 ${
      String(res.body).slice(0, 200)
    }`;
    throw new StoreError(client.description, "createTable", table, msg);
  }
}

/**
 * The column family named by HBase's `NoSuchColumnFamilyException` in a 404
 * answer to a put, or undefined (then the table itself is missing).
 *
 * @example
 * ```ts
 * import { missingFamily } from "./admin.ts";
 * missingFamily("Not found\nNoSuchColumnFamilyException: Column family z does not exist in region"); // "z"
 * ```
 */
export function missingFamily(body: unknown): string | undefined {
  return /NoSuchColumnFamilyException: Column family (\S+) does not exist/.exec(String(body))?.[1];
}

/**
 * Drop the tables `tables` of `namespace` (HBase disables then deletes each on
 * `DELETE /<ns>:<t>/schema`), then the namespace itself. Absent ones are ignored.
 *
 * @example
 * ```ts
 * import { dropNamespace } from "./admin.ts";
 * // await dropNamespace(store.client, "finkit_test", await store.listTables());
 * ```
 */
export async function dropNamespace(
  client: RestClient,
  namespace: string,
  tables: readonly string[],
): Promise<void> {
  for (const t of tables) {
    await client.request({
      method: "DELETE",
      path: `/${encodePart(namespace)}:${encodePart(t)}/schema`,
      operation: "drop table",
      table: t,
      accept: [404],
    });
  }
  await client.request({
    method: "DELETE",
    path: `/namespaces/${encodePart(namespace)}`,
    operation: "drop namespace",
    accept: [404],
  });
}

/**
 * Throw a {@linkcode StoreError} unless the server answers `GET /version` as an HBase REST
 * gateway does (`{"REST": "0.0.3", "Server": …}`): another web server on that port, or a
 * proxy's error page, then gets "not an HBase REST gateway" rather than "table … does not
 * exist".
 *
 * @example
 * ```ts
 * import { assertRestGateway } from "./admin.ts";
 * // await assertRestGateway(store.client, "scan", "ztf");
 * ```
 */
export async function assertRestGateway(
  client: RestClient,
  operation: string,
  table: string,
): Promise<void> {
  const version = await client.request({
    method: "GET",
    path: "/version",
    operation,
    table,
    idempotent: true,
  }).then((res) => (res.body as { REST?: unknown } | null)?.REST, () => undefined);
  if (typeof version === "string") return;
  throw new StoreError(
    client.description,
    operation,
    table,
    "the server there is not an HBase REST gateway (GET /version gave no HBase answer): " +
      "the URL names the REST server's host and port (`hbase rest start`, 8080 by default)",
  );
}
