#!/usr/bin/python3
"""Small SMTP server for the rolecall capture lab (Debian python3-aiosmtpd).

usage:
  smtp_server.py --listen IP --name HOSTNAME --store DIR
      accept mail and store each message as DIR/NNN.eml (final mail server)
  smtp_server.py --listen IP --name HOSTNAME --store DIR --relay IP[:PORT]
      accept mail, store a copy, and relay every accepted message over real
      SMTP (smtplib, one connection per message) to the next server before
      answering "250" -- a server that is also a client.

Runs until SIGTERM/SIGINT.  Writes DIR/ready once listening.
"""
import argparse
import os
import signal
import smtplib
import threading

from aiosmtpd.controller import Controller


class Handler:
    def __init__(self, store, name, relay):
        self.store = store
        self.name = name
        self.relay = relay
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            n = self.count
        path = os.path.join(self.store, f"{n:03d}.eml")
        with open(path, "wb") as f:
            f.write(envelope.original_content or envelope.content)
        if self.relay:
            host, _, port = self.relay.partition(":")
            # Real SMTP to the next hop; local_hostname avoids any DNS lookup.
            with smtplib.SMTP(host, int(port or 25), local_hostname=self.name,
                              timeout=20) as s:
                s.sendmail(envelope.mail_from, envelope.rcpt_tos,
                           envelope.original_content or envelope.content)
            with open(path + ".relayed", "w") as f:
                f.write(self.relay + "\n")
        return "250 Message accepted for delivery"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--listen", required=True)
    ap.add_argument("--port", type=int, default=25)
    ap.add_argument("--name", required=True)
    ap.add_argument("--store", required=True)
    ap.add_argument("--relay")
    a = ap.parse_args()
    os.makedirs(a.store, exist_ok=True)
    handler = Handler(a.store, a.name, a.relay)
    ctl = Controller(handler, hostname=a.listen, port=a.port,
                     server_hostname=a.name, decode_data=False)
    ctl.start()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    with open(os.path.join(a.store, "ready"), "w") as f:
        f.write("ready\n")
    done.wait()
    ctl.stop()


if __name__ == "__main__":
    main()
