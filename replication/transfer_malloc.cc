#include "replication/transfer_malloc.h"

#include <malloc.h>

namespace ordinal::replication {

void ConfigureMallocForTransfers(bool single_arena) {
#if defined(__GLIBC__)
  // Setting either threshold also turns off glibc's own adjustment of both.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // glibc refuses more
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  if (single_arena) mallopt(M_ARENA_MAX, 1);
#else
  (void)single_arena;
#endif
}

}  // namespace ordinal::replication
