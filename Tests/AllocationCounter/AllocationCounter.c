// Counting replacements of the C library's allocation functions (see AllocationCounter.h).
// A definition in the executable takes precedence over glibc's for every library in the
// process, the Swift runtime included; glibc's exported __libc_* entry points do the work, and
// its free() releases what they return, so free is left alone.
//
// Built with ROLECALL_COUNT_EVERY_THREAD (AllocationTests compiles it so, with the system's cc,
// into a library loaded with LD_PRELOAD into a built rolecall-bench), it counts the
// allocations of every thread instead and prints "allocations=N" on standard error at exit.
#include "AllocationCounter.h"

#include <errno.h>
#include <stddef.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);

#ifdef ROLECALL_COUNT_EVERY_THREAD
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static atomic_ullong allocations;
#define COUNT() atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed)

__attribute__((destructor)) static void report(void) {
  char line[64];
  int length = snprintf(line, sizeof line, "allocations=%llu\n", atomic_load(&allocations));
  if (length > 0) (void)!write(2, line, (size_t)length);
}
#else
static _Thread_local unsigned long long allocations;
#define COUNT() (allocations += 1)

unsigned long long rolecall_thread_allocations(void) { return allocations; }
#endif

void *malloc(size_t size) {
  COUNT();
  return __libc_malloc(size);
}

void *calloc(size_t count, size_t size) {
  COUNT();
  return __libc_calloc(count, size);
}

void *realloc(void *pointer, size_t size) {
  COUNT();
  return __libc_realloc(pointer, size);
}

void *memalign(size_t alignment, size_t size) {
  COUNT();
  return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size) {
  COUNT();
  return __libc_memalign(alignment, size);
}

int posix_memalign(void **out, size_t alignment, size_t size) {
  // The checks glibc's own posix_memalign makes: a power of two, a multiple of a pointer.
  if (alignment == 0 || alignment % sizeof(void *) != 0 || (alignment & (alignment - 1)) != 0)
    return EINVAL;
  COUNT();
  void *pointer = __libc_memalign(alignment, size);
  if (pointer == NULL) return ENOMEM;
  *out = pointer;
  return 0;
}
