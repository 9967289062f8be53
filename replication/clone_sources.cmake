# Clone (docs/clone-protocol.md): the source that serves checkpoints, the sink that receives
# one into a staging directory and installs it, and the thin gRPC service.
target_sources(ordinal_replication PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/chunk_wire.cc
  ${CMAKE_CURRENT_LIST_DIR}/clone_chunk_reader.cc
  ${CMAKE_CURRENT_LIST_DIR}/clone_file_syncer.cc
  ${CMAKE_CURRENT_LIST_DIR}/clone_file_worker.cc
  ${CMAKE_CURRENT_LIST_DIR}/clone_files.cc
  ${CMAKE_CURRENT_LIST_DIR}/clone_install.cc
  ${CMAKE_CURRENT_LIST_DIR}/clone_raw_service.cc
  ${CMAKE_CURRENT_LIST_DIR}/clone_receiver.cc
  ${CMAKE_CURRENT_LIST_DIR}/clone_service.cc
  ${CMAKE_CURRENT_LIST_DIR}/clone_sink.cc
  ${CMAKE_CURRENT_LIST_DIR}/clone_source.cc
  ${CMAKE_CURRENT_LIST_DIR}/clone_token_bucket.cc
  ${CMAKE_CURRENT_LIST_DIR}/direct_file_reader.cc
  ${CMAKE_CURRENT_LIST_DIR}/direct_file_writer.cc
  ${CMAKE_CURRENT_LIST_DIR}/snapshot_reader.cc
  ${CMAKE_CURRENT_LIST_DIR}/transfer_malloc.cc)
