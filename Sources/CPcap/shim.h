// The one C header rolecall needs: libpcap, for live capture and BPF filters.
#include <pcap/pcap.h>
