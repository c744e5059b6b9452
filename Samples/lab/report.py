#!/usr/bin/python3
"""Write Samples/README.md from the truth files of the last recording.

usage: report.py SAMPLES_DIR

Everything specific to a recording (dates, versions, packet counts, SYN
counts) comes from the *.truth.yaml files that record.sh and verify.py wrote;
the rest is the fixed text below and lab/NOTES.md.  It can be re-run on its
own at any time.
"""
import glob
import os
import sys

import yaml

ORDER = ["web", "email", "dns", "swarm", "mixed", "midflow", "web-ipv6",
         "linux-cooked", "linux-cooked-sll", "multi-interface"]

HEAD = """\
# Samples: real captures with known truth

Small packet captures recorded by real programs in a private lab network, for
rolecall's tests.  What each host is (client, server, peer) and which flows
exist is known by construction, and written down per capture in
`<name>.truth.yaml` (schema below) and in this file.

**This file is generated** by `lab/report.py`, at the end of `record.sh`.
Edit the scripts, not this file.

Lab files and captures for `rolecall check` (a web lab and a swarm lab, each
with a capture that passes and one that fails) are in `labs/`, described in
`labs/README.md`.

## Re-recording

Re-recording is an explicit step, not part of CI (the captures are committed
and the tests assert on them):

```sh
sudo bash Samples/record.sh                 # all scenarios, about a minute or two
sudo bash Samples/record.sh web dns         # only some (bad needs web + multi)
sudo OUT=/tmp/rec2 bash Samples/record.sh   # write elsewhere, e.g. to compare two runs
RECORD_NO_APT=1 ...                         # skip apt-get update/install
```

It needs root on Debian 12 and installs what it uses with `apt-get -y`
(tcpdump, tshark, swaks, python3-aiosmtpd, dnsmasq-base, python3-libtorrent,
opentracker, ethtool, iproute2, curl, dnsutils, socat, python3-yaml).

How the lab works:

* Every host is a network namespace `rcl-<name>`, with one veth `eth0`
  (fixed MAC `02:99:00:<scenario>:00:<host>`).  With more than two hosts the
  other ends of the veths hang on a bridge `br0` (STP and multicast snooping
  off, no addresses, IPv6 off) inside a dedicated namespace `rcl-sw`, and the
  capture runs on `br0`, which in promiscuous mode sees every frame it
  forwards.  The multi-interface scenario is two namespaces on one veth pair.
* Addresses are private lab addresses that exist only inside these
  namespaces: `10.99.<scenario>.0/24` per scenario, `10.99.10.0/24` inside the
  tunnel, `fd99::/64` for IPv6.  No namespace has a default route, so no
  packet can go anywhere but to another lab namespace; the host's own
  interfaces and routes are never touched.
* Offloads are off on every veth and on the bridge (`ethtool -K ... tso off
  gso off gro off tx off rx off sg off`), so segments are real MTU-sized
  packets with real checksums.
* IPv4 scenarios turn IPv6 off in their namespaces (no IPv6 noise at all).
* Captures: `tcpdump -n -U --immediate-mode -B 4096 -s 0` (or dumpcap for
  the pcapng); after the last exchange the script waits a second, stops the
  capture with SIGINT and checks that the kernel dropped nothing.
* Servers listen on fixed ports, file contents are seeded (`lab/mkfiles.py`,
  seed `rolecall-2024`), MACs and addresses are fixed.  What cannot be fixed:
  timestamps, client ephemeral ports, TCP sequence numbers, DNS IDs,
  BitTorrent peer IDs; and so the exact number of packets (ACK timing) and of
  ARP/NDP packets can differ between recordings.
* Every namespace and process the script made is removed on exit, also on
  failure (`trap cleanup EXIT`); every wait has a timeout.
* `lab/verify.py` checks each capture against its truth file before it is
  published: the flow classes and their counts must match exactly, each
  host's roles must follow from the flows, tshark's packet count must equal
  capinfos', and nothing but the listed "other" protocols may appear.  A
  recording that deviates from the truth fails instead of being written.

Helpers in `lab/`: `mkfiles.py` (seeded content), `smtp_server.py` (aiosmtpd
store/relay server), `bt_peer.py` (libtorrent peer and torrent maker),
`verify.py` (truth check), `mkbad.py` (damaged files), `report.py` (this file).

## Truth file schema (`<name>.truth.yaml`)

```yaml
capture: web.pcap            # the capture file, next to the truth file
scenario: web                # record.sh scenario that recorded it
description: ...             # what happened, in words
linktype: 1                  # pcap only: the header's link type (1 Ethernet,
                             # 113 Linux SLL, 276 Linux SLL2)
interfaces:                  # pcapng only: interface id (IDB order), name,
  - {id: 0, name: eth0, linktype: 1, linktype_name: EN10MB}   # link type
hosts:                       # every address that sends or receives TCP/UDP
  - address: 10.99.1.10
    name: www                # lab name (namespace rcl-www)
    roles: [server]          # sorted subset of client, peer, server
    services: [tcp/80]       # ports it accepts connections/queries on
flows:                       # classes of flows; every TCP/UDP flow is in one
  - transport: tcp           # tcp | udp
    initiator: 10.99.1.11    # sent the SYN (udp: sent the first datagram)
    responder: 10.99.1.10
    responder_port: 80
    verdict: client-server   # client-server | peer-to-peer
    count: 3                 # exact number of flows of this class
    handshake: false         # only when the capture holds no SYN/SYN-ACK
    interface: eth0          # only in multi-interface captures
other: [arp]                 # non-TCP/UDP protocols that appear (noise)
recording:                   # appended by lab/verify.py after its checks
  date: ...                  # UTC, start of the record.sh run
  command: ...               # the capture command (and where it ran)
  programs: {tcpdump: 4.99.3-1, ...}   # Debian package versions used
  kernel: ...
  linktypes: [1]             # read from the file (pcap header / each IDB)
  file_type: pcap            # capinfos
  encapsulation: ether       # capinfos
  packets: 184               # capinfos and tshark agree
  file_size_bytes: 48703
  other_packets: {arp: 6}    # packets per "other" protocol
  peer_syns: [...]           # swarm captures: SYNs sent/received per peer
```

A *flow* is a TCP connection (tshark's `tcp.stream`) or a UDP conversation
(tshark's `udp.stream`: same addresses and ports).  Roles follow from the
flows: the initiator of a client-server flow is a client, its responder a
server; both ends of a peer-to-peer flow are peers.  A host's roles are the
union over its flows.  Counts are exact; `verify.py` recomputes them from the
capture.
"""


def rows(table):
    return "\n".join("| " + " | ".join(str(c) for c in r) + " |" for r in table)


def table(header, body):
    return rows([header, ["---"] * len(header)] + body)


def section(t):
    rec = t.get("recording", {})
    out = [f"### {t['capture']}", "", " ".join(t["description"].split()), ""]
    out.append(f"* recorded: {rec.get('date')} (kernel {rec.get('kernel')})")
    progs = ", ".join(f"{k} {v}" for k, v in rec.get("programs", {}).items())
    out.append(f"* programs (Debian packages): {progs}")
    out.append(f"* capture command: `{rec.get('command')}`")
    enc = rec.get("encapsulation")
    ifs = rec.get("interfaces")
    if ifs:
        enc += "; interfaces: " + ", ".join(
            f"{i['name']} ({i.get('encapsulation')})" for i in ifs)
    out.append(f"* file: {rec.get('file_type')}, {enc}, {rec.get('packets')} packets, "
               f"{rec.get('file_size_bytes')} bytes")
    other = rec.get("other_packets") or {}
    out.append("* other traffic: " + (", ".join(f"{k} ({v} packets)" for k, v in other.items())
                                      or "none"))
    if t.get("interfaces"):
        out.append("* pcapng interfaces: " + ", ".join(
            f"#{i['id']} {i['name']} (link type {i['linktype']}, {i['linktype_name']})"
            for i in t["interfaces"]))
    out.append("")
    out.append(table(["address", "name", "roles", "services"],
                     [[f"`{h['address']}`", h.get("name", ""), ", ".join(h["roles"]),
                       ", ".join(h.get("services", []))] for h in t["hosts"]]))
    out.append("")
    multi = any("interface" in f for f in t["flows"])
    hdr = (["interface"] if multi else []) + ["transport", "initiator", "responder",
                                              "port", "verdict", "count"]
    body = []
    for f in t["flows"]:
        r = ([f.get("interface", "")] if multi else []) + [
            f["transport"], f"`{f['initiator']}`", f"`{f['responder']}`", f["responder_port"],
            f["verdict"], str(f["count"]) + ("" if f.get("handshake", True) else " (no handshake)")]
        body.append(r)
    out.append(table(hdr, body))
    ps = rec.get("peer_syns")
    if ps:
        out.append("")
        out.append("Peer-wire SYNs per peer (tcp/" + ",".join(str(p) for p in ps[0]["ports"])
                   + "), counted in the capture with tshark:")
        out.append("")
        out.append(table(["peer", "SYN sent (opened)", "SYN received (accepted)"],
                         [[f"`{p['address']}`", p["syn_sent"], p["syn_received"]] for p in ps]))
    out.append("")
    return "\n".join(out)


def main(d):
    truths = {}
    for path in glob.glob(os.path.join(d, "*.truth.yaml")):
        with open(path) as f:
            t = yaml.safe_load(f)
        truths[os.path.basename(path)[: -len(".truth.yaml")]] = t
    names = [n for n in ORDER if n in truths] + sorted(set(truths) - set(ORDER))
    parts = [HEAD, "## Files", ""]
    body = []
    for n in names:
        t = truths[n]
        rec = t.get("recording", {})
        lts = rec.get("linktypes") or []
        if rec.get("interfaces"):
            enc = "link types " + ", ".join(
                f"{i['name']} {lt}" for i, lt in zip(rec["interfaces"], lts))
        else:
            enc = f"link type {','.join(str(x) for x in lts)} ({rec.get('encapsulation', '')})"
        roles = "; ".join(f"{h['address']} {'+'.join(h['roles'])}" for h in t["hosts"])
        body.append([f"`{t['capture']}`", t["scenario"], f"{rec.get('file_type')}, {enc}",
                     rec.get("packets"), rec.get("file_size_bytes"), roles])
    parts.append(table(["file", "scenario", "format", "packets", "bytes", "hosts and roles"],
                       body))
    parts.append("")
    parts.append("Packet counts are capinfos' and equal tshark's.  Each capture has a "
                 "`<name>.truth.yaml` with the same name.\n")
    parts.append("## Captures and their truth\n")
    for n in names:
        parts.append(section(truths[n]))
    bad = os.path.join(d, "bad", "bad.truth.yaml")
    if os.path.exists(bad):
        with open(bad) as f:
            b = yaml.safe_load(f)
        parts.append("## Damaged files (`bad/`)\n")
        parts.append("Derived from the recordings by `lab/mkbad.py` (deterministic for given "
                     "inputs); `bad/bad.truth.yaml` holds the same facts.\n")
        parts.append(table(["file", "bytes", "how it was made", "expected", "tshark says"],
                           [[f"`bad/{x['file']}`", x["size_bytes"], x["how"],
                             f"header {x['expected']['header']}, "
                             f"{x['expected']['complete_packets']} complete packets"
                             + (f", error: {x['expected']['error']}" if x['expected']['error']
                                else ", no error"),
                             f"exit {x['tshark']['exit_code']}, {x['tshark']['packets_read']} "
                             f"packets" + (f": {x['tshark']['message']}"
                                           if x['tshark']['message'] else "")]
                            for x in b["files"]]))
        parts.append("")
    notes = os.path.join(os.path.dirname(os.path.abspath(__file__)), "NOTES.md")
    if os.path.exists(notes):
        with open(notes) as f:
            parts.append(f.read())
    v = {}
    for n in names:
        rec = truths[n].get("recording", {})
        for k, x in rec.get("programs", {}).items():
            v.setdefault(k, set()).add(str(x))
        if rec.get("kernel"):
            v.setdefault("kernel", set()).add(str(rec["kernel"]))
    parts.append("## Program versions (Debian packages) of the recordings\n")
    parts.append(table(["program", "version"], [[k, ", ".join(sorted(x))] for k, x in v.items()]))
    parts.append("")
    with open(os.path.join(d, "README.md"), "w") as f:
        f.write("\n".join(parts).rstrip() + "\n")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1])
