# Sources of engine/vars: MySQL's system variables (definitions, global and session values).
target_sources(ordinal_engine PRIVATE ${CMAKE_CURRENT_LIST_DIR}/system_variables.cc)
