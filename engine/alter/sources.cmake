# Sources of engine/alter: ALTER TABLE's plan, copy and steps (docs/alter-table.md).
target_sources(ordinal_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/alter_checks.cc
  ${CMAKE_CURRENT_LIST_DIR}/alter_foreign_keys.cc
  ${CMAKE_CURRENT_LIST_DIR}/alter_plan.cc
  ${CMAKE_CURRENT_LIST_DIR}/alter_table.cc
  ${CMAKE_CURRENT_LIST_DIR}/table_copy.cc)
