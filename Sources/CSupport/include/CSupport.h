// What rolecall needs from the C library and the compiler that Swift cannot reach directly.
// Kept apart from CPcap, which is libpcap's alone (and imported only by Capture/).
#ifndef ROLECALL_C_SUPPORT_H
#define ROLECALL_C_SUPPORT_H

/// Keeps every thread in glibc's main malloc arena (`M_ARENA_MAX` 1); nothing elsewhere.
/// `malloc.h` is not in Swift's Glibc module.
void rolecall_use_one_malloc_arena(void);

/// Asks the processor to start loading the cache line at `address` for reading: a hint that
/// never faults, whatever the address.
static inline void rolecall_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
