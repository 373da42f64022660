"""Read what finkit wrote into HBase with a client finkit did not write.

happybase (PyPI, pinned in scripts/requirements.txt) talks to HBase's own Thrift
gateway (`bash scripts/hbase/hbase.sh thrift` prints its port). The rows of one
object are read from Fink's main table and decoded with Fink's conventions:
rowkey `objectId_jd`, `i:objectId` UTF-8, `i:jd` and `i:ra` big-endian doubles
(Java `Bytes.toBytes(double)`), `i:magpsf` a big-endian float, `i:fid` a
big-endian int, `i:candid` a big-endian long; `ztf.pixel128` keys
`pix_jdstarthist_objectId`. Prints one JSON document.

    .cache/venv/bin/python scripts/hbase/crosscheck.py --port 9090 \
        --namespace fink --object ZTF19acihgng
"""

import argparse
import json
import struct

import happybase


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--namespace", default="")
    parser.add_argument("--object", required=True, help="a ZTF objectId")
    args = parser.parse_args()
    conn = happybase.Connection(
        args.host,
        args.port,
        table_prefix=args.namespace or None,
        table_prefix_separator=b":",
        autoconnect=True,
    )
    try:
        alerts = []
        for key, cells in conn.table("ztf").scan(row_prefix=f"{args.object}_".encode()):
            object_id, jd_text = key.decode().rsplit("_", 1)
            alerts.append({
                "key": key.decode(),
                "keyObjectId": object_id,
                "keyJd": jd_text,
                "objectId": cells[b"i:objectId"].decode("utf-8"),
                "jd": struct.unpack(">d", cells[b"i:jd"])[0],
                "ra": struct.unpack(">d", cells[b"i:ra"])[0],
                "magpsf": struct.unpack(">f", cells[b"i:magpsf"])[0],
                "fid": struct.unpack(">i", cells[b"i:fid"])[0],
                "candid": str(struct.unpack(">q", cells[b"i:candid"])[0])
                if b"i:candid" in cells else None,
                "origin": cells.get(b"a:origin", b"").decode(),
            })
        pixels = []
        for key, cells in conn.table("ztf.pixel128").scan(
            columns=[b"i:objectId", b"i:jd"]
        ):
            pix, jdstarthist, object_id = key.decode().split("_", 2)
            if object_id == args.object:
                pixels.append({
                    "key": key.decode(),
                    "pix": int(pix),
                    "jdstarthist": jdstarthist,
                    "objectId": cells[b"i:objectId"].decode("utf-8"),
                    "jd": struct.unpack(">d", cells[b"i:jd"])[0],
                })
        tables = sorted(t.decode() for t in conn.tables())
    finally:
        conn.close()
    print(json.dumps({"tables": tables, "alerts": alerts, "pixels": pixels}))


if __name__ == "__main__":
    main()
