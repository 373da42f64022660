/**
 * Alert-file reading speed (records/s = 1000 × records per iteration / ms per iteration):
 * Avro null codec, Avro snappy codec, Parquet (Spark- and pandas-written). Files are read
 * from memory so the numbers measure decoding + normalisation, cutouts included.
 */
import { readAlerts } from "../query/ingest/read.ts";

const SAMPLE = new URL("../data/sample/", import.meta.url).pathname;
const FILES = {
  "avro null (31 alerts, Fink 2026)": "fink-client/datatest/ztf/part-3-305711.avro",
  "avro snappy (54 alerts, Fink 2021)":
    "fink-client/tests/sample.avro/part-00001-0f70696a-f8dd-40ab-89e7-e7f64c104e25-c000.avro",
  "parquet spark (67 alerts, portal sample)":
    "fink-science-portal/archive/science/year=1988/month=11/day=03/part-00002-d49f506d-89d6-4fb6-939d-90db2c9a763d-c000.snappy.parquet",
  "parquet pandas (55 alerts, 44 prv/alert)":
    "fink-filters/fink_filters/data/few_SLSN_alerts.parquet",
};

for (const [name, file] of Object.entries(FILES)) {
  const bytes = Deno.readFileSync(`${SAMPLE}${file}`);
  let records = 0;
  for await (const _ of readAlerts(bytes, file)) records++;
  Deno.bench({
    name: `${name}: ${records} records`,
    group: "readers",
    async fn() {
      let n = 0;
      for await (const _ of readAlerts(bytes, file)) n++;
      if (n !== records) throw new Error(`read ${n} records, expected ${records}`);
    },
  });
}
