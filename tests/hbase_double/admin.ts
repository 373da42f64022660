/**
 * Namespace and schema resources of the HBase REST test double, answering as
 * HBase 2.6's REST gateway does (status codes and bodies checked against a real
 * one): test code only.
 *
 * @module
 */
import type { HBaseRestDouble } from "./server.ts";
import { DoubleTable } from "./table.ts";

/** Jersey's answer to an exception hbase-rest does not map (HBase 2.6). */
export function requestFailed(double: HBaseRestDouble, path: string): Response {
  return double.json(500, {
    servlet: "org.apache.hbase.thirdparty.org.glassfish.jersey.servlet.ServletContainer-double",
    message: "Request failed.",
    url: path,
    status: "500",
  });
}

/** `/namespaces[/<ns>]`: list, get, create (403 when it exists), drop (404 when absent, 503 when not empty). */
export function namespaceRoute(double: HBaseRestDouble, method: string, ns: string): Response {
  double.count(`namespace ${method}`);
  if (method === "GET" && !ns) return double.json(200, { Namespace: [...double.namespaces] });
  const exists = double.namespaces.has(ns);
  const tables = [...double.tables.keys()].filter((t) => t.startsWith(ns + ":"));
  if (method === "GET") {
    return exists
      ? double.json(200, { properties: null })
      : requestFailed(double, `/namespaces/${ns}`);
  }
  if (method === "DELETE") {
    if (!exists) {
      return double.text(404, `Namespace '${ns}' does not exists.  Cannot drop namespace.\r\n`);
    }
    if (tables.length) {
      return double.text(
        503,
        `Unavailable\r\norg.apache.hadoop.hbase.constraint.ConstraintException: Only empty namespaces can be removed. Namespace ${ns} has ${tables.length} tables\r\n`,
      );
    }
    double.namespaces.delete(ns);
    return double.text(200, "");
  }
  if (exists && method === "POST") {
    return double.text(
      403,
      `Namespace '${ns}' already exists.  Use REST PUT to alter the existing namespace.\r\n`,
    );
  }
  double.namespaces.add(ns);
  return double.text(201, "");
}

/** `/<table>/schema`: get, create (503 in a missing namespace), update (201), drop. */
export function schemaRoute(
  double: HBaseRestDouble,
  method: string,
  name: string,
  body: string,
): Response {
  double.count(`schema ${method}`);
  const table = double.tables.get(name);
  if (method === "GET") {
    if (!table) return double.text(404, "Not found\r\n");
    return double.json(200, { name, ColumnSchema: table.families.map((f) => ({ name: f })) });
  }
  if (method === "DELETE") {
    if (!table) {
      return double.text(
        404,
        `Not found\r\norg.apache.hadoop.hbase.TableNotFoundException: ${name}\r\n`,
      );
    }
    double.tables.delete(name);
    return double.text(200, "");
  }
  const model = JSON.parse(body) as { name?: string; ColumnSchema?: { name: string }[] };
  const families = (model.ColumnSchema ?? []).map((c) => c.name);
  if (table) {
    if (method === "PUT") double.stats.schemaReplaced++;
    for (const f of families) if (!table.families.includes(f)) table.families.push(f);
    return double.text(201, ""); // HBase 2.6 answers 201 to a schema update too
  }
  const ns = name.includes(":") ? name.slice(0, name.indexOf(":")) : "default";
  if (!double.namespaces.has(ns)) {
    return double.text(
      503,
      `Unavailable\r\norg.apache.hadoop.hbase.NamespaceNotFoundException: ${ns}\r\n`,
    );
  }
  double.tables.set(name, new DoubleTable(name, families));
  return double.text(201, "");
}
