#!/usr/bin/python3
"""Write deterministic (seeded) files for the rolecall capture lab.

usage: mkfiles.py DIR SEED NAME:SIZE [NAME:SIZE ...]

Every file's content depends only on SEED, its NAME and SIZE, so two
recordings serve byte-identical pages, mails and torrent payloads.
Names ending in .html get an HTML wrapper, everything else is plain text.
"""
import os
import random
import sys

WORDS = ("role call client server peer swarm packet capture flow host port "
         "handshake segment window resolver relay tracker seed piece lab "
         "bridge namespace veth frame datagram stream").split()


def content(seed, name, size):
    rng = random.Random(f"{seed}:{name}:{size}")
    parts = []
    total = 0
    while total < size:
        line = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14))) + "\n"
        parts.append(line)
        total += len(line)
    body = "".join(parts)
    if name.endswith(".html"):
        head = f"<!doctype html>\n<html><head><title>{name}</title></head><body><pre>\n"
        tail = "</pre></body></html>\n"
        body = head + body[: max(0, size - len(head) - len(tail))] + tail
    else:
        body = body[:size]
    return body.encode("ascii")


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    out, seed = argv[0], argv[1]
    os.makedirs(out, exist_ok=True)
    for spec in argv[2:]:
        name, size = spec.rsplit(":", 1)
        path = os.path.join(out, name)
        os.makedirs(os.path.dirname(path) or out, exist_ok=True)
        with open(path, "wb") as f:
            f.write(content(seed, name, int(size)))


if __name__ == "__main__":
    main(sys.argv[1:])
