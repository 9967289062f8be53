# Sources of engine/functions: the session context expressions see, and the registry of
# built-in scalar functions, one file per family.
target_sources(ordinal_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/args.cc
  ${CMAKE_CURRENT_LIST_DIR}/collate_function.cc
  ${CMAKE_CURRENT_LIST_DIR}/control_functions.cc
  ${CMAKE_CURRENT_LIST_DIR}/date_arithmetic.cc
  ${CMAKE_CURRENT_LIST_DIR}/date_format.cc
  ${CMAKE_CURRENT_LIST_DIR}/enum_index.cc
  ${CMAKE_CURRENT_LIST_DIR}/hash_functions.cc
  ${CMAKE_CURRENT_LIST_DIR}/json_args.cc
  ${CMAKE_CURRENT_LIST_DIR}/json_build_functions.cc
  ${CMAKE_CURRENT_LIST_DIR}/json_modify_functions.cc
  ${CMAKE_CURRENT_LIST_DIR}/json_query_functions.cc
  ${CMAKE_CURRENT_LIST_DIR}/json_search_functions.cc
  ${CMAKE_CURRENT_LIST_DIR}/math_functions.cc
  ${CMAKE_CURRENT_LIST_DIR}/registry.cc
  ${CMAKE_CURRENT_LIST_DIR}/session_context.cc
  ${CMAKE_CURRENT_LIST_DIR}/session_functions.cc
  ${CMAKE_CURRENT_LIST_DIR}/string_encoding.cc
  ${CMAKE_CURRENT_LIST_DIR}/string_functions.cc
  ${CMAKE_CURRENT_LIST_DIR}/string_search.cc
  ${CMAKE_CURRENT_LIST_DIR}/temporal_args.cc
  ${CMAKE_CURRENT_LIST_DIR}/temporal_contexts.cc
  ${CMAKE_CURRENT_LIST_DIR}/temporal_functions.cc
  ${CMAKE_CURRENT_LIST_DIR}/utf8.cc)
