#!/usr/bin/python3
"""Server CPU time per query of the employees queries, for several servers side by side.

  cpu_compare.py --server NAME=HOST:PORT:PID[:USER[:PASSWORD]] ... [--runs R]
                 [--repeat N] [--query NAME ...] [--sql SQL ...]

Each server is a MySQL-protocol server already holding the `employees` database of
employees_bench.py (user and password as given, else from MYSQL_USER / MYSQL_PWD, default
root and no password); a MariaDB server may be one of them. For each query, every server runs it once to warm up, then the servers take
turns, `runs` times each. The CPU a run costs a server is the growth of the CPU time of the
server process's threads (/proc/PID/task/*/schedstat: time on a CPU, in ns) from before the
statement is sent to after its last row is read. The table gives, per query and server, the
least CPU time of the runs in ms (the run least disturbed by other work on the machine),
and each server's CPU against the first server's. Rows are compared between servers by a
SHA-256 of their text: a difference is reported.

With --repeat N, a run sends the statement N times back to back and its CPU time is divided
by N: a statement of well under a millisecond is timed over many executions (the table then
gives us per statement, with one decimal).

CPU time per query moves much less than wall time on a machine shared with other work, so
this compares builds while others use the machine; it does not replace a wall-clock run on a
quiet machine (join-compare).
"""
import argparse
import hashlib
import os
import sys

import pymysql

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import employees_bench  # noqa: E402


def cpu_ns(pid):
    total = 0
    task_dir = f"/proc/{pid}/task"
    for task in os.listdir(task_dir):
        try:
            with open(f"{task_dir}/{task}/schedstat") as f:
                total += int(f.read().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            pass  # the thread ended meanwhile
    return total


def run_once(conn, pid, sql, repeat=1):
    cur = conn.cursor()
    before = cpu_ns(pid)
    for _ in range(repeat):
        cur.execute(sql)
        rows = cur.fetchall()
    after = cpu_ns(pid)
    digest = hashlib.sha256()
    for row in rows:
        digest.update(("\t".join("NULL" if v is None else str(v) for v in row) + "\n").encode())
    return (after - before) / repeat, len(rows), digest.hexdigest()


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server", action="append", required=True,
                        help="NAME=HOST:PORT:PID[:USER[:PASSWORD]] (PID: the server process)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=1,
                        help="executions per run; the CPU is given per execution, in us")
    parser.add_argument("--query", action="append", help="only these queries (by name)")
    parser.add_argument("--sql", action="append", help="extra statements to measure")
    args = parser.parse_args()
    servers = []
    for spec in args.server:
        name, rest = spec.split("=", 1)
        parts = rest.split(":", 4)
        host, port, pid = parts[:3]
        user = parts[3] if len(parts) > 3 else os.environ.get("MYSQL_USER", "root")
        password = parts[4] if len(parts) > 4 else os.environ.get("MYSQL_PWD", "")
        conn = pymysql.connect(host=host, port=int(port), user=user, password=password,
                               database="employees", autocommit=True, read_timeout=3600)
        servers.append((name, conn, int(pid)))
    queries = [(n, q) for n, q in employees_bench.QUERIES if not args.query or n in args.query]
    for i, sql in enumerate(args.sql or []):
        queries.append((f"sql{i + 1}", sql))
    header = f"{'query':38}" + "".join(f"{name:>12}" for name, _, _ in servers)
    header += "".join(f"{name + '/' + servers[0][0]:>16}" for name, _, _ in servers[1:])
    print(header, flush=True)
    for qname, sql in queries:
        best = [None] * len(servers)
        digests = [None] * len(servers)
        for s, (_, conn, pid) in enumerate(servers):
            run_once(conn, pid, sql)  # warm-up
        for _ in range(args.runs):
            for s, (_, conn, pid) in enumerate(servers):
                ns, rows, digest = run_once(conn, pid, sql, args.repeat)
                best[s] = ns if best[s] is None else min(best[s], ns)
                digests[s] = digest
        scale = 1e3 if args.repeat > 1 else 1e6  # us per execution, or ms per run
        line = f"{qname:38}" + "".join(f"{b / scale:12.1f}" for b in best)
        line += "".join(f"{(b / best[0] if best[0] else 0):16.2f}" for b in best[1:])
        if len(set(digests)) != 1:
            line += "  ROWS DIFFER"
        print(line, flush=True)


if __name__ == "__main__":
    main()
