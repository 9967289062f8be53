// Reading a table's CHECK constraint records (TableDef.checks, docs/check-constraints.md)
// for display: SHOW CREATE TABLE and INFORMATION_SCHEMA list them in name order, as MySQL
// 8.0 does.
#ifndef ORDINAL_ENGINE_CATALOG_CHECK_DEFS_H_
#define ORDINAL_ENGINE_CATALOG_CHECK_DEFS_H_

#include <string>
#include <vector>

#include "ordinal/v1/catalog.pb.h"

namespace ordinal::engine::catalog {

// The checks of `def`, ordered by name (case-insensitively).
std::vector<const ordinal::v1::CheckDef*> ChecksByName(const ordinal::v1::TableDef& def);

// "CONSTRAINT `name` CHECK (clause)", with " /*!80016 NOT ENFORCED */" when not enforced.
std::string CheckConstraintClause(const ordinal::v1::CheckDef& check);

}  // namespace ordinal::engine::catalog

#endif  // ORDINAL_ENGINE_CATALOG_CHECK_DEFS_H_
