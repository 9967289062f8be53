"""Connects without a password to a server started with --insecure_no_password, with PyMySQL
and with mysqlclient (MySQLdb), and once with a password (which such a server also accepts).

Usage: /usr/bin/python3 no_password.py
Environment: ORD_HOST, ORD_PORT. Prints one line per check; exits non-zero at the first
failure.
"""
import os
import sys

import MySQLdb
import pymysql

env = os.environ
HOST, PORT = env["ORD_HOST"], int(env["ORD_PORT"])


def expect(cond, what):
    if not cond:
        print("FAIL", what)
        sys.exit(1)
    print("ok", what)


def one(conn):
    cur = conn.cursor()
    cur.execute("SELECT 1 + 1")
    return cur.fetchone()[0]


conn = pymysql.connect(host=HOST, port=PORT, user="root")
expect(one(conn) == 2, "pymysql without a password")
conn.close()

conn = pymysql.connect(host=HOST, port=PORT, user="app")
expect(one(conn) == 2, "pymysql as another user without a password")
conn.close()

conn = pymysql.connect(host=HOST, port=PORT, user="root", password="anything")
expect(one(conn) == 2, "pymysql with a password")
conn.close()

conn = MySQLdb.connect(host=HOST, port=PORT, user="root")
expect(one(conn) == 2, "mysqlclient without a password")
conn.close()

print("done")
