target_sources(ordinal_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/charsets.cc
  ${CMAKE_CURRENT_LIST_DIR}/coerce.cc
  ${CMAKE_CURRENT_LIST_DIR}/decimal_cast.cc
  ${CMAKE_CURRENT_LIST_DIR}/collation.cc
  ${CMAKE_CURRENT_LIST_DIR}/collation_derivation.cc
  ${CMAKE_CURRENT_LIST_DIR}/column_metadata.cc
  ${CMAKE_CURRENT_LIST_DIR}/decimal.cc
  ${CMAKE_CURRENT_LIST_DIR}/json_binary.cc
  ${CMAKE_CURRENT_LIST_DIR}/json_parse.cc
  ${CMAKE_CURRENT_LIST_DIR}/json_path.cc
  ${CMAKE_CURRENT_LIST_DIR}/json_sql.cc
  ${CMAKE_CURRENT_LIST_DIR}/json_text.cc
  ${CMAKE_CURRENT_LIST_DIR}/json_value.cc
  ${CMAKE_CURRENT_LIST_DIR}/number_text.cc
  ${CMAKE_CURRENT_LIST_DIR}/temporal.cc
  ${CMAKE_CURRENT_LIST_DIR}/type_text.cc
  ${CMAKE_CURRENT_LIST_DIR}/value.cc)
