// Foreign keys on a primary and two replicas (docs/foreign-keys.md): a cascade runs inside
// the statement's transaction on the primary, so its whole effect is one committed batch
// that replicas apply as it is; afterwards CHECKSUM TABLE is equal on every pod, and the
// replicas show the same constraints (DDL is data).
#include <string>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "tests/integration/cluster/cluster_fixture.h"

namespace ordinal::integration {
namespace {

class ClusterForeignKeyTest : public ClusterFixture {};

TEST_F(ClusterForeignKeyTest, CascadeOnThePrimaryReachesEveryReplica) {
  Sql(0, "CREATE DATABASE fk");
  Sql(0, "CREATE TABLE fk.parent (id INT PRIMARY KEY, name VARCHAR(10))");
  Sql(0,
      "CREATE TABLE fk.child (id INT PRIMARY KEY, pid INT NOT NULL, "
      "FOREIGN KEY (pid) REFERENCES parent (id) ON DELETE CASCADE ON UPDATE CASCADE)");
  Sql(0,
      "CREATE TABLE fk.grandchild (id INT PRIMARY KEY, cid INT, "
      "FOREIGN KEY (cid) REFERENCES child (id) ON DELETE SET NULL)");
  std::string parents = "INSERT INTO fk.parent VALUES ";
  std::string children = "INSERT INTO fk.child VALUES ";
  std::string grandchildren = "INSERT INTO fk.grandchild VALUES ";
  for (int p = 1; p <= 10; ++p) absl::StrAppend(&parents, p > 1 ? "," : "", "(", p, ",'p')");
  for (int c = 1; c <= 100; ++c) {
    absl::StrAppend(&children, c > 1 ? "," : "", "(", c, ",", (c - 1) % 10 + 1, ")");
  }
  for (int g = 1; g <= 200; ++g) {
    absl::StrAppend(&grandchildren, g > 1 ? "," : "", "(", g, ",", (g - 1) % 100 + 1, ")");
  }
  Sql(0, parents);
  Sql(0, children);
  Sql(0, grandchildren);

  Sql(0, "DELETE FROM fk.parent WHERE id <= 5");
  Sql(0, "UPDATE fk.parent SET id = id + 100 WHERE id = 6");
  ASSERT_NO_FATAL_FAILURE(ExpectConverged());
  ASSERT_NO_FATAL_FAILURE(ExpectChecksumsEqual({"fk.parent", "fk.child", "fk.grandchild"}));
  for (int ordinal = 0; ordinal < cluster().pod_count(); ++ordinal) {
    EXPECT_EQ(IntCell(ordinal, "SELECT COUNT(*) FROM fk.child"), 50) << ordinal;
    EXPECT_EQ(IntCell(ordinal, "SELECT COUNT(*) FROM fk.child WHERE pid = 106"), 10) << ordinal;
    EXPECT_EQ(IntCell(ordinal, "SELECT COUNT(*) FROM fk.grandchild WHERE cid IS NULL"), 100)
        << ordinal;
    EXPECT_EQ(IntCell(ordinal,
                      "SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS "
                      "WHERE CONSTRAINT_SCHEMA = 'fk' AND DELETE_RULE = 'CASCADE'"),
              1)
        << ordinal;
  }
}

}  // namespace
}  // namespace ordinal::integration
