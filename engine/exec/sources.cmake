# Sources of engine/exec: statement execution over the kv transaction.
target_sources(ordinal_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/aggregate.cc
  ${CMAKE_CURRENT_LIST_DIR}/auto_increment.cc
  ${CMAKE_CURRENT_LIST_DIR}/check_constraints.cc
  ${CMAKE_CURRENT_LIST_DIR}/analyze.cc
  ${CMAKE_CURRENT_LIST_DIR}/checksum.cc
  ${CMAKE_CURRENT_LIST_DIR}/explain.cc
  ${CMAKE_CURRENT_LIST_DIR}/create_index.cc
  ${CMAKE_CURRENT_LIST_DIR}/eval_cast.cc
  ${CMAKE_CURRENT_LIST_DIR}/eval_operators.cc
  ${CMAKE_CURRENT_LIST_DIR}/evaluator.cc
  ${CMAKE_CURRENT_LIST_DIR}/executor.cc
  ${CMAKE_CURRENT_LIST_DIR}/insert.cc
  ${CMAKE_CURRENT_LIST_DIR}/join.cc
  ${CMAKE_CURRENT_LIST_DIR}/multi_table_dml.cc
  ${CMAKE_CURRENT_LIST_DIR}/query_memory.cc
  ${CMAKE_CURRENT_LIST_DIR}/recursive_cte.cc
  ${CMAKE_CURRENT_LIST_DIR}/row_convert.cc
  ${CMAKE_CURRENT_LIST_DIR}/row_writer.cc
  ${CMAKE_CURRENT_LIST_DIR}/select.cc
  ${CMAKE_CURRENT_LIST_DIR}/subquery.cc
  ${CMAKE_CURRENT_LIST_DIR}/table_access.cc
  ${CMAKE_CURRENT_LIST_DIR}/update_delete.cc
  ${CMAKE_CURRENT_LIST_DIR}/foreign_keys.cc
  ${CMAKE_CURRENT_LIST_DIR}/window.cc)
