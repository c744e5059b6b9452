// The one C header rolecall needs: libpcap, for live capture and BPF filters.
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
