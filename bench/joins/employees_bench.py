#!/usr/bin/python3
"""Join-and-aggregate queries on MySQL's employees schema, against two MySQL servers.

  employees_bench.py load  --host H --port P --user U [--employees N] [--seed S]
  employees_bench.py query --host H --port P --user U [--runs R] [--out FILE]

The password comes from MYSQL_PWD. `load` creates the database `employees` with the schema
of MySQL's sample database (datacharmer/test_db, without its views) and fills it with
generated rows shaped like the public data: 9 departments, each employee in one or two
departments, one to three titles, a salary row per year of service, a few managers per
department. The same seed gives the same rows, so two servers hold equal data. It prints
progress and the rows per table.

`query` runs each query of QUERIES once to warm the caches, then `runs` times, and writes
one JSON line per query: its name, the median and minimum seconds of one execution
(statement sent to last row read, through PyMySQL), the row count and a SHA-256 of the rows
as text (so that the answers of two servers can be compared). A query that takes less than
`min_run_ms` is timed over back-to-back executions: the warm-up counts how many make a run
of at least that long (at most 10,000), every run sends that many, and its time is divided by
their number. Each server finds its own count; a query's count is in its JSON line.
"""
import argparse
import datetime
import hashlib
import json
import os
import statistics
import sys
import time

import pymysql

DEPARTMENTS = ["Marketing", "Finance", "Human Resources", "Production", "Development",
               "Quality Management", "Sales", "Research", "Customer Service"]
TITLES = ["Staff", "Senior Staff", "Engineer", "Senior Engineer", "Assistant Engineer",
          "Technique Leader"]
SYLLABLES = ["ka", "ri", "to", "mel", "an", "so", "ber", "li", "na", "vo", "da", "gu", "zen",
             "pa", "ro", "shi"]
FOREVER = "9999-01-01"
LAST_DAY = datetime.date(2002, 8, 1)  # the public data ends in 2002

SCHEMA = [
    "DROP DATABASE IF EXISTS employees",
    "CREATE DATABASE employees",
    "USE employees",
    """CREATE TABLE employees (
         emp_no INT NOT NULL, birth_date DATE NOT NULL, first_name VARCHAR(14) NOT NULL,
         last_name VARCHAR(16) NOT NULL, gender ENUM ('M','F') NOT NULL,
         hire_date DATE NOT NULL, PRIMARY KEY (emp_no))""",
    """CREATE TABLE departments (
         dept_no CHAR(4) NOT NULL, dept_name VARCHAR(40) NOT NULL,
         PRIMARY KEY (dept_no), UNIQUE KEY (dept_name))""",
    """CREATE TABLE dept_manager (
         emp_no INT NOT NULL, dept_no CHAR(4) NOT NULL, from_date DATE NOT NULL,
         to_date DATE NOT NULL,
         FOREIGN KEY (emp_no) REFERENCES employees (emp_no) ON DELETE CASCADE,
         FOREIGN KEY (dept_no) REFERENCES departments (dept_no) ON DELETE CASCADE,
         PRIMARY KEY (emp_no, dept_no))""",
    """CREATE TABLE dept_emp (
         emp_no INT NOT NULL, dept_no CHAR(4) NOT NULL, from_date DATE NOT NULL,
         to_date DATE NOT NULL,
         FOREIGN KEY (emp_no) REFERENCES employees (emp_no) ON DELETE CASCADE,
         FOREIGN KEY (dept_no) REFERENCES departments (dept_no) ON DELETE CASCADE,
         PRIMARY KEY (emp_no, dept_no))""",
    """CREATE TABLE titles (
         emp_no INT NOT NULL, title VARCHAR(50) NOT NULL, from_date DATE NOT NULL,
         to_date DATE,
         FOREIGN KEY (emp_no) REFERENCES employees (emp_no) ON DELETE CASCADE,
         PRIMARY KEY (emp_no, title, from_date))""",
    """CREATE TABLE salaries (
         emp_no INT NOT NULL, salary INT NOT NULL, from_date DATE NOT NULL,
         to_date DATE NOT NULL,
         FOREIGN KEY (emp_no) REFERENCES employees (emp_no) ON DELETE CASCADE,
         PRIMARY KEY (emp_no, from_date))""",
]

# The queries: what reports on this schema ask (issue: top salaries per department, current
# managers, title counts by year), each a join and/or an aggregate over the large tables.
QUERIES = [
    ("top_salary_per_department", """
        SELECT d.dept_name, MAX(s.salary) AS top, COUNT(*) AS people
        FROM departments d
        JOIN dept_emp de ON de.dept_no = d.dept_no AND de.to_date = '9999-01-01'
        JOIN salaries s ON s.emp_no = de.emp_no AND s.to_date = '9999-01-01'
        GROUP BY d.dept_name ORDER BY d.dept_name"""),
    ("current_managers", """
        SELECT d.dept_name, e.first_name, e.last_name, dm.from_date
        FROM dept_manager dm
        JOIN employees e ON e.emp_no = dm.emp_no
        JOIN departments d ON d.dept_no = dm.dept_no
        WHERE dm.to_date = '9999-01-01' ORDER BY d.dept_name, e.emp_no"""),
    ("title_counts_by_year", """
        SELECT title, YEAR(from_date) AS y, COUNT(*) AS n
        FROM titles GROUP BY title, YEAR(from_date) ORDER BY title, y"""),
    ("avg_salary_by_department_and_gender", """
        SELECT d.dept_name, e.gender, ROUND(AVG(s.salary), 2) AS average
        FROM salaries s
        JOIN employees e ON e.emp_no = s.emp_no
        JOIN dept_emp de ON de.emp_no = s.emp_no AND de.to_date = '9999-01-01'
        JOIN departments d ON d.dept_no = de.dept_no
        WHERE s.to_date = '9999-01-01'
        GROUP BY d.dept_name, e.gender ORDER BY d.dept_name, e.gender"""),
    ("top_10_earners", """
        SELECT e.emp_no, e.first_name, e.last_name, s.salary
        FROM salaries s JOIN employees e ON e.emp_no = s.emp_no
        WHERE s.to_date = '9999-01-01'
        ORDER BY s.salary DESC, e.emp_no LIMIT 10"""),
    ("hires_per_year_by_department", """
        SELECT YEAR(e.hire_date) AS y, de.dept_no, COUNT(*) AS hires
        FROM employees e JOIN dept_emp de ON de.emp_no = e.emp_no
        GROUP BY YEAR(e.hire_date), de.dept_no ORDER BY y, de.dept_no"""),
    ("one_employee_history", """
        SELECT e.emp_no, e.last_name, t.title, t.from_date, s.salary
        FROM employees e
        JOIN titles t ON t.emp_no = e.emp_no
        JOIN salaries s ON s.emp_no = e.emp_no AND s.from_date >= t.from_date
        WHERE e.emp_no = 10042 ORDER BY t.from_date, s.from_date"""),
]


class Random:
    """splitmix64: the same sequence on every machine."""

    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFFFFFFFFFF

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
        return z ^ (z >> 31)

    def uniform(self, lo, hi):
        return lo + self.next() % (hi - lo + 1)


def name(random, parts):
    text = "".join(SYLLABLES[random.next() % 16] for _ in range(parts))
    return text[0].upper() + text[1:]


def day(date):
    return date.isoformat()


def generate(seed, count):
    """Yields (table, row) in an order that keeps every foreign key satisfied."""
    random = Random(seed)
    for i, dept in enumerate(DEPARTMENTS):
        yield "departments", (f"d{i + 1:03d}", dept)
    managers = {}
    for emp_no in range(10001, 10001 + count):
        hire = datetime.date(1985, 1, 1) + datetime.timedelta(days=random.uniform(0, 5000))
        birth = hire - datetime.timedelta(days=random.uniform(20 * 365, 40 * 365))
        yield "employees", (emp_no, day(birth), name(random, 2), name(random, 3),
                            "MF"[random.next() % 2], day(hire))
        # Departments: one, or two with a move on a day between hire and the last day.
        first = random.uniform(1, 9)
        if random.next() % 10 == 0:
            second = first % 9 + 1
            move = hire + datetime.timedelta(days=random.uniform(1, max(1, (LAST_DAY - hire).days)))
            rows = sorted([(f"d{first:03d}", hire, move), (f"d{second:03d}", move, None)])
        else:
            rows = [(f"d{first:03d}", hire, None)]
        for dept_no, start, end in rows:
            yield "dept_emp", (emp_no, dept_no, day(start), day(end) if end else FOREVER)
            if dept_no not in managers or (random.next() % 5000 == 0 and len(managers) < 30):
                managers.setdefault(dept_no, []).append((emp_no, start, end))
        # Titles: one to three, each from a later day.
        start = hire
        titles = random.uniform(1, 3)
        used = set()
        for t in range(titles):
            title = TITLES[random.next() % len(TITLES)]
            if title in used:
                continue
            used.add(title)
            end = None
            if t + 1 < titles:
                end = start + datetime.timedelta(days=random.uniform(200, 2000))
                if end >= LAST_DAY:
                    end = None
            yield "titles", (emp_no, title, day(start), day(end) if end else FOREVER)
            if end is None:
                break
            start = end
        # Salaries: one row per year of service, rising.
        salary = random.uniform(38000, 70000)
        start = hire
        while start < LAST_DAY:
            end = start + datetime.timedelta(days=365)
            yield "salaries", (emp_no, salary, day(start), day(end) if end < LAST_DAY else FOREVER)
            salary += random.uniform(0, 3000)
            start = end
    for dept_no, rows in sorted(managers.items()):
        for emp_no, start, end in rows[:4]:
            yield "dept_manager", (emp_no, dept_no, day(start), day(end) if end else FOREVER)


def connect(args, database=None):
    return pymysql.connect(host=args.host, port=args.port, user=args.user,
                           password=os.environ.get("MYSQL_PWD", ""),
                           database=database, autocommit=True, read_timeout=3600,
                           write_timeout=3600)


def literal(value):
    return str(value) if isinstance(value, int) else "'" + value + "'"


def load(args):
    conn = connect(args)
    cur = conn.cursor()
    for sql in SCHEMA:
        cur.execute(sql)
    batches = {}
    counts = {}
    started = time.monotonic()
    last = started

    def flush(table):
        rows = batches.pop(table, [])
        if rows:
            cur.execute(f"INSERT INTO {table} VALUES " + ",".join(rows))

    for table, row in generate(args.seed, args.employees):
        batches.setdefault(table, []).append("(" + ",".join(literal(v) for v in row) + ")")
        counts[table] = counts.get(table, 0) + 1
        if len(batches[table]) >= args.batch:
            if table not in ("departments", "employees"):
                flush("departments")  # parents first: the foreign keys are checked
                flush("employees")
            flush(table)
        now = time.monotonic()
        if now - last >= 10:
            total = sum(counts.values())
            print(f"  load: {total:,} rows in {now - started:.0f} s "
                  f"({total / (now - started):,.0f} rows/s)", flush=True)
            last = now
    for table in ["departments", "employees", "dept_emp", "titles", "salaries", "dept_manager"]:
        flush(table)
    elapsed = time.monotonic() - started
    total = sum(counts.values())
    print(f"  load: {total:,} rows in {elapsed:.1f} s; " +
          ", ".join(f"{t} {n:,}" for t, n in sorted(counts.items())), flush=True)


def rows_digest(rows):
    digest = hashlib.sha256()
    for row in rows:
        digest.update(("\t".join("NULL" if v is None else str(v) for v in row) + "\n").encode())
    return digest.hexdigest()


def query(args):
    conn = connect(args, "employees")
    cur = conn.cursor()
    out = open(args.out, "w") if args.out else sys.stdout
    for name_, sql in QUERIES:
        repeat = executions_per_run(cur, sql, args.min_run_ms / 1000)
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            for _ in range(repeat):
                cur.execute(sql)
                rows = cur.fetchall()
            times.append((time.perf_counter() - started) / repeat)
        line = {"query": name_, "median_s": statistics.median(times), "min_s": min(times),
                "rows": len(rows), "sha256": rows_digest(rows), "repeat": repeat}
        print(json.dumps(line), file=out, flush=True)
        print(f"  {name_}: median {line['median_s'] * 1000:.3f} ms over {repeat} "
              f"execution(s) per run, {len(rows)} rows", file=sys.stderr, flush=True)


def executions_per_run(cur, sql, min_run_s):
    """Warms the query up; returns how many back-to-back executions take min_run_s."""
    cur.execute(sql)  # warm-up
    cur.fetchall()
    started = time.perf_counter()
    cur.execute(sql)
    cur.fetchall()
    once = time.perf_counter() - started
    if once >= min_run_s:
        return 1
    # A second, warmer measurement over several executions sets the count.
    trial = max(1, min(100, int(min_run_s / max(once, 1e-6))))
    started = time.perf_counter()
    for _ in range(trial):
        cur.execute(sql)
        cur.fetchall()
    each = (time.perf_counter() - started) / trial
    return max(1, min(10000, int(min_run_s / max(each, 1e-6)) + 1))


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["load", "query"])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--user", default="root")
    parser.add_argument("--employees", type=int, default=100000)
    parser.add_argument("--seed", type=int, default=20261204)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out")
    parser.add_argument("--min-run-ms", type=float, default=50,
                        help="time a query shorter than this over back-to-back executions")
    args = parser.parse_args()
    if args.employees < 1 or args.runs < 1 or args.batch < 1:
        parser.error("--employees, --runs and --batch must be at least 1")
    load(args) if args.command == "load" else query(args)


if __name__ == "__main__":
    main()
