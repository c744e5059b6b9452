#!/usr/bin/python3
"""Check a recorded capture against its truth file (rolecall capture lab).

usage: verify.py CAPTURE TRUTH.yaml [--date D --programs P --command C
                 --versions versions.yaml --summary OUT.txt]
       verify.py --flows CAPTURE          (print the measured flow classes)

Reads the capture with tshark and rebuilds the flow classes the truth file
promises:
  tcp: one flow per TCP connection (tshark tcp.stream); the initiator is the
       sender of the SYN (or, if only the SYN-ACK was seen, its receiver);
       a connection with neither is a flow without handshake.
  udp: one flow per tshark udp.stream; the initiator sends the first datagram.
Fails (exit 1) if a class count differs, a flow class is not in the truth,
a host's roles do not follow from the flows, tshark and capinfos disagree on
the packet count, or a protocol outside TCP/UDP appears that the truth does
not list under "other".  On success, with --date, appends a "recording:"
block (date, command, programs and versions, capinfos facts, per-peer SYN
counts) to the truth file.
"""
import argparse
import collections
import os
import re
import struct
import subprocess
import sys

import yaml

FIELDS = ["frame.number", "frame.interface_name", "frame.protocols",
          "ip.src", "ip.dst", "ipv6.src", "ipv6.dst",
          "tcp.stream", "tcp.srcport", "tcp.dstport", "tcp.flags.syn", "tcp.flags.ack",
          "udp.stream", "udp.srcport", "udp.dstport"]


def tshark(cap):
    cmd = ["tshark", "-n", "-r", cap, "-T", "fields", "-E", "separator=\t",
           "-E", "occurrence=f"]
    for f in FIELDS:
        cmd += ["-e", f]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines():
        vals = line.split("\t")
        vals += [""] * (len(FIELDS) - len(vals))
        rows.append(dict(zip(FIELDS, vals)))
    return rows


def truthy(v):
    return v in ("1", "True", "true")


def measure(cap):
    rows = tshark(cap)
    tcp = collections.OrderedDict()
    udp = collections.OrderedDict()
    other = collections.Counter()
    for r in rows:
        src = r["ip.src"] or r["ipv6.src"]
        dst = r["ip.dst"] or r["ipv6.dst"]
        iface = r["frame.interface_name"] or None
        if r["tcp.stream"]:
            key = (iface, r["tcp.stream"])
            s = tcp.setdefault(key, {"first": (src, dst, int(r["tcp.srcport"]), int(r["tcp.dstport"])),
                                     "syn": [], "synack": [], "packets": 0, "iface": iface})
            s["packets"] += 1
            if truthy(r["tcp.flags.syn"]):
                t = (src, dst, int(r["tcp.srcport"]), int(r["tcp.dstport"]))
                (s["synack"] if truthy(r["tcp.flags.ack"]) else s["syn"]).append(t)
        elif r["udp.stream"]:
            key = (iface, r["udp.stream"])
            s = udp.setdefault(key, {"first": (src, dst, int(r["udp.srcport"]), int(r["udp.dstport"])),
                                     "packets": 0, "iface": iface})
            s["packets"] += 1
        else:
            protos = r["frame.protocols"].split(":")
            other[protos[-1] if protos else "?"] += 1
    flows = collections.Counter()
    syns = collections.defaultdict(lambda: collections.Counter())
    for s in tcp.values():
        if s["syn"]:
            ini, res, _, rport = s["syn"][0]
            hs = True
        elif s["synack"]:
            res, ini, rport, _ = s["synack"][0]
            hs = True
        else:
            a, b, pa, pb = s["first"]
            # no handshake: order the endpoints by the lower port (the service)
            ini, res, rport = (a, b, pb) if pb <= pa else (b, a, pa)
            hs = False
        flows[("tcp", ini, res, rport, s["iface"], hs)] += 1
        for (a, b, _, p) in s["syn"]:
            syns[(a, p)]["syn_sent"] += 1
            syns[(b, p)]["syn_received"] += 1
    for s in udp.values():
        a, b, _, pb = s["first"]
        flows[("udp", a, b, pb, s["iface"], True)] += 1
    return rows, flows, syns, other


def capinfos(cap):
    out = subprocess.run(["capinfos", "-M", cap], check=True, capture_output=True,
                         text=True).stdout
    info = {"interfaces": []}
    for line in out.splitlines():
        m = re.match(r"^(File type|File encapsulation|Number of packets|File size|Data size|"
                     r"First packet time|Last packet time|Number of interfaces in file):\s+(.*)$", line)
        if m:
            info[m.group(1)] = m.group(2).strip()
        m = re.match(r"^\s+Name = (.*)$", line)
        if m:
            info["interfaces"].append({"name": m.group(1).strip()})
        m = re.match(r"^\s+Encapsulation = (.*)$", line)
        if m and info["interfaces"]:
            info["interfaces"][-1]["encapsulation"] = m.group(1).strip()
    return info


def linktypes(cap):
    """Link types from the file itself: the pcap header's, or each pcapng IDB's in order."""
    with open(cap, "rb") as f:
        data = f.read()
    if data[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        return [struct.unpack("<I", data[20:24])[0] & 0x0FFFFFFF]
    if data[:4] in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        return [struct.unpack(">I", data[20:24])[0] & 0x0FFFFFFF]
    if data[:4] == b"\x0a\x0d\x0d\x0a":
        e = "<" if data[8:12] == b"\x4d\x3c\x2b\x1a" else ">"
        out, off = [], 0
        while off + 12 <= len(data):
            btype, blen = struct.unpack(e + "II", data[off: off + 8])
            if btype == 1:
                out.append(struct.unpack(e + "H", data[off + 8: off + 10])[0])
            if blen < 12:
                break
            off += blen
        return out
    return []


def key_of(f):
    return (f["transport"], str(f["initiator"]), str(f["responder"]), int(f["responder_port"]),
            f.get("interface"), bool(f.get("handshake", True)))


def fmt(k):
    t, i, r, p, iface, hs = k
    s = f"{t} {i} -> {r}:{p}"
    if iface:
        s += f" on {iface}"
    if not hs:
        s += " (no handshake)"
    return s


def check(cap, truth):
    rows, flows, syns, other = measure(cap)
    errors = []
    expected = collections.Counter()
    verdicts = {}
    for f in truth.get("flows", []):
        k = key_of(f)
        expected[k] += int(f["count"])
        verdicts[k] = f["verdict"]
    for k in sorted(set(expected) | set(flows), key=str):
        if expected[k] != flows[k]:
            errors.append(f"flow class {fmt(k)}: truth {expected[k]}, capture {flows[k]}")
    # roles must follow from the flow verdicts
    derived = collections.defaultdict(set)
    for k, v in verdicts.items():
        _, ini, res, _, _, _ = k
        if v == "client-server":
            derived[ini].add("client")
            derived[res].add("server")
        elif v == "peer-to-peer":
            derived[ini].add("peer")
            derived[res].add("peer")
    declared = {str(h["address"]): set(h["roles"]) for h in truth.get("hosts", [])}
    for addr in sorted(set(derived) | set(declared)):
        if derived.get(addr, set()) != declared.get(addr, set()):
            errors.append(f"host {addr}: declared roles {sorted(declared.get(addr, []))}, "
                          f"flows imply {sorted(derived.get(addr, []))}")
    allowed_other = set(truth.get("other") or [])
    for proto, n in other.items():
        if proto not in allowed_other:
            errors.append(f"{n} packets of '{proto}' not listed under other")
    lts = linktypes(cap)
    if truth.get("interfaces"):
        want = [int(i["linktype"]) for i in sorted(truth["interfaces"], key=lambda i: i["id"])]
        if want != lts:
            errors.append(f"interface link types: truth {want}, file {lts}")
    if truth.get("linktype") is not None and [int(truth["linktype"])] != lts:
        errors.append(f"link type: truth {truth['linktype']}, file {lts}")
    info = capinfos(cap)
    n_cap = int(info.get("Number of packets", "-1").replace(",", "").split()[0])
    if n_cap != len(rows):
        errors.append(f"capinfos counts {n_cap} packets, tshark reads {len(rows)}")
    return errors, rows, flows, syns, other, info


def peer_syns(truth, syns):
    out = []
    ports = sorted({int(f["responder_port"]) for f in truth.get("flows", [])
                    if f["verdict"] == "peer-to-peer" and f["transport"] == "tcp"})
    tcp_peers = {str(f[k]) for f in truth.get("flows", []) for k in ("initiator", "responder")
                 if f["verdict"] == "peer-to-peer" and f["transport"] == "tcp"}
    for h in truth.get("hosts", []):
        a = str(h["address"])
        if a not in tcp_peers:
            continue
        sent = sum(syns[(a, p)]["syn_sent"] for p in ports)
        recv = sum(syns[(a, p)]["syn_received"] for p in ports)
        opened = sum(int(f["count"]) for f in truth["flows"] if f["verdict"] == "peer-to-peer"
                     and f["transport"] == "tcp" and str(f["initiator"]) == a)
        accepted = sum(int(f["count"]) for f in truth["flows"] if f["verdict"] == "peer-to-peer"
                       and f["transport"] == "tcp" and str(f["responder"]) == a)
        out.append({"address": a, "ports": list(ports), "syn_sent": sent, "syn_received": recv,
                    "connections_opened": opened, "connections_accepted": accepted})
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("capture")
    ap.add_argument("truth", nargs="?")
    ap.add_argument("--flows", action="store_true")
    ap.add_argument("--date")
    ap.add_argument("--programs", default="")
    ap.add_argument("--command", default="")
    ap.add_argument("--versions")
    ap.add_argument("--summary")
    a = ap.parse_args()
    if a.flows or not a.truth:
        _, flows, syns, other = measure(a.capture)
        for k, n in sorted(flows.items(), key=lambda kv: str(kv[0])):
            print(f"{n:4d}  {fmt(k)}")
        for p, n in sorted(other.items()):
            print(f"{n:4d}  other: {p}")
        return 0
    with open(a.truth) as f:
        truth = yaml.safe_load(f)
    errors, rows, flows, syns, other, info = check(a.capture, truth)
    lines = [f"== {os.path.basename(a.capture)}: {len(rows)} packets, "
             f"{sum(flows.values())} flows"]
    for k, n in sorted(flows.items(), key=lambda kv: str(kv[0])):
        lines.append(f"   {n:4d}  {fmt(k)}")
    for p, n in sorted(other.items()):
        lines.append(f"   {n:4d}  other: {p} packets")
    ps = peer_syns(truth, syns)
    for p in ps:
        lines.append(f"   peer {p['address']}: SYN sent {p['syn_sent']}, SYN received "
                     f"{p['syn_received']} (connections opened {p['connections_opened']}, "
                     f"accepted {p['connections_accepted']})")
        if p["syn_sent"] < 1 or p["syn_received"] < 1:
            errors.append(f"peer {p['address']} did not both open and accept a peer connection")
    for e in errors:
        lines.append("   ERROR " + e)
    text = "\n".join(lines) + "\n"
    if a.summary:
        with open(a.summary, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    if errors:
        return 1
    if a.date:
        versions = {}
        if a.versions:
            with open(a.versions) as f:
                versions = yaml.safe_load(f) or {}
        progs = [p for p in a.programs.split() if p]
        rec = {
            "date": a.date,
            "command": a.command,
            "programs": {p: str(versions.get(p, "unknown")) for p in progs},
            "kernel": str(versions.get("kernel", "unknown")),
            "file_type": info.get("File type"),
            "encapsulation": info.get("File encapsulation"),
            "linktypes": linktypes(a.capture),
            "interfaces": info["interfaces"] or None,
            "packets": len(rows),
            "file_size_bytes": int(info.get("File size", "0").split()[0].replace(",", "")),
            "other_packets": dict(sorted(other.items())),
        }
        if ps:
            rec["peer_syns"] = ps
        rec = {k: v for k, v in rec.items() if v is not None}
        with open(a.truth, "a") as f:
            f.write("\n# Facts of this recording, appended by lab/verify.py after the checks passed.\n")
            f.write(yaml.safe_dump({"recording": rec}, sort_keys=False, default_flow_style=None,
                                   width=120))
    return 0


if __name__ == "__main__":
    sys.exit(main())
