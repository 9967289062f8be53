target_sources(ordinal_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/catalog.cc
  ${CMAKE_CURRENT_LIST_DIR}/catalog_records.cc
  ${CMAKE_CURRENT_LIST_DIR}/check_defs.cc
  ${CMAKE_CURRENT_LIST_DIR}/foreign_key_defs.cc
  ${CMAKE_CURRENT_LIST_DIR}/information_schema_constraints.cc
  ${CMAKE_CURRENT_LIST_DIR}/information_schema.cc
  ${CMAKE_CURRENT_LIST_DIR}/information_schema_rows.cc
  ${CMAKE_CURRENT_LIST_DIR}/schema_visibility.cc
  ${CMAKE_CURRENT_LIST_DIR}/table_options.cc
  ${CMAKE_CURRENT_LIST_DIR}/table_stats.cc)
