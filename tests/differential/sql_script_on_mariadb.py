"""Runs a tests/sql/*.test script against a MariaDB server and prints every record whose
outcome there differs from the script's expectation (statement success or error number,
affected rows, query rows). A manual check, not part of ctest: it tells which expectations
MariaDB shares and which are MySQL 8.0's (or OrdinalDB's) own (docs/differential-testing.md).

Usage: /usr/bin/python3 sql_script_on_mariadb.py SCRIPT SOCKET
  SOCKET: a MariaDB socket where root may log in without a password, for example from
  `bench/mariadb-local start DIR PORT 1` (DIR/mysqld.sock). The script's databases must not
  hold anything of value there: the script creates and changes them as written.
Exit status: 0 when every record agrees, 1 otherwise.
"""
import sys

import pymysql


def records(text):
    for record in text.split("\n\n"):
        lines = [l for l in record.split("\n") if l and not l.startswith("#")]
        if lines:
            yield lines


def main(path, socket):
    conn = pymysql.connect(unix_socket=socket, user="root", autocommit=True)
    cur = conn.cursor()
    differences = 0

    def differ(what, sql):
        nonlocal differences
        differences += 1
        print("DIFF", what, ":", sql)

    for lines in records(open(path).read()):
        head = lines[0].split()
        if head[0] == "statement":
            sql = " ".join(lines[1:])
            try:
                affected = cur.execute(sql)
                if head[1] != "ok":
                    differ("expected error %s, got ok (%d rows)" % (head[2:], affected), sql)
                elif len(head) > 3 and int(head[3]) != affected:
                    differ("expected %s affected, got %d" % (head[3], affected), sql)
            except pymysql.MySQLError as e:
                if head[1] != "error":
                    differ("expected ok, got %s" % (e.args,), sql)
                elif len(head) > 2 and int(head[2]) != e.args[0]:
                    differ("expected error %s, got %s" % (head[2], e.args), sql)
        elif head[0] == "query":
            end = lines.index("----") if "----" in lines else len(lines)
            sql = " ".join(lines[1:end])
            expected = lines[end + 1:]
            try:
                cur.execute(sql)
                got = ["\t".join("NULL" if v is None else str(v) for v in row)
                       for row in cur.fetchall()]
                if "rowsort" in head:
                    got, expected = sorted(got), sorted(expected)
                if got != expected:
                    differ("expected %s, got %s" % (expected, got), sql)
            except pymysql.MySQLError as e:
                differ("expected rows, got %s" % (e.args,), sql)
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
