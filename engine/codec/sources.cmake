target_sources(ordinal_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/key_codec.cc
  ${CMAKE_CURRENT_LIST_DIR}/row_codec.cc)
