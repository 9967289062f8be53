# Sources of engine/plan: binding names to slots and choosing access paths.
target_sources(ordinal_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/access_path.cc
  ${CMAKE_CURRENT_LIST_DIR}/select_plan.cc
  ${CMAKE_CURRENT_LIST_DIR}/binder.cc
  ${CMAKE_CURRENT_LIST_DIR}/output_metadata.cc)
