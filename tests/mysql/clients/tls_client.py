"""Connects to the MySQL port with PyMySQL over TLS (or in plaintext) and moves data both
ways, for tests/mysql/mysql_tls_test.cc.

Usage: /usr/bin/python3 tls_client.py verify|plain
Environment: ORD_HOST, ORD_PORT, ORD_PASSWORD, ORD_CA (verify: the CA that signed the
server's certificate; the host name is checked too). Prints "tls <version> <server CN>"
for a TLS connection, then "ok" after a round trip of a long string; on a refusal prints
"error <errno>" and exits 3.
"""
import os
import sys

import pymysql

env = os.environ
mode = sys.argv[1]
kwargs = dict(host=env["ORD_HOST"], port=int(env["ORD_PORT"]), user="root",
              password=env["ORD_PASSWORD"], connect_timeout=20)
if mode == "verify":
    kwargs["ssl"] = {"ca": env["ORD_CA"]}
try:
    conn = pymysql.connect(**kwargs)
except pymysql.err.OperationalError as error:
    print("error", error.args[0])
    sys.exit(3)

sock = conn._sock
if hasattr(sock, "version"):
    subject = dict(item[0] for item in sock.getpeercert()["subject"])
    print("tls", sock.version(), subject.get("commonName"))
else:
    print("plaintext")

payload = "secret-" + "x" * 100000
cur = conn.cursor()
cur.execute("CREATE DATABASE IF NOT EXISTS tls_db")
cur.execute("CREATE TABLE IF NOT EXISTS tls_db.t (id INT PRIMARY KEY, v LONGTEXT)")
cur.execute("REPLACE INTO tls_db.t VALUES (%s, %s)", (1, payload))
conn.commit()
cur.execute("SELECT v FROM tls_db.t WHERE id = %s", (1,))
if cur.fetchone()[0] != payload:
    print("FAIL round trip")
    sys.exit(1)
print("ok")
