target_sources(ordinal_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/ast.cc
  ${CMAKE_CURRENT_LIST_DIR}/lexer.cc
  ${CMAKE_CURRENT_LIST_DIR}/parser.cc)
