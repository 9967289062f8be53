# The SQL lexer and parser. ORDINAL_SQL_PARSER_SOURCES is also compiled directly into the
# parser fuzzer (tests/fuzz), which needs them built with its own sanitizer flags.
set(ORDINAL_SQL_PARSER_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/ast.cc
  ${CMAKE_CURRENT_LIST_DIR}/lexer.cc
  ${CMAKE_CURRENT_LIST_DIR}/parser.cc
  ${CMAKE_CURRENT_LIST_DIR}/parse_expr.cc
  ${CMAKE_CURRENT_LIST_DIR}/parse_expr_forms.cc
  ${CMAKE_CURRENT_LIST_DIR}/parse_select.cc
  ${CMAKE_CURRENT_LIST_DIR}/parse_window.cc
  ${CMAKE_CURRENT_LIST_DIR}/parse_dml.cc
  ${CMAKE_CURRENT_LIST_DIR}/parse_ddl.cc
  ${CMAKE_CURRENT_LIST_DIR}/parse_alter.cc
  ${CMAKE_CURRENT_LIST_DIR}/parse_foreign_key.cc
  ${CMAKE_CURRENT_LIST_DIR}/parse_check.cc
  ${CMAKE_CURRENT_LIST_DIR}/mysql_expr_text.cc
  ${CMAKE_CURRENT_LIST_DIR}/parse_lock.cc
  ${CMAKE_CURRENT_LIST_DIR}/parse_session.cc
  ${CMAKE_CURRENT_LIST_DIR}/parse_account.cc
  ${CMAKE_CURRENT_LIST_DIR}/../auth/privileges.cc
  ${CMAKE_CURRENT_LIST_DIR}/parse_column_type.cc
  ${CMAKE_CURRENT_LIST_DIR}/temporal_syntax.cc
  ${CMAKE_CURRENT_LIST_DIR}/string_syntax.cc)
set(ORDINAL_SQL_PARSER_SOURCES ${ORDINAL_SQL_PARSER_SOURCES} PARENT_SCOPE)
target_sources(ordinal_engine PRIVATE ${ORDINAL_SQL_PARSER_SOURCES})
