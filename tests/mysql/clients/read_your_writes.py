"""Read-your-writes on a replica with PyMySQL: a write on the primary, its commit position
from the OK packet's session state (SESSION_TRACK_GTIDS), WAIT_FOR_EXECUTED_GTID_SET on a
replica, then the read.

Usage: /usr/bin/python3 read_your_writes.py
Environment: ORD_HOST, ORD_PORT (the primary), ORD_REPLICA_HOST, ORD_REPLICA_PORT,
ORD_PASSWORD, ORD_DB (a database name of its own). Prints one line per check; exits non-zero
at the first failure.
"""
import os
import sys

import pymysql
from pymysql.constants import CLIENT

env = os.environ
SESSION_TRACK_GTIDS = 3


def connect(host, port, flags=0):
    return pymysql.connect(host=host, port=int(port), user="root",
                           password=env["ORD_PASSWORD"], autocommit=True, client_flag=flags)


def expect(cond, what):
    if not cond:
        print("FAIL", what)
        sys.exit(1)
    print("ok", what)


def lenenc_int(data, i):
    first = data[i]
    if first < 0xFB:
        return first, i + 1
    size = {0xFC: 2, 0xFD: 3, 0xFE: 8}[first]
    return int.from_bytes(data[i + 1:i + 1 + size], "little"), i + 1 + size


def lenenc_bytes(data, i):
    n, i = lenenc_int(data, i)
    return data[i:i + n], i + n


def tracked_position(cursor):
    """The commit position in the last OK packet: info, then the state changes."""
    message = cursor._result.message
    _, i = lenenc_bytes(message, 0)
    changes, _ = lenenc_bytes(message, i)
    j = 0
    while j < len(changes):
        kind = changes[j]
        entry, j = lenenc_bytes(changes, j + 1)
        if kind == SESSION_TRACK_GTIDS:
            text, _ = lenenc_bytes(entry, 1)  # encoding byte 0, then the text
            return text.decode()
    return None


db = env["ORD_DB"]
primary = connect(env["ORD_HOST"], env["ORD_PORT"], CLIENT.SESSION_TRACK)
cur = primary.cursor()
cur.execute("CREATE DATABASE " + db)
cur.execute("CREATE TABLE %s.t (id INT PRIMARY KEY, v VARCHAR(10))" % db)
cur.execute("INSERT INTO %s.t VALUES (1, 'mine')" % db)
position = tracked_position(cur)
expect(position is not None and position.isdigit(), "the OK packet carries position %s" % position)

replica = connect(env["ORD_REPLICA_HOST"], env["ORD_REPLICA_PORT"]).cursor()
replica.execute("SELECT WAIT_FOR_EXECUTED_GTID_SET(%s, 60)", (position,))
expect(replica.fetchone()[0] == 0, "the replica reaches the position")
replica.execute("SELECT v FROM %s.t WHERE id = 1" % db)
expect(replica.fetchone() == ("mine",), "the replica reads the write")

unreached = str(int(position) + 10**15)
replica.execute("SELECT WAIT_FOR_EXECUTED_GTID_SET(%s, 0.1)", (unreached,))
expect(replica.fetchone()[0] == 1, "an unreached position times out with 1")

for bad, code in ((("not-a-position", 1), 1772), (("1", -1), 1210)):
    try:
        replica.execute("SELECT WAIT_FOR_EXECUTED_GTID_SET(%s, %s)", bad)
        expect(False, "error %d" % code)
    except pymysql.err.MySQLError as e:
        expect(e.args[0] == code, "error %d for %r" % (code, bad))
print("done")
