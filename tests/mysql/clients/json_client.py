"""JSON through PyMySQL (Debian's /usr/bin/python3): the column type code a driver sees and
values that round-trip through a JSON column, parameters included. Reads ORD_HOST, ORD_PORT,
ORD_PASSWORD from the environment; prints one line per check and exits non-zero on the
first failure."""
import json
import os
import sys

import pymysql

JSON_TYPE = 245  # MYSQL_TYPE_JSON


def check(what, got, want):
    if got != want:
        print(f"FAIL {what}: got {got!r}, want {want!r}")
        sys.exit(1)
    print(f"ok {what}")


conn = pymysql.connect(host=os.environ["ORD_HOST"], port=int(os.environ["ORD_PORT"]),
                       user="root", password=os.environ["ORD_PASSWORD"], autocommit=True)
cur = conn.cursor()
cur.execute("CREATE DATABASE jpy")
cur.execute("USE jpy")
cur.execute("CREATE TABLE t (id INT PRIMARY KEY, j JSON)")
doc = {"name": "caf\u00e9", "tags": ["a", "b"], "n": 3, "x": None, "ok": True}
cur.execute("INSERT INTO t VALUES (%s, %s), (%s, %s)", (1, json.dumps(doc), 2, None))
cur.execute("SELECT j, j->'$.tags', j->>'$.name', JSON_TYPE(j) FROM t ORDER BY id")
types = [d[1] for d in cur.description]
check("JSON column and -> are type 245", types[:2], [JSON_TYPE, JSON_TYPE])
check("->> and JSON_TYPE are text", [t == JSON_TYPE for t in types[2:]], [False, False])
rows = cur.fetchall()
check("value round-trips", json.loads(rows[0][0]), doc)
check("canonical text", rows[0][0],
      '{"n": 3, "x": null, "ok": true, "name": "caf\u00e9", "tags": ["a", "b"]}')
check("->", rows[0][1], '["a", "b"]')
check("->>", rows[0][2], "caf\u00e9")
check("NULL", rows[1][0], None)
try:
    cur.execute("INSERT INTO t VALUES (3, 'not json')")
    check("invalid JSON", "accepted", "error 3140")
except pymysql.err.MySQLError as e:
    check("invalid JSON errno", e.args[0], 3140)
conn.close()
