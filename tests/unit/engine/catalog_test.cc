#include "engine/catalog/catalog.h"

#include <memory>
#include <string>
#include <vector>

#include "common/sql_error.h"
#include "engine/catalog/catalog_records.h"
#include "gtest/gtest.h"
#include "tests/unit/engine/scoped_temp_dir.h"

namespace ordinal::engine::catalog {
namespace {

class CatalogTest : public ::testing::Test {
 protected:
  void SetUp() override { OpenStore(); }

  void OpenStore() {
    catalog_.reset();
    store_.reset();
    kv::StoreOptions options;
    options.data_dir = dir_.Sub("db");
    options.block_cache_bytes = 8 << 20;
    absl::StatusOr<std::unique_ptr<kv::Store>> store = kv::Store::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    catalog_ = std::make_unique<Catalog>(*store_);
    ASSERT_TRUE(catalog_->Reload().ok());
  }

  void CreateDatabase(const std::string& name) {
    std::unique_ptr<kv::Transaction> txn = store_->BeginTransaction();
    ordinal::v1::DatabaseDef def;
    def.set_name(name);
    ASSERT_TRUE(catalog_->PutDatabase(*txn, def).ok());
    ASSERT_TRUE(txn->Commit().ok());
    ASSERT_TRUE(catalog_->Reload().ok());
  }

  // A table (id INT primary key, name VARCHAR(20)) in `database`.
  uint64_t CreateTable(const std::string& database, const std::string& name) {
    std::unique_ptr<kv::Transaction> txn = store_->BeginTransaction();
    absl::StatusOr<uint64_t> id = catalog_->AllocateTableId(*txn);
    EXPECT_TRUE(id.ok());
    ordinal::v1::TableDef def;
    def.set_database(database);
    def.set_name(name);
    def.set_id(*id);
    ordinal::v1::ColumnDef* column = def.add_columns();
    column->set_name("id");
    column->set_type(ordinal::v1::COLUMN_TYPE_INT);
    column = def.add_columns();
    column->set_name("name");
    column->set_type(ordinal::v1::COLUMN_TYPE_VARCHAR);
    column->set_length(20);
    column->set_nullable(true);
    def.mutable_primary_key()->set_name("PRIMARY");
    def.mutable_primary_key()->add_column_indexes(0);
    ordinal::v1::IndexDef* index = def.add_indexes();
    index->set_name("name");
    index->set_id(1);
    index->add_column_indexes(1);
    EXPECT_TRUE(catalog_->PutTable(*txn, def).ok());
    EXPECT_TRUE(txn->Commit().ok());
    EXPECT_TRUE(catalog_->Reload().ok());
    return *id;
  }

  ordinal::testing::ScopedTempDir dir_;
  std::unique_ptr<kv::Store> store_;
  std::unique_ptr<Catalog> catalog_;
};

TEST_F(CatalogTest, EmptyStoreHasNoDatabases) {
  EXPECT_TRUE(catalog_->ListDatabases().empty());
  EXPECT_FALSE(catalog_->DatabaseExists("shop"));
}

TEST_F(CatalogTest, CreatedDatabasesAreListedSorted) {
  CreateDatabase("zoo");
  CreateDatabase("app");
  EXPECT_EQ(catalog_->ListDatabases(), (std::vector<std::string>{"app", "zoo"}));
  EXPECT_TRUE(catalog_->DatabaseExists("zoo"));
}

TEST_F(CatalogTest, UncommittedChangeIsNotVisible) {
  std::unique_ptr<kv::Transaction> txn = store_->BeginTransaction();
  ordinal::v1::DatabaseDef def;
  def.set_name("pending");
  ASSERT_TRUE(catalog_->PutDatabase(*txn, def).ok());
  ASSERT_TRUE(catalog_->Reload().ok());
  EXPECT_FALSE(catalog_->DatabaseExists("pending"));
}

TEST_F(CatalogTest, TableIsFoundWithItsColumnsAndIndexes) {
  CreateDatabase("shop");
  CreateTable("shop", "items");
  absl::StatusOr<std::shared_ptr<const TableInfo>> table = catalog_->GetTable("shop", "items");
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ((*table)->QualifiedName(), "shop.items");
  EXPECT_EQ((*table)->FindColumn("name"), 1);
  EXPECT_EQ((*table)->FindColumn("missing"), -1);
  EXPECT_EQ((*table)->VisibleColumnCount(), 2);
  EXPECT_EQ((*table)->column_types,
            (std::vector<ColumnType>{ColumnType::kBigInt, ColumnType::kVarchar}));  // legacy INT
  EXPECT_EQ((*table)->sql_types.size(), 2u);
  const ordinal::v1::IndexDef* index = (*table)->FindIndex("name");
  ASSERT_NE(index, nullptr);
  EXPECT_EQ((*table)->IndexKeyTypes(*index), std::vector<ColumnType>{ColumnType::kVarchar});
  EXPECT_EQ((*table)->FindIndex("PRIMARY"), nullptr);
}

TEST_F(CatalogTest, MissingTableIsError1146) {
  CreateDatabase("shop");
  absl::StatusOr<std::shared_ptr<const TableInfo>> table = catalog_->GetTable("shop", "nope");
  EXPECT_EQ(table.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(GetMysqlErrno(table.status()), MysqlErrno::kNoSuchTable);
  EXPECT_EQ(table.status().message(), "Table 'shop.nope' doesn't exist");
}

TEST_F(CatalogTest, ListTablesOfUnknownDatabaseIsError1049) {
  absl::StatusOr<std::vector<std::string>> tables = catalog_->ListTables("nodb");
  EXPECT_EQ(tables.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(GetMysqlErrno(tables.status()), MysqlErrno::kBadDb);
  EXPECT_EQ(tables.status().message(), "Unknown database 'nodb'");
}

TEST_F(CatalogTest, TablesAreListedPerDatabase) {
  CreateDatabase("a");
  CreateDatabase("ab");
  CreateTable("a", "t2");
  CreateTable("a", "t1");
  CreateTable("ab", "other");
  EXPECT_EQ(*catalog_->ListTables("a"), (std::vector<std::string>{"t1", "t2"}));
  EXPECT_EQ(*catalog_->ListTables("ab"), std::vector<std::string>{"other"});
}

TEST_F(CatalogTest, TableIdsAreNeverReused) {
  CreateDatabase("shop");
  uint64_t first = CreateTable("shop", "t");
  {
    std::unique_ptr<kv::Transaction> txn = store_->BeginTransaction();
    ASSERT_TRUE(catalog_->DeleteTable(*txn, "shop", "t").ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  OpenStore();
  uint64_t second = CreateTable("shop", "t");
  EXPECT_GT(second, first);
}

TEST_F(CatalogTest, DeletedTableDisappearsAfterReload) {
  CreateDatabase("shop");
  CreateTable("shop", "t");
  std::unique_ptr<kv::Transaction> txn = store_->BeginTransaction();
  ASSERT_TRUE(catalog_->DeleteTable(*txn, "shop", "t").ok());
  ASSERT_TRUE(txn->Commit().ok());
  ASSERT_TRUE(catalog_->Reload().ok());
  EXPECT_FALSE(catalog_->GetTable("shop", "t").ok());
}

TEST_F(CatalogTest, ConcurrentTableIdAllocationsConflict) {
  std::unique_ptr<kv::Transaction> first = store_->BeginTransaction();
  std::unique_ptr<kv::Transaction> second = store_->BeginTransaction();
  ASSERT_TRUE(catalog_->AllocateTableId(*first).ok());
  ASSERT_TRUE(catalog_->AllocateTableId(*second).ok());
  EXPECT_TRUE(first->Commit().ok());
  EXPECT_EQ(second->Commit().status().code(), absl::StatusCode::kAborted);
}

TEST_F(CatalogTest, CatalogSurvivesReopen) {
  CreateDatabase("shop");
  CreateTable("shop", "items");
  OpenStore();
  EXPECT_TRUE(catalog_->GetTable("shop", "items").ok());
}

TEST_F(CatalogTest, ValuesRoundTripThroughProto) {
  for (const Value& v : {Value::Null(), Value::Int(-7), Value::Double(2.5),
                         Value::String(std::string("a\0b", 3))}) {
    EXPECT_EQ(ValueFromProto(ValueToProto(v)), v);
  }
}

}  // namespace
}  // namespace ordinal::engine::catalog
