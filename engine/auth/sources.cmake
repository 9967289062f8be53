# Accounts, password hashes and privilege checks. privileges.cc is compiled with the parser
# (engine/sql/sources.cmake), which names privileges.
target_sources(ordinal_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/accounts.cc
  ${CMAKE_CURRENT_LIST_DIR}/account_statements.cc
  ${CMAKE_CURRENT_LIST_DIR}/multi_table_privileges.cc
  ${CMAKE_CURRENT_LIST_DIR}/password_hash.cc
  ${CMAKE_CURRENT_LIST_DIR}/statement_privileges.cc
  ${CMAKE_CURRENT_LIST_DIR}/usage_limits.cc)
