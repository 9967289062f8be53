"""KILL [QUERY | CONNECTION], COM_PROCESS_KILL and COM_CHANGE_USER with unmodified drivers:
PyMySQL (KILL statements, and COM_PROCESS_KILL through Connection.kill) and mysqlclient
(change_user, which sends COM_CHANGE_USER).

Usage: /usr/bin/python3 kill_and_change_user.py
Environment: ORD_HOST, ORD_PORT, ORD_PASSWORD, ORD_DB (a database name of its own). Prints
one line per check; exits non-zero at the first failure.
"""
import os
import sys
import threading
import time

import MySQLdb
import pymysql

env = os.environ
HOST, PORT, PASSWORD, DB = env["ORD_HOST"], int(env["ORD_PORT"]), env["ORD_PASSWORD"], env["ORD_DB"]
QUERY_INTERRUPTED, CONNECTION_KILLED, NO_SUCH_THREAD, ACCESS_DENIED = 1317, 1927, 1094, 1045
# A position the primary will not reach: the wait lasts until something stops it.
NEVER = "SELECT WAIT_FOR_EXECUTED_GTID_SET('999999999999')"


def expect(cond, what):
    if not cond:
        print("FAIL", what)
        sys.exit(1)
    print("ok", what)


def connect(**kw):
    return pymysql.connect(host=HOST, port=PORT, user="root", password=PASSWORD,
                           autocommit=True, **kw)


def one(conn, sql):
    cur = conn.cursor()
    cur.execute(sql)
    return cur.fetchone()[0]


def run_in_background(conn, sql):
    """Runs `sql` on `conn` in a thread; returns the thread and where its outcome lands."""
    outcome = {}

    def body():
        try:
            conn.cursor().execute(sql)
            outcome["result"] = "finished"
        except pymysql.err.MySQLError as e:
            outcome["error"] = e.args[0]

    thread = threading.Thread(target=body)
    thread.start()
    return thread, outcome


def wait_until_running(observer, victim_id):
    """Gives the victim's statement time to start (it runs until killed)."""
    time.sleep(0.5)


def kill_while_running(statement, kill_sql_for):
    victim, killer = connect(), connect()
    victim_id = one(victim, "SELECT CONNECTION_ID()")
    thread, outcome = run_in_background(victim, statement)
    wait_until_running(killer, victim_id)
    killer.cursor().execute(kill_sql_for(victim_id))
    thread.join(60)
    expect(not thread.is_alive(), "the killed statement returned")
    return victim, killer, outcome


# KILL QUERY stops a wait for a position; the connection stays.
victim, killer, outcome = kill_while_running(NEVER, lambda i: f"KILL QUERY {i}")
expect(outcome.get("error") == QUERY_INTERRUPTED, f"KILL QUERY ends a wait with 1317: {outcome}")
expect(one(victim, "SELECT 1") == 1, "the connection stays after KILL QUERY")
victim.close()

# KILL QUERY ends SLEEP early: it returns 1 and the statement succeeds, as in MySQL.
victim, killer = connect(), connect()
victim_id = one(victim, "SELECT CONNECTION_ID()")
outcome = {}
def sleeper():
    outcome["value"] = one(victim, "SELECT SLEEP(60)")
thread = threading.Thread(target=sleeper)
thread.start()
wait_until_running(killer, victim_id)
killer.cursor().execute(f"KILL QUERY {victim_id}")
thread.join(60)
expect(outcome.get("value") == 1, f"KILL QUERY ends SLEEP with 1: {outcome}")
victim.close()

# KILL QUERY stops a long scan.
setup = connect()
cur = setup.cursor()
cur.execute(f"CREATE DATABASE {DB}")
cur.execute(f"CREATE TABLE {DB}.t (id INT PRIMARY KEY)")
cur.execute(f"INSERT INTO {DB}.t VALUES " + ",".join(f"({i})" for i in range(400)))
scan = f"SELECT COUNT(*) FROM {DB}.t a, {DB}.t b, {DB}.t c WHERE a.id + b.id + c.id < 0"
victim, killer, outcome = kill_while_running(scan, lambda i: f"KILL QUERY {i}")
expect(outcome.get("error") == QUERY_INTERRUPTED, f"KILL QUERY ends a long scan with 1317: {outcome}")
victim.close()

# KILL [CONNECTION] ends the statement with 1927 and closes the connection.
victim, killer, outcome = kill_while_running(NEVER, lambda i: f"KILL {i}")
expect(outcome.get("error") == CONNECTION_KILLED, f"KILL ends the statement with 1927: {outcome}")
try:
    one(victim, "SELECT 1")
    expect(False, "a killed connection is closed")
except pymysql.err.MySQLError as e:
    expect(True, f"a killed connection is closed ({e.args[0]})")

# KILL CONNECTION of an idle connection.
victim = connect()
victim_id = one(victim, "SELECT CONNECTION_ID()")
killer.cursor().execute(f"KILL CONNECTION {victim_id}")
try:
    one(victim, "SELECT 1")
    expect(False, "an idle killed connection is closed")
except pymysql.err.MySQLError as e:
    expect(True, f"an idle killed connection is closed ({e.args[0]})")

# COM_PROCESS_KILL (PyMySQL's Connection.kill).
victim = connect()
victim_id = one(victim, "SELECT CONNECTION_ID()")
thread, outcome = run_in_background(victim, NEVER)
wait_until_running(killer, victim_id)
killer.kill(victim_id)
thread.join(60)
expect(outcome.get("error") == CONNECTION_KILLED, f"COM_PROCESS_KILL ends the wait with 1927: {outcome}")

# Unknown ids.
for sql in ("KILL 4000000000", "KILL QUERY 4000000000"):
    try:
        killer.cursor().execute(sql)
        expect(False, f"{sql} is an error")
    except pymysql.err.MySQLError as e:
        expect(e.args[0] == NO_SUCH_THREAD, f"{sql} is 1094: {e.args}")
try:
    killer.kill(4000000000)
    expect(False, "COM_PROCESS_KILL of an unknown id is an error")
except pymysql.err.MySQLError as e:
    expect(e.args[0] == NO_SUCH_THREAD, f"COM_PROCESS_KILL of an unknown id is 1094: {e.args}")

# KILL QUERY of itself interrupts the KILL statement.
own = one(killer, "SELECT CONNECTION_ID()")
try:
    killer.cursor().execute(f"KILL QUERY {own}")
    expect(False, "KILL QUERY of its own connection is an error")
except pymysql.err.MySQLError as e:
    expect(e.args[0] == QUERY_INTERRUPTED, f"KILL QUERY of its own connection is 1317: {e.args}")
expect(one(killer, "SELECT 1") == 1, "and the connection stays")

# COM_CHANGE_USER (mysqlclient): authenticates again and resets the session.
cur = setup.cursor()
cur.execute(f"CREATE DATABASE {DB}_other")
conn = MySQLdb.connect(host=HOST, port=PORT, user="root", passwd=PASSWORD, db=DB)
c = conn.cursor()
c.execute("SET @kept = 1")
c.execute("BEGIN")
c.execute(f"INSERT INTO {DB}.t VALUES (-1)")
before = conn.thread_id()
conn.change_user("root", PASSWORD, f"{DB}_other")
c = conn.cursor()
c.execute("SELECT DATABASE(), @kept, CONNECTION_ID()")
database, kept, after = c.fetchone()
expect(database == f"{DB}_other", f"change_user selects the database it names: {database}")
expect(kept is None, "change_user resets user variables")
expect(after == before, "change_user keeps the connection id")
c.execute(f"SELECT COUNT(*) FROM {DB}.t WHERE id = -1")
expect(c.fetchone()[0] == 0, "change_user rolls back the open transaction")
try:
    conn.change_user("root", "not-the-password")
    expect(False, "change_user with a wrong password is an error")
except MySQLdb.MySQLError as e:
    expect(e.args[0] == ACCESS_DENIED, f"change_user with a wrong password is 1045: {e.args}")
conn.close()

print("done")
