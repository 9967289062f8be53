target_sources(ordinal_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/checkpoint.cc
  ${CMAKE_CURRENT_LIST_DIR}/log_batch_copy.cc
  ${CMAKE_CURRENT_LIST_DIR}/disk_full_guard.cc
  ${CMAKE_CURRENT_LIST_DIR}/free_space_check.cc
  ${CMAKE_CURRENT_LIST_DIR}/rocksdb_status.cc
  ${CMAKE_CURRENT_LIST_DIR}/rocks_log_cursor.cc
  ${CMAKE_CURRENT_LIST_DIR}/rocks_read_view.cc
  ${CMAKE_CURRENT_LIST_DIR}/rocks_reads.cc
  ${CMAKE_CURRENT_LIST_DIR}/rocks_transaction.cc
  ${CMAKE_CURRENT_LIST_DIR}/scan_flush_trigger.cc
  ${CMAKE_CURRENT_LIST_DIR}/store.cc
  ${CMAKE_CURRENT_LIST_DIR}/write_batch_format.cc)
