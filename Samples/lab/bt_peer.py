#!/usr/bin/python3
"""BitTorrent peer for the rolecall capture lab (Debian python3-libtorrent).

Must run under Debian's /usr/bin/python3 (that is where python3-libtorrent is).

usage:
  bt_peer.py make --out DIR --name NAME --size BYTES --seed SEED --tracker URL
      write DIR/NAME/NAME.dat (seeded content), DIR/NAME.torrent (v1 only,
      16 KiB pieces, one HTTP tracker) and print the info-hash in hex.

  bt_peer.py run --name NAME --ip IP --port PORT --lab DIR --ctl DIR
                 [--own NAME] --fetch OTHER [OTHER ...]
      Seed DIR/NAME.torrent from DIR/NAME/ (without --own: seed nothing), then, step by step, driven by
      files in the control directory CTL:
        writes CTL/NAME.ready  once the seed's "started" announce was answered
        waits  CTL/NAME.go     then fetches each OTHER torrent in turn: add it,
                               wait until it is complete, wait for the
                               "completed" announce answer, remove it (a
                               "stopped" announce) -- so every fetch is one
                               outgoing peer-wire connection to that torrent's
                               only seed, the peer that made it
        writes CTL/NAME.done
        waits  CTL/NAME.quit   then removes its own torrent ("stopped"
                               announce) and exits.
      Plaintext only (encryption disabled both ways); DHT, LSD, uTP, UPnP
      and NAT-PMP are off, so all peer traffic is TCP to PORT.
"""
import argparse
import os
import sys
import time

import libtorrent as lt

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mkfiles import content  # noqa: E402

PIECE = 16384


def log(name, *msg):
    print(f"[{time.strftime('%H:%M:%S')}] {name}:", *msg, flush=True)


def cmd_make(a):
    d = os.path.join(a.out, a.name)
    os.makedirs(d, exist_ok=True)
    fname = f"{a.name}.dat"
    with open(os.path.join(d, fname), "wb") as f:
        f.write(content(a.seed, fname, a.size))
    fs = lt.file_storage()
    lt.add_files(fs, os.path.join(d, fname))
    ct = lt.create_torrent(fs, PIECE, flags=lt.create_torrent.v1_only)
    ct.add_tracker(a.tracker)
    ct.set_creator("rolecall lab")
    lt.set_piece_hashes(ct, d)
    ent = ct.generate()
    data = lt.bencode(ent)
    with open(os.path.join(a.out, a.name + ".torrent"), "wb") as f:
        f.write(data)
    ti = lt.torrent_info(data)
    print(str(ti.info_hashes().v1))


class Peer:
    def __init__(self, a):
        self.a = a
        self.name = a.name
        settings = {
            "listen_interfaces": f"{a.ip}:{a.port}",
            "outgoing_interfaces": a.ip,
            "enable_dht": False,
            "enable_lsd": False,
            "enable_upnp": False,
            "enable_natpmp": False,
            "enable_incoming_utp": False,
            "enable_outgoing_utp": False,
            "enable_incoming_tcp": True,
            "enable_outgoing_tcp": True,
            "in_enc_policy": int(lt.enc_policy.disabled),
            "out_enc_policy": int(lt.enc_policy.disabled),
            "allowed_enc_level": int(lt.enc_level.plaintext),
            "prefer_rc4": False,
            "listen_system_port_fallback": False,
            "user_agent": "rolecall-lab libtorrent/" + lt.__version__,
            "alert_mask": int(lt.alert.category_t.all_categories),
        }
        self.ses = lt.session(settings)
        self.alerts = []

    def pump(self, timeout=0.2):
        self.ses.wait_for_alert(int(timeout * 1000))
        for al in self.ses.pop_alerts():
            t = type(al).__name__
            if t in ("tracker_reply_alert", "tracker_error_alert",
                     "tracker_announce_alert", "torrent_finished_alert",
                     "torrent_removed_alert", "peer_connect_alert",
                     "incoming_connection_alert", "peer_disconnected_alert",
                     "listen_failed_alert", "listen_succeeded_alert",
                     "torrent_error_alert", "file_error_alert"):
                log(self.name, t, al.message())
            if t in ("listen_failed_alert", "torrent_error_alert", "file_error_alert"):
                raise SystemExit(f"{self.name}: fatal alert {al.message()}")
            self.alerts.append(al)

    def wait(self, pred, what, timeout):
        end = time.monotonic() + timeout
        while True:
            for i, al in enumerate(self.alerts):
                if pred(al):
                    del self.alerts[: i + 1]
                    return al
            self.alerts.clear()
            if time.monotonic() > end:
                raise SystemExit(f"{self.name}: timeout waiting for {what}")
            self.pump()

    def wait_file(self, path, timeout):
        end = time.monotonic() + timeout
        while not os.path.exists(path):
            if time.monotonic() > end:
                raise SystemExit(f"{self.name}: timeout waiting for {path}")
            self.pump()

    def add(self, tname, save):
        atp = lt.add_torrent_params()
        atp.ti = lt.torrent_info(os.path.join(self.a.lab, tname + ".torrent"))
        atp.save_path = save
        atp.flags &= ~lt.torrent_flags.auto_managed
        atp.flags &= ~lt.torrent_flags.paused
        return self.ses.add_torrent(atp)

    def reply_for(self, h):
        return lambda al: type(al).__name__ == "tracker_reply_alert" and al.handle == h

    def remove(self, h, what):
        self.ses.remove_torrent(h)
        self.wait(lambda al: type(al).__name__ == "tracker_announce_alert"
                  and int(al.event) == 3, f"stopped announce of {what}", 20)
        # let the "stopped" HTTP exchange finish before the next step
        end = time.monotonic() + 1.0
        while time.monotonic() < end:
            self.pump(0.1)

    def run(self):
        a = self.a
        ctl = a.ctl
        self.wait(lambda al: type(al).__name__ == "listen_succeeded_alert", "listen", 20)
        own = None
        if a.own:
            own = self.add(a.own, os.path.join(a.lab, a.own))
            self.wait(self.reply_for(own), "seed announce reply", 30)
            end = time.monotonic() + 30
            while not own.status().is_seeding:
                if time.monotonic() > end:
                    raise SystemExit(f"{self.name}: own torrent is not seeding")
                self.pump()
        open(os.path.join(ctl, self.name + ".ready"), "w").close()
        log(self.name, "ready (seeding", (a.own or "nothing") + ")")

        self.wait_file(os.path.join(ctl, self.name + ".go"), a.timeout)
        dl = os.path.join(ctl, self.name + "-download")
        os.makedirs(dl, exist_ok=True)
        for other in a.fetch:
            log(self.name, "fetching", other)
            h = self.add(other, dl)
            self.wait(self.reply_for(h), f"started announce reply for {other}", 30)
            self.wait(lambda al: type(al).__name__ == "torrent_finished_alert"
                      and al.handle == h, f"download of {other}", 60)
            self.wait(self.reply_for(h), f"completed announce reply for {other}", 30)
            self.remove(h, other)
            log(self.name, "fetched", other)
        open(os.path.join(ctl, self.name + ".done"), "w").close()

        self.wait_file(os.path.join(ctl, self.name + ".quit"), a.timeout)
        if own is not None:
            self.remove(own, a.own)
        log(self.name, "bye")


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("make")
    m.add_argument("--out", required=True)
    m.add_argument("--name", required=True)
    m.add_argument("--size", type=int, required=True)
    m.add_argument("--seed", required=True)
    m.add_argument("--tracker", required=True)
    r = sub.add_parser("run")
    r.add_argument("--name", required=True)
    r.add_argument("--ip", required=True)
    r.add_argument("--port", type=int, default=6881)
    r.add_argument("--lab", required=True)
    r.add_argument("--ctl", required=True)
    r.add_argument("--own", default="", help="torrent to seed; none for a pure downloader")
    r.add_argument("--fetch", nargs="*", default=[])
    r.add_argument("--timeout", type=float, default=240)
    a = ap.parse_args()
    if a.cmd == "make":
        cmd_make(a)
    else:
        Peer(a).run()


if __name__ == "__main__":
    main()
