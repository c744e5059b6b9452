// A count of the heap allocations each thread makes, for the tests that hold decoding and flow
// lookup to none per packet. Linked into the test executable only: it replaces the C library's
// allocation functions there with ones that count and then call glibc's own.
#ifndef ROLECALL_ALLOCATION_COUNTER_H
#define ROLECALL_ALLOCATION_COUNTER_H

/// The allocations (malloc, calloc, realloc, posix_memalign, aligned_alloc, memalign) this
/// thread has made since it started. Other threads' allocations never count, so tests running
/// side by side do not disturb each other.
unsigned long long rolecall_thread_allocations(void);

#endif
