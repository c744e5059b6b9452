// The one C header rolecall needs: libpcap, for live capture and BPF filters, and what Swift
// cannot reach in the C library without it.
#include <pcap/pcap.h>

#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

/// Whether the interface `name` is administratively up (`SIOCGIFFLAGS`, `IFF_UP`): 1 if it is,
/// 0 if it is down, -1 if the system cannot say (no such interface, a pseudo-interface such as
/// `any`). A C function because `ioctl` is variadic and Swift cannot call it.
static inline int rolecall_interface_is_up(const char *name) {
  struct ifreq request;
  memset(&request, 0, sizeof request);
  strncpy(request.ifr_name, name, sizeof request.ifr_name - 1);
  int descriptor = socket(AF_INET, SOCK_DGRAM, 0);
  if (descriptor < 0) return -1;
  int status = ioctl(descriptor, SIOCGIFFLAGS, &request);
  close(descriptor);
  if (status < 0) return -1;
  return (request.ifr_flags & IFF_UP) ? 1 : 0;
}

#if defined(__GLIBC__)
#include <malloc.h>
#endif

/// Keeps every thread in glibc's main malloc arena (`M_ARENA_MAX` 1); nothing elsewhere.
/// `malloc.h` is not in Swift's Glibc module, hence here.
static inline void rolecall_use_one_malloc_arena(void) {
#if defined(__GLIBC__)
  mallopt(M_ARENA_MAX, 1);
#endif
}

/// Asks the processor to start loading the cache line at `address` for reading: a hint that
/// never faults, whatever the address.
static inline void rolecall_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }
