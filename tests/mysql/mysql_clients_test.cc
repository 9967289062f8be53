// Unmodified MySQL clients against a real 3-ordinal cluster over the MySQL protocol: the
// mariadb CLI (-e, batch, a piped script), PyMySQL and mysqlclient (Debian's
// /usr/bin/python3), Node.js mysql2 with execute() and caching_sha2_password, MariaDB
// Connector/J with server-side prepared statements, and mysqldump. Each runs DDL, DML with
// parameters including NULLs and long strings, a transaction with rollback, an error the
// driver reports with its number, and a read on a replica. A client that is not installed,
// or that needs SQL the engine does not have yet, is skipped with the reason printed.
#include <map>
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/mysql/client_runner.h"
#include "tests/testing/cluster.h"

namespace ordinal::testing {
namespace {

constexpr char kPython[] = "/usr/bin/python3";  // Debian's, with Debian's modules
constexpr char kConnectorJ[] = "/usr/share/java/mariadb-java-client.jar";

class MysqlClientsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<ClusterProcess>> cluster = ClusterProcess::Start();
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = cluster->release();
  }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }

  static std::string Port(int ordinal) {
    return std::to_string(cluster_->pod(ordinal).mysql_port());
  }
  static std::string Host(int ordinal) { return cluster_->pod(ordinal).host(); }

  // The environment every client program reads (see clients/dbapi_client.py).
  static std::map<std::string, std::string> ClientEnv(const std::string& database) {
    return {{"ORD_HOST", Host(0)},          {"ORD_PORT", Port(0)},
            {"ORD_REPLICA_HOST", Host(2)},  {"ORD_REPLICA_PORT", Port(2)},
            {"ORD_PASSWORD", cluster_->password()}, {"ORD_DB", database}};
  }

  // The mariadb CLI against ordinal `ordinal`, the password from MYSQL_PWD (never argv).
  static CommandResult Mariadb(int ordinal, std::vector<std::string> args,
                               const std::string& input = "") {
    std::vector<std::string> argv = {"mariadb", "-h", Host(ordinal), "-P", Port(ordinal),
                                     "-uroot"};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCommand(argv, {{"MYSQL_PWD", cluster_->password()}}, 60, input);
  }

  static std::string ClientsDir() { return std::string(ORDINAL_MYSQL_CLIENTS_DIR); }

  static ClusterProcess* cluster_;
};

ClusterProcess* MysqlClientsTest::cluster_ = nullptr;

#define ORD_NEED_PROGRAM(p) \
  if (!HaveProgram(p)) GTEST_SKIP() << p << " is not installed (scripts/install-deps.sh)"

TEST_F(MysqlClientsTest, MariadbCliExecutesStatementsAndPrintsBatchRows) {
  ORD_NEED_PROGRAM("mariadb");
  CommandResult r = Mariadb(0, {"--batch", "-e",
                                "CREATE DATABASE cli; CREATE TABLE cli.t (id INT PRIMARY KEY, "
                                "name VARCHAR(10)); INSERT INTO cli.t VALUES (1, 'a'), (2, "
                                "NULL); SELECT * FROM cli.t ORDER BY id"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "id\tname\n1\ta\n2\tNULL\n");
}

TEST_F(MysqlClientsTest, MariadbCliRunsAPipedScriptWithARolledBackTransaction) {
  ORD_NEED_PROGRAM("mariadb");
  const std::string script =
      "CREATE DATABASE piped;\n"
      "USE piped;\n"
      "CREATE TABLE t (id INT PRIMARY KEY, note TEXT);\n"
      "INSERT INTO t VALUES (1, 'kept');\n"
      "BEGIN;\n"
      "INSERT INTO t VALUES (2, 'rolled back');\n"
      "ROLLBACK;\n"
      "SELECT COUNT(*) AS n FROM t;\n"
      "INSERT INTO t VALUES (1, 'duplicate');\n";
  CommandResult r = Mariadb(0, {"--batch"}, script);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(absl::StrContains(r.output, "n\n1\n")) << r.output;
  EXPECT_TRUE(absl::StrContains(r.output,
                                "ERROR 1062 (23000) at line 9: Duplicate entry '1' for key"))
      << r.output;
}

TEST_F(MysqlClientsTest, MariadbCliReportsAWrongPasswordAs1045) {
  ORD_NEED_PROGRAM("mariadb");
  CommandResult r = RunCommand({"mariadb", "-h", Host(0), "-P", Port(0), "-uroot", "-e",
                                "SELECT 1"},
                               {{"MYSQL_PWD", "not-the-password"}}, 60);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(r.output, "ERROR 1045 (28000)")) << r.output;
}

TEST_F(MysqlClientsTest, MariadbCliOnAReplicaReadsAndIsRefusedWrites) {
  ORD_NEED_PROGRAM("mariadb");
  ASSERT_EQ(Mariadb(0, {"-e", "CREATE DATABASE rep; CREATE TABLE rep.t (id INT PRIMARY KEY); "
                              "INSERT INTO rep.t VALUES (7)"}).exit_code, 0);
  ASSERT_TRUE(cluster_->WaitConverged(absl::Seconds(30)).ok());
  CommandResult read = Mariadb(1, {"--batch", "-N", "-e", "SELECT id FROM rep.t"});
  EXPECT_EQ(read.output, "7\n");
  CommandResult write = Mariadb(1, {"-e", "INSERT INTO rep.t VALUES (8)"});
  EXPECT_EQ(write.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(write.output, "ERROR 1290 (HY000)")) << write.output;
  EXPECT_TRUE(absl::StrContains(write.output, Host(0))) << "names the primary: " << write.output;
}

TEST_F(MysqlClientsTest, PyMysql) {
  ORD_NEED_PROGRAM(kPython);
  CommandResult r = RunCommand({kPython, ClientsDir() + "/dbapi_client.py", "pymysql"},
                               ClientEnv("py_pymysql"), 120);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(absl::EndsWith(r.output, "done\n")) << r.output;
}

// A session reads its own writes on a replica: the commit position from the OK packet's
// session state, WAIT_FOR_EXECUTED_GTID_SET(position, timeout) on the replica, then the read.
TEST_F(MysqlClientsTest, PyMysqlReadsItsOwnWriteOnAReplica) {
  ORD_NEED_PROGRAM(kPython);
  CommandResult r = RunCommand({kPython, ClientsDir() + "/read_your_writes.py"},
                               ClientEnv("py_read_your_writes"), 120);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(absl::EndsWith(r.output, "done\n")) << r.output;
}

// mysqlclient (MySQLdb) has no API for server-side prepared statements: it binds parameters
// on the client and sends COM_QUERY.
TEST_F(MysqlClientsTest, Mysqlclient) {
  ORD_NEED_PROGRAM(kPython);
  CommandResult r = RunCommand({kPython, ClientsDir() + "/dbapi_client.py", "MySQLdb"},
                               ClientEnv("py_mysqldb"), 120);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(absl::EndsWith(r.output, "done\n")) << r.output;
}

TEST_F(MysqlClientsTest, NodeMysql2WithExecuteAndCachingSha2) {
  ORD_NEED_PROGRAM("node");
  CommandResult setup = RunCommand({ClientsDir() + "/node/setup.sh"}, {}, 300);
  if (setup.exit_code != 0) GTEST_SKIP() << "npm packages unavailable: " << setup.output;
  CommandResult r = RunCommand({"node", ClientsDir() + "/node/mysql2_client.mjs"},
                               ClientEnv("node_mysql2"), 120);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(absl::StrContains(r.output, "ok authenticated with caching_sha2_password"))
      << r.output;
  EXPECT_TRUE(absl::EndsWith(r.output, "done\n")) << r.output;
}

TEST_F(MysqlClientsTest, ConnectorJWithServerPreparedStatements) {
  ORD_NEED_PROGRAM("javac");
  ORD_NEED_PROGRAM(kConnectorJ);
  const std::string classes = MakeTempDir("connector-j");
  CommandResult compile = RunCommand(
      {"javac", "-d", classes, ClientsDir() + "/java/ConnectorJClient.java"}, {}, 180);
  ASSERT_EQ(compile.exit_code, 0) << compile.output;
  CommandResult r = RunCommand({"java", "-cp", classes + ":" + kConnectorJ, "ConnectorJClient"},
                               ClientEnv("java_conj"), 120);
  RemoveTree(classes);
  // Connector/J 2.7 opens every connection with
  //   set autocommit=1, sql_mode = concat(@@sql_mode,',STRICT_TRANS_TABLES')
  // which needs SET of system variables in the engine (issue 11; in main since 13:30).
  if (r.exit_code != 0 && absl::StrContains(r.output, "near 'set autocommit=1")) {
    GTEST_SKIP() << "the engine lacks SET of system variables, which Connector/J sends on "
                    "connect: set autocommit=1, sql_mode = concat(@@sql_mode, ...)";
  }
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(absl::EndsWith(r.output, "done\n")) << r.output;
}

// mysqldump (Debian's mariadb-dump 10.11) of a database with several tables, reloaded through
// the mariadb CLI into a fresh cluster: every table's CHECKSUM TABLE is equal. The dump runs
// with mysqldump's defaults but --no-tablespaces (mariadb-dump's tablespace query over
// INFORMATION_SCHEMA.FILES selects a column it does not group by, which MySQL 8's default
// ONLY_FULL_GROUP_BY refuses): LOCK TABLES ... READ LOCAL while it reads, SHOW TABLES LIKE,
// SHOW CREATE TABLE, INFORMATION_SCHEMA.TABLES/COLUMNS, SELECT SQL_NO_CACHE, and in the
// dump LOCK TABLES ... WRITE around extended INSERTs and ALTER TABLE ... DISABLE/ENABLE
// KEYS.
TEST_F(MysqlClientsTest, MysqldumpAndReload) {
  ORD_NEED_PROGRAM("mysqldump");
  ORD_NEED_PROGRAM("mariadb");
  ASSERT_EQ(Mariadb(0, {"-e",
                        "CREATE DATABASE dumped; USE dumped; "
                        "CREATE TABLE a (id INT PRIMARY KEY, s VARCHAR(20)); "
                        "CREATE TABLE b (k BIGINT PRIMARY KEY, v DOUBLE NOT NULL, note TEXT); "
                        "CREATE TABLE c (n INT AUTO_INCREMENT PRIMARY KEY, price DECIMAL(10,2), "
                        "tag CHAR(3) DEFAULT 'x', UNIQUE KEY tag_price (tag, price), KEY (price)); "
                        "INSERT INTO a VALUES (1, 'x'), (2, NULL), (3, 'it''s \\\\ \"q\"'); "
                        "INSERT INTO b VALUES (5, 0.5, NULL), (-9000000000, -1e300, 'line\\nnext'); "
                        "INSERT INTO c (price, tag) VALUES (1.25, 'abc'), (NULL, 'def'), (-0.5, 'x'); "
                        "CREATE TABLE ab (id INT PRIMARY KEY, c_n INT, CONSTRAINT ab_c FOREIGN KEY "
                        "(c_n) REFERENCES c (n) ON DELETE CASCADE); "
                        "INSERT INTO ab VALUES (1, 1), (2, 2), (3, NULL)"})
                .exit_code,
            0);
  CommandResult dump = RunCommand({"mysqldump", "-h", Host(0), "-P", Port(0), "-uroot",
                                   "--no-tablespaces", "dumped"},
                                  {{"MYSQL_PWD", cluster_->password()}}, 60);
  ASSERT_EQ(dump.exit_code, 0) << dump.output;
  // `ab` references `c`, which the dump creates after it: the reload depends on the dump's
  // SET FOREIGN_KEY_CHECKS=0.
  EXPECT_TRUE(absl::StrContains(dump.output, "CONSTRAINT `ab_c` FOREIGN KEY (`c_n`) REFERENCES "
                                             "`c` (`n`) ON DELETE CASCADE"))
      << dump.output;
  for (const char* table : {"`a`", "`ab`", "`b`", "`c`"}) {
    EXPECT_TRUE(absl::StrContains(dump.output, absl::StrCat("CREATE TABLE ", table)))
        << dump.output;
    EXPECT_TRUE(absl::StrContains(dump.output, absl::StrCat("LOCK TABLES ", table, " WRITE")))
        << dump.output;
    EXPECT_TRUE(absl::StrContains(dump.output, absl::StrCat("INSERT INTO ", table, " VALUES")))
        << dump.output;
  }

  ClusterProcessOptions options;
  options.pods = 1;
  absl::StatusOr<std::unique_ptr<ClusterProcess>> fresh = ClusterProcess::Start(options);
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  auto fresh_mariadb = [&](std::vector<std::string> args, const std::string& input = "") {
    std::vector<std::string> argv = {"mariadb", "-h", (*fresh)->pod(0).host(), "-P",
                                     std::to_string((*fresh)->pod(0).mysql_port()), "-uroot"};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCommand(argv, {{"MYSQL_PWD", (*fresh)->password()}}, 60, input);
  };
  ASSERT_EQ(fresh_mariadb({"-e", "CREATE DATABASE dumped"}).exit_code, 0);
  CommandResult reload = fresh_mariadb({"dumped"}, dump.output);
  ASSERT_EQ(reload.exit_code, 0) << reload.output;
  for (const char* table : {"a", "ab", "b", "c"}) {
    const std::string checksum = absl::StrCat("CHECKSUM TABLE dumped.", table);
    CommandResult before = Mariadb(0, {"-N", "-e", checksum});
    CommandResult after = fresh_mariadb({"-N", "-e", checksum});
    ASSERT_EQ(before.exit_code, 0) << before.output;
    EXPECT_EQ(before.output, after.output) << table;
  }
  CommandResult rows = fresh_mariadb({"-N", "-e", "SELECT s FROM dumped.a WHERE id = 3"});
  EXPECT_EQ(rows.output, "it's \\\\ \"q\"\n");
  CommandResult rule = fresh_mariadb(
      {"-N", "-e",
       "SELECT DELETE_RULE FROM information_schema.REFERENTIAL_CONSTRAINTS "
       "WHERE CONSTRAINT_SCHEMA = 'dumped' AND CONSTRAINT_NAME = 'ab_c'"});
  EXPECT_EQ(rule.output, "CASCADE\n");
  ASSERT_EQ(fresh_mariadb({"-e", "DELETE FROM dumped.c WHERE n = 1"}).exit_code, 0);
  CommandResult left = fresh_mariadb({"-N", "-e", "SELECT COUNT(*) FROM dumped.ab"});
  EXPECT_EQ(left.output, "2\n");
}

}  // namespace
}  // namespace ordinal::testing
