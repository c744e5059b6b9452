#!/usr/bin/python3
"""Derive the damaged sample files from real recordings (rolecall capture lab).

usage: mkbad.py SAMPLES_DIR OUT_DIR

Reads SAMPLES_DIR/web.pcap and SAMPLES_DIR/multi-interface.pcapng and writes
into OUT_DIR (deterministically: the same inputs give the same outputs):

  truncated-record.pcap   web.pcap's header, its first 9 records, then the
                          10th record's header and only half of its data
  truncated-header.pcap   the first 14 bytes of web.pcap (global header cut)
  bad-magic.pcap          web.pcap's first 10 records, magic set to DEADBEEF
  block-overrun.pcapng    multi-interface.pcapng's SHB, IDBs and first 6
                          EPBs; the last EPB's leading Block Total Length is
                          raised by 4096, so it claims to run past the end
  empty.pcap              0 bytes
  zero-packets.pcap       web.pcap's 24-byte global header, no records
  zero-packets.pcapng     multi-interface.pcapng's SHB and IDBs, no packets
  not-a-capture.pcap      a text file with a .pcap name

and OUT_DIR/bad.truth.yaml describing each file, with what tshark makes of it.
"""
import os
import re
import struct
import subprocess
import sys

import yaml


def pcap_records(data):
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        e = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = ">"
    else:
        raise SystemExit("not a pcap file")
    off = 24
    recs = []
    while off + 16 <= len(data):
        incl = struct.unpack(e + "I", data[off + 8: off + 12])[0]
        recs.append((off, 16 + incl))
        off += 16 + incl
    return recs


def pcapng_blocks(data):
    if data[:4] != b"\x0a\x0d\x0d\x0a":
        raise SystemExit("not a pcapng file")
    bom = data[8:12]
    e = "<" if bom == b"\x4d\x3c\x2b\x1a" else ">"
    off = 0
    blocks = []
    while off + 12 <= len(data):
        btype, blen = struct.unpack(e + "II", data[off: off + 8])
        blocks.append((off, btype, blen))
        off += blen
    return e, blocks


def tshark_view(out, name):
    # run in OUT_DIR with the bare name, so messages do not depend on the path
    p = subprocess.run(["tshark", "-n", "-r", name, "-T", "fields", "-e", "frame.number"],
                       capture_output=True, text=True, cwd=out)
    err = [ln for ln in p.stderr.splitlines()
           if ln.strip() and "Running as user" not in ln]
    return {"exit_code": p.returncode,
            "packets_read": len([ln for ln in p.stdout.splitlines() if ln.strip()]),
            "message": " ".join(err)[:300] or None}


def main(src, out):
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(src, "web.pcap"), "rb") as f:
        web = f.read()
    with open(os.path.join(src, "multi-interface.pcapng"), "rb") as f:
        multi = f.read()
    recs = pcap_records(web)
    assert len(recs) >= 12, "web.pcap too short"
    e, blocks = pcapng_blocks(multi)
    first_epb = next(i for i, b in enumerate(blocks) if b[1] == 6)
    n_idb = sum(1 for b in blocks[:first_epb] if b[1] == 1)
    files = []

    def put(name, data, derived, how, expect):
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
        files.append({"file": name, "size_bytes": len(data), "derived_from": derived,
                      "how": how, "expected": expect})

    # truncated last record
    off10, len10 = recs[9]
    cut = off10 + 16 + (len10 - 16) // 2
    put("truncated-record.pcap", web[:cut], "web.pcap",
        f"global header and the first 9 records of web.pcap, then record 10's 16-byte header "
        f"and {(len10 - 16) // 2} of its {len10 - 16} data bytes",
        {"header": "valid", "complete_packets": 9,
         "error": "last record truncated (its caplen runs past the end of the file)"})
    put("truncated-header.pcap", web[:14], "web.pcap",
        "the first 14 of the 24 bytes of web.pcap's global header",
        {"header": "truncated", "complete_packets": 0, "error": "file shorter than a pcap header"})
    bad = b"\xde\xad\xbe\xef" + web[4: recs[9][0] + recs[9][1]]
    put("bad-magic.pcap", bad, "web.pcap",
        "web.pcap's first 10 records with the 4 magic bytes replaced by DE AD BE EF",
        {"header": "invalid", "complete_packets": 0, "error": "unknown magic number / not a capture"})
    # pcapng: SHB, IDBs, first 6 EPBs; raise the last EPB's leading length
    last = first_epb + 5
    assert blocks[last][1] == 6, "expected an EPB"
    end = blocks[last][0] + blocks[last][2]
    data = bytearray(multi[:end])
    boff, _, blen = blocks[last]
    struct.pack_into(e + "I", data, boff + 4, blen + 4096)
    put("block-overrun.pcapng", bytes(data), "multi-interface.pcapng",
        f"the section header, {n_idb} interface description blocks and the first 6 enhanced "
        f"packet blocks of multi-interface.pcapng; the 6th EPB's leading Block Total Length "
        f"is raised from {blen} to {blen + 4096}, so the block claims to run 4096 bytes past "
        f"the end of the file (its trailing length still says {blen})",
        {"header": "valid", "complete_packets": 5,
         "error": "block length runs past the end of the file"})
    put("empty.pcap", b"", None, "0 bytes",
        {"header": "missing", "complete_packets": 0, "error": "empty file"})
    put("zero-packets.pcap", web[:24], "web.pcap",
        "web.pcap's 24-byte global header and nothing else",
        {"header": "valid", "complete_packets": 0, "error": None})
    put("zero-packets.pcapng", multi[: blocks[first_epb][0]], "multi-interface.pcapng",
        f"multi-interface.pcapng's section header block and its {n_idb} interface "
        f"description blocks, no packet blocks",
        {"header": "valid", "complete_packets": 0, "error": None})
    text = ("This is not a packet capture.\n"
            "It is a text file with a .pcap name, for rolecall's tests:\n"
            "a reader must reject it with a clear error instead of crashing.\n")
    put("not-a-capture.pcap", text.encode("ascii"), None, "plain ASCII text",
        {"header": "invalid", "complete_packets": 0, "error": "unknown magic number / not a capture"})
    for f in files:
        f["tshark"] = tshark_view(out, f["file"])
    m = re.search(r"TShark \(Wireshark\) (\S+)",
                  subprocess.run(["tshark", "--version"], capture_output=True, text=True).stdout)
    tshark_version = m.group(1) if m else "?"
    with open(os.path.join(out, "bad.truth.yaml"), "w") as fh:
        fh.write("# Damaged and degenerate capture files, derived by Samples/lab/mkbad.py from\n"
                 "# the real recordings (deterministically).  \"expected\" is what a reader\n"
                 f"# should conclude; \"tshark\" is what tshark {tshark_version} makes of it\n"
                 "# (exit code, packets it read, its message).  See Samples/README.md.\n")
        yaml.safe_dump({"files": files}, fh, sort_keys=False, width=100)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
