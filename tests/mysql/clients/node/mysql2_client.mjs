// Node.js mysql2 against OrdinalDB's MySQL protocol: execute() (the binary protocol of
// prepared statements) and caching_sha2_password. Environment as dbapi_client.py.
import mysql from "mysql2/promise";

const env = process.env;
function expect(cond, what) {
  if (!cond) {
    console.log("FAIL", what);
    process.exit(1);
  }
  console.log("ok", what);
}

const base = { user: "root", password: env.ORD_PASSWORD };
const primary = await mysql.createConnection({ ...base, host: env.ORD_HOST, port: +env.ORD_PORT });
// mysql2 answers the greeting with the plugin the server proposes when it knows it, so a
// successful connect after a caching_sha2_password greeting used that plugin.
expect(primary.connection._handshakePacket.authPluginName === "caching_sha2_password",
       "authenticated with caching_sha2_password");
await primary.query(`CREATE DATABASE ${env.ORD_DB}`);
await primary.query(`USE ${env.ORD_DB}`);
await primary.query("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20), body TEXT, score DOUBLE)");
expect(true, "DDL");

const long = "y".repeat(50000) + "ü'\"end";
const rows = [[1, "one", long, 1.5], [2, null, null, null], [3, "it's", "", -2.25]];
for (const r of rows) {
  const [res] = await primary.execute("INSERT INTO items VALUES (?, ?, ?, ?)", r);
  expect(res.affectedRows === 1, `execute insert ${r[0]}`);
}
const [got] = await primary.execute("SELECT id, name, body, score FROM items WHERE id >= ? ORDER BY id", [1]);
expect(JSON.stringify(got.map((r) => [r.id, r.name, r.body, r.score])) === JSON.stringify(rows),
       "rows read back equal (binary protocol)");

await primary.query("BEGIN");
await primary.execute("UPDATE items SET name = ? WHERE id = ?", ["changed", 1]);
await primary.query("ROLLBACK");
const [after] = await primary.execute("SELECT name FROM items WHERE id = ?", [1]);
expect(after[0].name === "one", "rollback undoes the transaction");

try {
  await primary.execute("INSERT INTO items VALUES (?, ?, ?, ?)", [1, "dup", null, null]);
  expect(false, "duplicate key is an error");
} catch (e) {
  expect(e.errno === 1062 && e.sqlState === "23000", `duplicate key is error 1062 (${e.errno})`);
}

// Connected without a database: the replica may not have received it yet.
const replica = await mysql.createConnection({ ...base, host: env.ORD_REPLICA_HOST,
                                               port: +env.ORD_REPLICA_PORT });
let count = 0;
for (const deadline = Date.now() + 30000; Date.now() < deadline;) {
  try {
    const [r] = await replica.execute(`SELECT COUNT(*) AS n FROM ${env.ORD_DB}.items`);
    count = Number(r[0].n);
  } catch (e) {
    count = 0;
  }
  if (count === 3) break;
  await new Promise((resolve) => setTimeout(resolve, 50));
}
expect(count === 3, "replica serves the rows");
try {
  await replica.execute(`INSERT INTO ${env.ORD_DB}.items VALUES (?, ?, ?, ?)`, [9, "no", null, null]);
  expect(false, "a write on a replica is refused");
} catch (e) {
  expect(e.errno === 1290, `a write on a replica is error 1290 (${e.errno})`);
}
await replica.end();
await primary.end();
console.log("done");
