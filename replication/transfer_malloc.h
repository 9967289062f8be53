// Allocator settings for a process that receives whole stores over gRPC (clone, backup,
// ordinal 0's recovery; docs/operations.md, "Speed of clone, backup and restore").
//
// gRPC reads the socket into freshly allocated buffers of up to a few MiB and frees each
// once its bytes are parsed; protobuf allocates each chunk's 1 MiB payload the same way.
// With glibc's defaults such a block is mmap'ed and unmapped every time (or, in a
// thread's own arena, its whole heap is unmapped once it empties), so every page of every
// received byte is faulted in and zeroed by the kernel again: measured on the receiving
// `ordinal-backup`, 53,000-129,000 page faults and 1.7-3.7 s of CPU per GiB, against
// 25,000-28,000 and 1.1-1.5 s once the blocks are reused (bench/RESULTS.md).
//
// ConfigureMallocForTransfers keeps blocks under 32 MiB (glibc's largest setting) on the heap and keeps up to 256 MiB
// of freed heap instead of returning it at once. With `single_arena` every thread also
// shares the main arena, the only one that keeps its freed memory (other arenas unmap a
// heap when it empties): right for a one-job tool, not for a server whose many threads
// allocate concurrently. Call it first thing in main, before any thread starts.
#ifndef ORDINAL_REPLICATION_TRANSFER_MALLOC_H_
#define ORDINAL_REPLICATION_TRANSFER_MALLOC_H_

namespace ordinal::replication {

void ConfigureMallocForTransfers(bool single_arena);

}  // namespace ordinal::replication

#endif  // ORDINAL_REPLICATION_TRANSFER_MALLOC_H_
