# Sources of engine/plan: binding names to slots, join plans and access paths.
target_sources(ordinal_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/access_path.cc
  ${CMAKE_CURRENT_LIST_DIR}/aggregate_calls.cc
  ${CMAKE_CURRENT_LIST_DIR}/binder.cc
  ${CMAKE_CURRENT_LIST_DIR}/bit_literal_contexts.cc
  ${CMAKE_CURRENT_LIST_DIR}/cost_model.cc
  ${CMAKE_CURRENT_LIST_DIR}/derived_type.cc
  ${CMAKE_CURRENT_LIST_DIR}/enum_contexts.cc
  ${CMAKE_CURRENT_LIST_DIR}/from_binder.cc
  ${CMAKE_CURRENT_LIST_DIR}/index_hints.cc
  ${CMAKE_CURRENT_LIST_DIR}/join_plan.cc
  ${CMAKE_CURRENT_LIST_DIR}/kept_select.cc
  ${CMAKE_CURRENT_LIST_DIR}/multi_table_dml.cc
  ${CMAKE_CURRENT_LIST_DIR}/prepared_plan.cc
  ${CMAKE_CURRENT_LIST_DIR}/scope.cc
  ${CMAKE_CURRENT_LIST_DIR}/select_plan.cc
  ${CMAKE_CURRENT_LIST_DIR}/sort_before_join.cc
  ${CMAKE_CURRENT_LIST_DIR}/temporal_contexts.cc
  ${CMAKE_CURRENT_LIST_DIR}/temporal_literals.cc
  ${CMAKE_CURRENT_LIST_DIR}/output_metadata.cc
  ${CMAKE_CURRENT_LIST_DIR}/window_plan.cc
  ${CMAKE_CURRENT_LIST_DIR}/read_slots.cc
  ${CMAKE_CURRENT_LIST_DIR}/recursive_cte.cc)
