// Node.js mysql2 execute() with temporal parameters and results: DATE, DATETIME(6), TIME
// and TIMESTAMP values travel as the binary protocol's temporal types both ways (mysql2
// sends a JavaScript Date as MYSQL_TYPE_DATETIME; dateStrings makes it return the server's
// values as text). Environment: ORD_HOST, ORD_PORT, ORD_PASSWORD, ORD_DB.
import mysql from "mysql2/promise";

const env = process.env;
function expect(cond, what) {
  if (!cond) {
    console.log("FAIL", what);
    process.exit(1);
  }
  console.log("ok", what);
}

const conn = await mysql.createConnection({
  user: "root", password: env.ORD_PASSWORD, host: env.ORD_HOST, port: +env.ORD_PORT,
  timezone: "Z", dateStrings: true,
});
await conn.query(`CREATE DATABASE ${env.ORD_DB}`);
await conn.query(`USE ${env.ORD_DB}`);
await conn.query("SET time_zone = '+00:00'");
await conn.query("CREATE TABLE ev (id INT PRIMARY KEY, d DATE, dt DATETIME(6), t TIME, ts TIMESTAMP)");

// A Date object (sent as MYSQL_TYPE_DATETIME with microseconds) and strings.
const when = new Date(Date.UTC(2024, 1, 29, 13, 45, 7, 123));
const day = new Date(Date.UTC(2024, 1, 29));
await conn.execute("INSERT INTO ev VALUES (?, ?, ?, ?, ?)", [1, day, when, "13:45:07", when]);
await conn.execute("INSERT INTO ev VALUES (?, ?, ?, ?, ?)",
                   [2, "1999-12-31", "1999-12-31 23:59:59.999999", "-838:59:59", "2038-01-19 03:14:07"]);
await conn.execute("INSERT INTO ev VALUES (?, ?, ?, ?, ?)", [3, null, null, null, null]);
expect(true, "inserts with temporal parameters");

const [rows] = await conn.execute("SELECT id, d, dt, t, ts FROM ev WHERE id <= ? ORDER BY id", [3]);
const got = rows.map((r) => [r.id, r.d, r.dt, r.t, r.ts]);
const want = [
  [1, "2024-02-29", "2024-02-29 13:45:07.123000", "13:45:07", "2024-02-29 13:45:07"],
  [2, "1999-12-31", "1999-12-31 23:59:59.999999", "-838:59:59", "2038-01-19 03:14:07"],
  [3, null, null, null, null],
];
expect(JSON.stringify(got) === JSON.stringify(want),
       `binary temporal results equal: ${JSON.stringify(got)}`);

// Temporal parameters in comparisons.
const [byDate] = await conn.execute("SELECT id FROM ev WHERE d = ?", [new Date(Date.UTC(1999, 11, 31))]);
expect(byDate.length === 1 && byDate[0].id === 2, "a Date parameter compares with a DATE column");
const [byRange] = await conn.execute("SELECT id FROM ev WHERE dt BETWEEN ? AND ? ORDER BY id",
                                     ["2024-02-29 00:00:00", when]);
expect(JSON.stringify(byRange.map((r) => r.id)) === "[1]", "a DATETIME(6) range with parameters");
const [byTime] = await conn.execute("SELECT id FROM ev WHERE t < ? ORDER BY id", ["00:00:00"]);
expect(JSON.stringify(byTime.map((r) => r.id)) === "[2]", "a negative TIME compares below zero");
// The same statement executed again with other values (parsed once, bound each time).
for (const [id, expected] of [[1, "2024-02-29"], [2, "1999-12-31"]]) {
  const [r] = await conn.execute("SELECT d FROM ev WHERE id = ?", [id]);
  expect(r[0].d === expected, `re-execution binds ${id}`);
}
await conn.end();
console.log("done");
