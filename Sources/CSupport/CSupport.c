#include "CSupport.h"

#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>
#endif

void rolecall_use_one_malloc_arena(void) {
#if defined(__GLIBC__)
  mallopt(M_ARENA_MAX, 1);
#endif
}
