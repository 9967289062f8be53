"""A Python DB-API driver (PyMySQL or mysqlclient) against OrdinalDB's MySQL protocol.

Usage: /usr/bin/python3 dbapi_client.py pymysql|MySQLdb
Environment: ORD_HOST, ORD_PORT (the primary), ORD_REPLICA_HOST, ORD_REPLICA_PORT,
ORD_PASSWORD, ORD_DB (a database name of its own). Prints one line per check; exits non-zero
at the first failure.
"""
import importlib
import os
import sys
import time

driver = importlib.import_module(sys.argv[1])
env = os.environ


def connect(host, port, database=None):
    args = dict(host=host, port=int(port), user="root", password=env["ORD_PASSWORD"],
                autocommit=True)
    if database:
        args["database"] = database
    return driver.connect(**args)


def expect(cond, what):
    if not cond:
        print("FAIL", what)
        sys.exit(1)
    print("ok", what)


db = env["ORD_DB"]
primary = connect(env["ORD_HOST"], env["ORD_PORT"])
cur = primary.cursor()
cur.execute("CREATE DATABASE " + db)
cur.execute("USE " + db)
cur.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20), body TEXT, score DOUBLE)")
expect(True, "DDL")

long_text = "x" * 60000 + "é'\\\"end"
rows = [(1, "one", long_text, 1.5), (2, None, None, None), (3, "it's", "", -2.25)]
cur.executemany("INSERT INTO items VALUES (%s, %s, %s, %s)", rows)
expect(cur.rowcount == 3, "insert with parameters, NULLs and a 60 kB string")

cur.execute("SELECT id, name, body, score FROM items WHERE id >= %s ORDER BY id", (1,))
got = [tuple(r) for r in cur.fetchall()]
expect(got == rows, "rows read back equal")
expect([d[0] for d in cur.description] == ["id", "name", "body", "score"], "column names")

cur.execute("BEGIN")
cur.execute("UPDATE items SET name = %s WHERE id = %s", ("changed", 1))
cur.execute("DELETE FROM items WHERE id = 2")
cur.execute("ROLLBACK")
cur.execute("SELECT name FROM items WHERE id = 1")
expect(cur.fetchall()[0][0] == "one", "rollback undoes the transaction")
cur.execute("SELECT COUNT(*) FROM items")
expect(cur.fetchall()[0][0] == 3, "rollback keeps the deleted row")

try:
    cur.execute("INSERT INTO items VALUES (1, 'dup', NULL, NULL)")
    expect(False, "duplicate key is an error")
except driver.IntegrityError as e:
    expect(e.args[0] == 1062, "duplicate key is error 1062: %s" % (e.args,))

try:
    cur.execute("SELECT * FROM no_such_table")
    expect(False, "missing table is an error")
except driver.Error as e:
    expect(e.args[0] == 1146, "missing table is error 1146: %s" % (e.args,))

# Multiple-table UPDATE and DELETE (docs/multi-table-dml.md): affected rows and the info
# line as MySQL reports them.
cur.execute("CREATE TABLE tags (item_id INT PRIMARY KEY, tag VARCHAR(10))")
cur.execute("INSERT INTO tags VALUES (1, 'a'), (3, 'b'), (7, 'c')")
n = cur.execute("UPDATE items i JOIN tags t ON t.item_id = i.id "
                "SET i.name = CONCAT(t.tag, %s), t.tag = 'seen' WHERE i.id >= %s", ("!", 1))
expect(n == 4, "multi-table update changes rows of both tables: %s" % n)
info = primary.info() if hasattr(primary, "info") else cur._result.message
if isinstance(info, bytes):
    info = info.decode()
expect(info == "Rows matched: 4  Changed: 4  Warnings: 0", "multi-table update info: %r" % info)
n = cur.execute("DELETE t FROM tags t LEFT JOIN items i ON i.id = t.item_id WHERE i.id IS NULL")
expect(n == 1, "multi-table delete of the tag without an item: %s" % n)
cur.execute("SELECT i.name, t.tag FROM items i JOIN tags t ON t.item_id = i.id ORDER BY i.id")
expect([tuple(r) for r in cur.fetchall()] == [("a!", "seen"), ("b!", "seen")],
       "multi-table changes read back")
try:
    cur.execute("UPDATE items i JOIN tags t ON t.item_id = i.id SET i.name = 'x' LIMIT 1")
    expect(False, "LIMIT in a multi-table update is an error")
except driver.Error as e:
    expect(e.args[0] == 1221, "LIMIT in a multi-table update is error 1221: %s" % (e.args,))

# A read on a replica: the row arrives through replication (bounded wait).
# Connected without a database: the replica may not have received it yet.
replica = connect(env["ORD_REPLICA_HOST"], env["ORD_REPLICA_PORT"])
rcur = replica.cursor()
deadline = time.time() + 30
count = 0
while time.time() < deadline:
    try:
        rcur.execute("SELECT COUNT(*) FROM %s.items" % db)
        count = rcur.fetchall()[0][0]
    except driver.Error:
        count = 0
    if count == 3:
        break
    time.sleep(0.05)
expect(count == 3, "replica serves the rows")
deadline = time.time() + 30
name = None
while time.time() < deadline:
    try:
        rcur.execute("SELECT name FROM %s.items WHERE id = 3" % db)
        name = rcur.fetchall()[0][0]
    except driver.Error:
        name = None
    if name == "b!":
        break
    time.sleep(0.05)
expect(name == "b!", "replica applies the multi-table update")
try:
    rcur.execute("INSERT INTO %s.items VALUES (9, 'no', NULL, NULL)" % db)
    expect(False, "a write on a replica is refused")
except driver.Error as e:
    expect(e.args[0] == 1290, "a write on a replica is error 1290: %s" % (e.args,))
replica.close()
primary.close()
print("done")
