#!/usr/bin/env bash
# record.sh -- record rolecall's sample captures in a private network lab.
#
# Run as root on Debian 12:   bash Samples/record.sh [SCENARIO ...]
#
# Builds a throw-away lab out of network namespaces (ip netns) joined by veth
# pairs and, for more than two hosts, a Linux bridge inside a dedicated
# "switch" namespace.  Real programs (python3 http.server, curl, swaks,
# aiosmtpd, dnsmasq, dig, opentracker, libtorrent, socat) talk to each other
# inside it while tcpdump/dumpcap records.  All addresses are private lab
# addresses (10.99.0.0/16, fd99::/64) that exist only inside the namespaces
# this script creates; no namespace has a default route, so nothing can leave
# the lab.  The host's own interfaces and routes are never touched.
#
# Scenarios (default: all, in this order):
#   web email dns swarm mixed midflow ipv6 cooked multi bad labs_web labs_swarm
# Output: Samples/<capture>, Samples/<capture-name>.truth.yaml, Samples/bad/*,
# Samples/README.md.  Set OUT=/some/dir to write elsewhere (e.g. to compare
# two recordings) and RECORD_NO_APT=1 to skip apt-get.
#
# Every namespace and process the script creates is removed on exit, also on
# failure (trap EXIT).  Every wait has a timeout.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LAB=$HERE/lab
OUT=${OUT:-$HERE}
PY=/usr/bin/python3          # Debian's python: aiosmtpd, libtorrent, yaml live here
export PYTHONDONTWRITEBYTECODE=1   # no __pycache__ in Samples/lab
PFX=rcl                      # prefix of every namespace this script creates
SEED=rolecall-2024           # seed of every generated file's content
DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ)
SCRIPT_START=$SECONDS
ALL_SCENARIOS=(web email dns swarm mixed midflow ipv6 cooked multi bad labs_web labs_swarm)

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ $(id -u) == 0 ]] || die "run as root (needs ip netns)"

WORK=$(mktemp -d /tmp/rolecall-lab.XXXXXX)
chmod 755 "$WORK"
declare -a NSES=()      # namespaces created by this script
declare -a PIDS=()      # background processes started by this script
declare -A PID=()       # name -> pid

# ---------------------------------------------------------------- cleanup
alive() {  # alive PID: process exists and is not a zombie
    local s
    s=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
    [[ -n $s && $s != Z* ]]
}

stop_pid() {  # stop_pid PID [SIGNAL] [TIMEOUT]: signal, wait, then KILL
    local pid=$1 sig=${2:-TERM} t=${3:-10} end
    if alive "$pid"; then
        kill -s "$sig" "$pid" 2>/dev/null || true
        end=$((SECONDS + t))
        while alive "$pid"; do
            if ((SECONDS >= end)); then
                log "pid $pid did not stop on $sig within ${t}s, killing"
                kill -KILL "$pid" 2>/dev/null || true
                sleep 0.2
                break
            fi
            sleep 0.1
        done
    fi
    wait "$pid" 2>/dev/null || true
}

lab_down() {  # stop every process we started, delete every namespace we made
    local pid ns p
    for pid in "${PIDS[@]}"; do
        alive "$pid" && kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do stop_pid "$pid" TERM 5; done
    PIDS=()
    PID=()
    for ns in "${NSES[@]}"; do
        # anything still running inside one of our namespaces was started by us
        for p in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$p" 2>/dev/null || true; done
        ip netns del "$ns" 2>/dev/null || true
    done
    NSES=()
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    set +e
    lab_down
    if ((rc != 0)); then
        log "FAILED (exit $rc); logs and partial captures kept in $WORK"
    else
        rm -rf "$WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# ---------------------------------------------------------------- helpers
wait_until() {  # wait_until TIMEOUT DESCRIPTION CMD...
    local t=$1 what=$2 end
    shift 2
    end=$((SECONDS + t))
    until "$@" >/dev/null 2>&1; do
        ((SECONDS < end)) || die "timeout (${t}s) waiting for $what"
        sleep 0.1
    done
}

spawn() {  # spawn NAME NS CMD...: start a background process inside NS
    local name=$1 ns=$2
    shift 2
    ip netns exec "$ns" "$@" >"$WORK/log/$name.out" 2>"$WORK/log/$name.err" </dev/null &
    PID[$name]=$!
    PIDS+=("$!")
}

wait_job() {  # wait_job NAME: wait for a spawned job that ends by itself (run it under `timeout`)
    local name=$1 rc=0
    wait "${PID[$name]}" || rc=$?
    if ((rc != 0)); then
        sed 's/^/    /' "$WORK/log/$name.err" >&2 || true
        die "$name failed (exit $rc)"
    fi
}

listening() {  # listening NS PROTO PORT
    local ns=$1 proto=$2 port=$3 flag=-Hltn
    [[ $proto == udp ]] && flag=-Hlun
    ip netns exec "$ns" ss "$flag" "sport = :$port" | grep -q .
}

fetch() {  # fetch NS URL...: one curl per URL, so one TCP connection per page
    local ns=$1 url
    shift
    for url in "$@"; do
        ip netns exec "$ns" timeout 30 curl -fsS -g --noproxy '*' --max-time 20 \
            -o /dev/null -w "%{http_code} %{size_download} $url\n" "$url"
        sleep 0.2
    done
}

ver() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo unknown; }

# ---------------------------------------------------------------- lab building
SW=""        # the current switch namespace
NETIDX=0     # scenario number, used in MAC addresses

ns_new() {  # ns_new NAME [ipv6]: create namespace $PFX-NAME, loopback up
    local ns=$PFX-$1 v6=${2:-}
    ip netns del "$ns" 2>/dev/null || true     # left over from an earlier, killed run
    ip netns add "$ns"
    NSES+=("$ns")
    if [[ $v6 == ipv6 ]]; then
        # IPv6 on, but no link-local addresses (so no router solicitations)
        # and no duplicate address detection: only our fd99:: addresses.
        ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.addr_gen_mode=1 \
            net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.default.dad_transmits=0 \
            net.ipv6.conf.default.router_solicitations=0 net.ipv6.conf.default.accept_ra=0 \
            net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.all.accept_ra=0
    else
        ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
            net.ipv6.conf.default.disable_ipv6=1
    fi
    ip -n "$ns" link set lo up
}

offloads_off() {  # offloads_off NS DEV
    ip netns exec "$1" ethtool -K "$2" tso off gso off gro off tx off rx off sg off >/dev/null 2>&1 ||
        ip netns exec "$1" ethtool -K "$2" tso off gso off gro off tx off >/dev/null
}

lab_switch() {  # lab_switch N: new lab number N with a bridge br0 in namespace $PFX-sw
    NETIDX=$1
    ns_new sw
    SW=$PFX-sw
    ip -n "$SW" link add br0 address "02:97:00:00:$(printf %02x "$NETIDX"):01" type bridge stp_state 0 mcast_snooping 0
    ip -n "$SW" link set br0 up
    offloads_off "$SW" br0
}

host_mac() { printf '02:99:00:%02x:00:%02x' "$NETIDX" "$1"; }

lab_host() {  # lab_host NAME ADDR/PLEN [ipv6]: host namespace $PFX-NAME, eth0 on br0
    local name=$1 addr=$2 v6=${3:-} ns=$PFX-$1 idx
    ns_new "$name" "$v6"
    idx=$(printf '%s' "${addr%/*}" | sed -E 's/.*[.:]//')
    [[ $v6 == ipv6 ]] && idx=$((16#$idx)) || idx=$((10#$idx))
    ip link add eth0 netns "$ns" address "$(host_mac "$idx")" type veth \
        peer name "$name" netns "$SW" address "$(printf '02:98:00:%02x:00:%02x' "$NETIDX" "$idx")"
    ip -n "$SW" link set "$name" master br0
    offloads_off "$ns" eth0
    offloads_off "$SW" "$name"
    if [[ $v6 == ipv6 ]]; then
        ip -n "$ns" addr add "$addr" dev eth0 nodad
    else
        ip -n "$ns" addr add "$addr" dev eth0
    fi
    ip -n "$SW" link set "$name" up
    ip -n "$ns" link set eth0 up
}

# ---------------------------------------------------------------- capture
declare -A CAP_PID=() CAP_ERR=() CAP_CMD=()

cap_start() {  # cap_start ID NS FILE TCPDUMP-ARGS...
    local id=$1 ns=$2 file=$3
    shift 3
    CAP_ERR[$id]=$WORK/log/cap-$id.err
    CAP_CMD[$id]="ip netns exec $ns tcpdump -n -U --immediate-mode -B 4096 -s 0 -Z root -w ${file##*/} $*"
    ip netns exec "$ns" tcpdump -n -U --immediate-mode -B 4096 -s 0 -Z root -w "$file" "$@" \
        2>"${CAP_ERR[$id]}" </dev/null &
    CAP_PID[$id]=$!
    PIDS+=("$!")
    wait_until 15 "tcpdump $id to listen" grep -q "listening on" "${CAP_ERR[$id]}"
    sleep 0.5
}

cap_stop() {  # cap_stop ID: let the last packets land, stop cleanly, check drops
    local id=$1
    sleep 1
    stop_pid "${CAP_PID[$id]}" INT 15
    grep -q "packets captured" "${CAP_ERR[$id]}" || die "capture $id did not end cleanly: $(cat "${CAP_ERR[$id]}")"
    grep -q "^0 packets dropped by kernel" "${CAP_ERR[$id]}" || die "capture $id dropped packets: $(cat "${CAP_ERR[$id]}")"
    log "capture $id: $(grep 'packets captured' "${CAP_ERR[$id]}")"
}

# publish FILE NAME PROGRAMS CAPTURE-ID [NOTE]: check the capture $WORK/FILE
# against its truth file (written by the scenario into
# $WORK/truth/NAME.truth.yaml) with lab/verify.py, which appends the facts of
# the recording (date, capture command, program versions, capinfos); then copy
# capture and truth to $OUT.  A capture that does not match is not published.
publish() {
    local file=$1 name=$2 programs=$3 command=${CAP_CMD[$4]}${5:+ # $5}
    $PY "$LAB/verify.py" "$WORK/$file" "$WORK/truth/$name.truth.yaml" \
        --date "$DATE" --programs "$programs" --command "$command" \
        --versions "$WORK/versions.yaml" --summary "$WORK/log/verify-$name.txt" ||
        { cat "$WORK/log/verify-$name.txt" >&2; die "verification of $file failed"; }
    cat "$WORK/log/verify-$name.txt" >&2
    cp "$WORK/$file" "$OUT/$file"
    cp "$WORK/truth/$name.truth.yaml" "$OUT/$name.truth.yaml"
    chmod 644 "$OUT/$file" "$OUT/$name.truth.yaml"
    log "published $file"
}

BRIDGE_NOTE="on the lab bridge br0 in the switch namespace; in promiscuous mode br0 sees every frame the bridge forwards"

# ---------------------------------------------------------------- jobs, truth
declare -a JOBS=()

bg_fetch() {  # bg_fetch NAME NS URL...: run fetch in the background
    local name=$1
    shift
    fetch "$@" >"$WORK/log/$name.out" 2>"$WORK/log/$name.err" &
    JOBS+=("$!")
    PIDS+=("$!")
}

wait_jobs() {  # wait for every bg_fetch job (each curl is under `timeout`)
    local p rc=0
    for p in "${JOBS[@]}"; do wait "$p" || rc=1; done
    JOBS=()
    ((rc == 0)) || die "a client job failed (logs in $WORK/log)"
}

truth() { cat >"$WORK/truth/$1.truth.yaml"; }   # truth NAME <<EOF ... EOF

# ---------------------------------------------------------------- BitTorrent
bt_make() {  # bt_make DIR TRACKER_IP SIZE NAME...: data, torrents, tracker whitelist
    local dir=$1 tip=$2 size=$3 n
    shift 3
    mkdir -p "$dir/tracker" "$dir/ctl"
    : >"$dir/tracker/whitelist.txt"
    for n in "$@"; do
        $PY "$LAB/bt_peer.py" make --out "$dir" --name "$n" --size "$size" --seed "$SEED" \
            --tracker "http://$tip:6969/announce" >>"$dir/tracker/whitelist.txt"
    done
    chmod -R a+rX "$dir/tracker"
}

tracker_start() {  # tracker_start NS IP DIR: opentracker, whitelist of our torrents only
    spawn tracker "$1" timeout 600 opentracker -i "$2" -p 6969 -P 6969 \
        -d "$3/tracker" -u nobody -w whitelist.txt
    wait_until 15 "opentracker" listening "$1" tcp 6969
}

bt_peers_start() {  # bt_peers_start DIR NAME:IP...: every peer seeds its own torrent
    local dir=$1 spec n ip o
    shift
    local names=() others
    for spec in "$@"; do names+=("${spec%%:*}"); done
    for spec in "$@"; do
        n=${spec%%:*}
        ip=${spec#*:}
        others=()
        for o in "${names[@]}"; do [[ $o == "$n" ]] || others+=("$o"); done
        spawn "bt-$n" "$PFX-$n" timeout 300 $PY "$LAB/bt_peer.py" run --name "$n" --ip "$ip" \
            --port 6881 --lab "$dir" --ctl "$dir/ctl" --own "$n" --fetch "${others[@]}"
    done
    for n in "${names[@]}"; do
        wait_until 60 "peer $n to seed" bt_state "$dir" "$n" ready
    done
}

bt_state() {  # bt_state DIR NAME STATE: STATE file exists; fail at once if the peer died
    [[ -e $1/ctl/$2.$3 ]] && return 0
    alive "${PID[bt-$2]}" || die "peer $2 exited: $(tail -3 "$WORK/log/bt-$2.err" "$WORK/log/bt-$2.out")"
    return 1
}

bt_peers_run() {  # bt_peers_run DIR NAME...: one after the other, each fetches the others' files
    local dir=$1 n
    shift
    for n in "$@"; do
        touch "$dir/ctl/$n.go"
        wait_until 120 "peer $n to fetch" bt_state "$dir" "$n" done
    done
    for n in "$@"; do touch "$dir/ctl/$n.quit"; done
    for n in "$@"; do wait_job "bt-$n"; done
}

# ================================================================ scenarios

# ---- 1. web: one HTTP server, three clients --------------------------------
scen_web() {
    lab_switch 1
    lab_host www 10.99.1.10/24
    lab_host client1 10.99.1.11/24
    lab_host client2 10.99.1.12/24
    lab_host client3 10.99.1.13/24
    $PY "$LAB/mkfiles.py" "$WORK/www1" "$SEED" index.html:1500 about.html:2600 news.html:4200 \
        blog.html:3300 contact.html:900 style.css:1800 data.txt:5200
    spawn www $PFX-www timeout 300 $PY -m http.server 80 --bind 10.99.1.10 --directory "$WORK/www1"
    wait_until 15 "web server" listening $PFX-www tcp 80
    cap_start web "$SW" "$WORK/web.pcap" -i br0
    local u=http://10.99.1.10
    # the three clients run at the same time; each page is its own curl, so its own TCP connection
    bg_fetch c1 $PFX-client1 $u/index.html $u/about.html $u/style.css
    bg_fetch c2 $PFX-client2 $u/index.html $u/news.html $u/blog.html $u/style.css
    bg_fetch c3 $PFX-client3 $u/index.html $u/contact.html $u/data.txt $u/news.html $u/style.css
    wait_jobs
    cap_stop web
    truth web <<EOF
# Expected truth for web.pcap, known by construction (Samples/record.sh, scenario "web").
# Schema: see Samples/README.md.
capture: web.pcap
linktype: 1   # LINKTYPE_ETHERNET
scenario: web
description: >-
  One HTTP server (python3 -m http.server, HTTP/1.0, so one TCP connection per
  page) and three curl clients fetching 3, 4 and 5 pages at the same time.
  Captured on the lab bridge, so every frame between the hosts is seen.
hosts:
  - {address: 10.99.1.10, name: www, roles: [server], services: [tcp/80]}
  - {address: 10.99.1.11, name: client1, roles: [client]}
  - {address: 10.99.1.12, name: client2, roles: [client]}
  - {address: 10.99.1.13, name: client3, roles: [client]}
flows:
  - {transport: tcp, initiator: 10.99.1.11, responder: 10.99.1.10, responder_port: 80, verdict: client-server, count: 3}
  - {transport: tcp, initiator: 10.99.1.12, responder: 10.99.1.10, responder_port: 80, verdict: client-server, count: 4}
  - {transport: tcp, initiator: 10.99.1.13, responder: 10.99.1.10, responder_port: 80, verdict: client-server, count: 5}
other: [arp]
EOF
    publish web.pcap web "tcpdump libpcap python3 curl" web "$BRIDGE_NOTE"
}

# ---- 2. email: swaks -> mx1 (aiosmtpd, relays) -> mx2 (aiosmtpd) -----------
swaks_send() {  # swaks_send NS HELO FROM N: one message, one SMTP connection to mx1
    ip netns exec "$1" timeout 40 swaks -4 --server 10.99.2.20 --port 25 --helo "$2" \
        --from "$3" --to bob@remote.lab.test --timeout 20 \
        --header "Subject: rolecall sample mail $4" --body "@$WORK/mail/body$4.txt"
}

scen_email() {
    lab_switch 2
    lab_host mx1 10.99.2.20/24
    lab_host mx2 10.99.2.30/24
    lab_host client1 10.99.2.11/24
    lab_host client2 10.99.2.12/24
    $PY "$LAB/mkfiles.py" "$WORK/mail" "$SEED" body1.txt:1200 body2.txt:2400 body3.txt:700
    spawn mx2 $PFX-mx2 timeout 300 $PY "$LAB/smtp_server.py" --listen 10.99.2.30 \
        --name mx2.remote.lab.test --store "$WORK/mx2"
    spawn mx1 $PFX-mx1 timeout 300 $PY "$LAB/smtp_server.py" --listen 10.99.2.20 \
        --name mx1.lab.test --store "$WORK/mx1" --relay 10.99.2.30:25
    wait_until 20 "mx2" test -e "$WORK/mx2/ready"
    wait_until 20 "mx1" test -e "$WORK/mx1/ready"
    wait_until 10 "mx1 port 25" listening $PFX-mx1 tcp 25
    cap_start email "$SW" "$WORK/email.pcap" -i br0
    # one after the other: client1, client2, client1 again
    swaks_send $PFX-client1 client1.lab.test alice@client1.lab.test 1 >"$WORK/log/swaks1.log" 2>&1 ||
        die "swaks 1 failed: $(tail -5 "$WORK/log/swaks1.log")"
    swaks_send $PFX-client2 client2.lab.test carol@client2.lab.test 2 >"$WORK/log/swaks2.log" 2>&1 ||
        die "swaks 2 failed: $(tail -5 "$WORK/log/swaks2.log")"
    swaks_send $PFX-client1 client1.lab.test alice@client1.lab.test 3 >"$WORK/log/swaks3.log" 2>&1 ||
        die "swaks 3 failed: $(tail -5 "$WORK/log/swaks3.log")"
    wait_until 20 "mx2 to receive 3 relayed mails" test -e "$WORK/mx2/003.eml"
    cap_stop email
    [[ ! -e $WORK/mx2/004.eml && -e $WORK/mx1/003.eml.relayed ]] || die "unexpected mail count"
    truth email <<EOF
# Expected truth for email.pcap, known by construction (Samples/record.sh, scenario "email").
# Schema: see Samples/README.md.
capture: email.pcap
linktype: 1   # LINKTYPE_ETHERNET
scenario: email
description: >-
  Two SMTP clients (swaks) send three mails, one SMTP session each, to mx1
  (aiosmtpd with lab/smtp_server.py).  For every accepted mail mx1 opens its
  own SMTP connection (smtplib) and relays the mail to mx2 (aiosmtpd) before
  answering 250, so mx1 is a server and a client at once.
hosts:
  - {address: 10.99.2.11, name: client1, roles: [client]}
  - {address: 10.99.2.12, name: client2, roles: [client]}
  - {address: 10.99.2.20, name: mx1, roles: [client, server], services: [tcp/25]}
  - {address: 10.99.2.30, name: mx2, roles: [server], services: [tcp/25]}
flows:
  - {transport: tcp, initiator: 10.99.2.11, responder: 10.99.2.20, responder_port: 25, verdict: client-server, count: 2}
  - {transport: tcp, initiator: 10.99.2.12, responder: 10.99.2.20, responder_port: 25, verdict: client-server, count: 1}
  - {transport: tcp, initiator: 10.99.2.20, responder: 10.99.2.30, responder_port: 25, verdict: client-server, count: 3}
other: [arp]
EOF
    publish email.pcap email "tcpdump libpcap swaks aiosmtpd python3" email "$BRIDGE_NOTE"
}

# ---- 3. dns: dig -> dnsmasq resolver (forwards) -> dnsmasq authoritative ----
dnsq() {  # dnsq NS [+tcp] NAME TYPE EXPECT: one query to the resolver, check the answer
    local ns=$1 tcp="" out
    shift
    if [[ $1 == +tcp ]]; then tcp=+tcp; shift; fi
    out=$(ip netns exec "$ns" timeout 15 dig @10.99.3.53 $tcp +tries=1 +time=5 +short "$1" "$2") ||
        die "dig $tcp $1 $2 failed"
    grep -qF -- "$3" <<<"$out" || die "dig $tcp $1 $2 answered '$out', expected '$3'"
    log "dig $tcp $1 $2 -> $(tr '\n' ' ' <<<"$out")"
    sleep 0.3
}

scen_dns() {
    lab_switch 3
    lab_host auth 10.99.3.54/24
    lab_host resolver 10.99.3.53/24
    lab_host client1 10.99.3.11/24
    lab_host client2 10.99.3.12/24
    local common=(--keep-in-foreground --conf-file=/dev/null --no-hosts --no-resolv --bind-interfaces
                  --pid-file= --user=nobody --group=nogroup --log-facility=- --log-queries)
    # authoritative server for lab.test (dnsmasq in auth mode)
    spawn auth $PFX-auth timeout 300 dnsmasq "${common[@]}" --listen-address=10.99.3.54 --port=53 \
        --auth-server=ns.lab.test,10.99.3.54 --auth-zone=lab.test \
        --auth-soa=2024010101,hostmaster.lab.test,1200,120,604800 \
        --host-record=ns.lab.test,10.99.3.54 --host-record=www.lab.test,10.99.3.80 \
        --host-record=mail.lab.test,10.99.3.25 --mx-host=lab.test,mail.lab.test,10 \
        --txt-record=info.lab.test,"rolecall sample zone"
    # resolver: no cache, so every client query is forwarded to auth
    spawn resolver $PFX-resolver timeout 300 dnsmasq "${common[@]}" --listen-address=10.99.3.53 \
        --port=53 --cache-size=0 --server=10.99.3.54
    wait_until 15 "auth dnsmasq" listening $PFX-auth udp 53
    wait_until 15 "resolver dnsmasq" listening $PFX-resolver udp 53
    wait_until 15 "resolver dnsmasq tcp" listening $PFX-resolver tcp 53
    cap_start dns "$SW" "$WORK/dns.pcap" -i br0
    dnsq $PFX-client1 www.lab.test A 10.99.3.80
    dnsq $PFX-client2 info.lab.test TXT "rolecall sample zone"
    dnsq $PFX-client1 mail.lab.test A 10.99.3.25
    dnsq $PFX-client2 ns.lab.test A 10.99.3.54
    dnsq $PFX-client1 lab.test MX mail.lab.test
    dnsq $PFX-client2 +tcp www.lab.test A 10.99.3.80
    cap_stop dns
    truth dns <<EOF
# Expected truth for dns.pcap, known by construction (Samples/record.sh, scenario "dns").
# Schema: see Samples/README.md.
capture: dns.pcap
linktype: 1   # LINKTYPE_ETHERNET
scenario: dns
description: >-
  Two clients (dig) ask a resolver with its cache off (dnsmasq, cache-size=0)
  five questions over UDP and one over TCP (dig +tcp); the resolver forwards
  each one to the authoritative server of lab.test (dnsmasq in auth mode),
  over UDP for the UDP questions and over TCP for the TCP one.  The resolver
  is a server to the clients and a client of the authoritative server.  Every
  UDP query uses a fresh source port, so each question is its own UDP flow.
hosts:
  - {address: 10.99.3.11, name: client1, roles: [client]}
  - {address: 10.99.3.12, name: client2, roles: [client]}
  - {address: 10.99.3.53, name: resolver, roles: [client, server], services: [udp/53, tcp/53]}
  - {address: 10.99.3.54, name: auth, roles: [server], services: [udp/53, tcp/53]}
flows:
  - {transport: udp, initiator: 10.99.3.11, responder: 10.99.3.53, responder_port: 53, verdict: client-server, count: 3}
  - {transport: udp, initiator: 10.99.3.12, responder: 10.99.3.53, responder_port: 53, verdict: client-server, count: 2}
  - {transport: tcp, initiator: 10.99.3.12, responder: 10.99.3.53, responder_port: 53, verdict: client-server, count: 1}
  - {transport: udp, initiator: 10.99.3.53, responder: 10.99.3.54, responder_port: 53, verdict: client-server, count: 5}
  - {transport: tcp, initiator: 10.99.3.53, responder: 10.99.3.54, responder_port: 53, verdict: client-server, count: 1}
other: [arp]
EOF
    publish dns.pcap dns "tcpdump libpcap dnsmasq dig" dns "$BRIDGE_NOTE"
}

# ---- 4. swarm: four libtorrent peers and opentracker ------------------------
scen_swarm() {
    lab_switch 4
    lab_host tracker 10.99.4.2/24
    local i peers=() names=()
    for i in 1 2 3 4; do
        lab_host "peer$i" "10.99.4.2$i/24"
        peers+=("peer$i:10.99.4.2$i")
        names+=("peer$i")
    done
    bt_make "$WORK/bt4" 10.99.4.2 40000 "${names[@]}"
    tracker_start $PFX-tracker 10.99.4.2 "$WORK/bt4"
    cap_start swarm "$SW" "$WORK/swarm.pcap" -i br0
    bt_peers_start "$WORK/bt4" "${peers[@]}"
    bt_peers_run "$WORK/bt4" "${names[@]}"
    cap_stop swarm
    local flows="" a b
    for a in 1 2 3 4; do
        flows+="  - {transport: tcp, initiator: 10.99.4.2$a, responder: 10.99.4.2, responder_port: 6969, verdict: client-server, count: 11}"$'\n'
    done
    for a in 1 2 3 4; do
        for b in 1 2 3 4; do
            [[ $a == "$b" ]] && continue
            flows+="  - {transport: tcp, initiator: 10.99.4.2$a, responder: 10.99.4.2$b, responder_port: 6881, verdict: peer-to-peer, count: 1}"$'\n'
        done
    done
    truth swarm <<EOF
# Expected truth for swarm.pcap, known by construction (Samples/record.sh, scenario "swarm").
# Schema: see Samples/README.md.
capture: swarm.pcap
linktype: 1   # LINKTYPE_ETHERNET
scenario: swarm
description: >-
  Four BitTorrent peers (python3-libtorrent via lab/bt_peer.py; plaintext
  peer wire, encryption disabled; DHT, LSD, uTP, UPnP and NAT-PMP off; all
  listen on tcp/6881) and one HTTP tracker (Debian's opentracker, tcp/6969).
  Every peer seeds its own 40000-byte file (one torrent each, 16 KiB pieces).
  Then, one peer after the other (peer1, peer2, peer3, peer4), each fetches
  the three other files one at a time and drops each torrent once complete,
  so every fetch is exactly one peer-wire connection from the fetching peer
  to the torrent's only seed: each peer opens 3 and accepts 3 peer
  connections, one in each direction for every pair of peers.  Tracker
  connections (HTTP/1.1, one per announce) per peer: 1 "started" for its
  own torrent, 3 x ("started", "completed", "stopped") for the fetched ones,
  1 "stopped" for its own torrent at the end = 11.
hosts:
  - {address: 10.99.4.2, name: tracker, roles: [server], services: [tcp/6969]}
  - {address: 10.99.4.21, name: peer1, roles: [client, peer], services: [tcp/6881]}
  - {address: 10.99.4.22, name: peer2, roles: [client, peer], services: [tcp/6881]}
  - {address: 10.99.4.23, name: peer3, roles: [client, peer], services: [tcp/6881]}
  - {address: 10.99.4.24, name: peer4, roles: [client, peer], services: [tcp/6881]}
flows:
${flows}other: [arp]
EOF
    publish swarm.pcap swarm "tcpdump libpcap libtorrent python3 opentracker" swarm "$BRIDGE_NOTE"
}

# ---- 5. mixed: one host is client, server and peer at once ------------------
scen_mixed() {
    lab_switch 5
    lab_host tracker 10.99.5.2/24
    lab_host hub 10.99.5.10/24
    lab_host client1 10.99.5.11/24
    lab_host client2 10.99.5.12/24
    lab_host www 10.99.5.20/24
    lab_host peer1 10.99.5.31/24
    lab_host peer2 10.99.5.32/24
    $PY "$LAB/mkfiles.py" "$WORK/hub5" "$SEED" index.html:1400 team.html:2100 faq.html:3100
    $PY "$LAB/mkfiles.py" "$WORK/www5" "$SEED" index.html:1700 feed.txt:2800 logo.txt:900
    spawn hubweb $PFX-hub timeout 300 $PY -m http.server 80 --bind 10.99.5.10 --directory "$WORK/hub5"
    spawn www $PFX-www timeout 300 $PY -m http.server 80 --bind 10.99.5.20 --directory "$WORK/www5"
    wait_until 15 "hub web server" listening $PFX-hub tcp 80
    wait_until 15 "www web server" listening $PFX-www tcp 80
    bt_make "$WORK/bt5" 10.99.5.2 30000 hub peer1 peer2
    tracker_start $PFX-tracker 10.99.5.2 "$WORK/bt5"
    cap_start mixed "$SW" "$WORK/mixed.pcap" -i br0
    bt_peers_start "$WORK/bt5" hub:10.99.5.10 peer1:10.99.5.31 peer2:10.99.5.32
    # while the swarm runs: two clients fetch from the hub, the hub fetches from www
    local h=http://10.99.5.10 w=http://10.99.5.20
    bg_fetch c1 $PFX-client1 $h/index.html $h/team.html
    bg_fetch c2 $PFX-client2 $h/index.html $h/faq.html $h/team.html
    bg_fetch hubc $PFX-hub $w/index.html $w/feed.txt $w/logo.txt
    bt_peers_run "$WORK/bt5" hub peer1 peer2
    wait_jobs
    cap_stop mixed
    local flows="" a b
    for a in 10 31 32; do
        flows+="  - {transport: tcp, initiator: 10.99.5.$a, responder: 10.99.5.2, responder_port: 6969, verdict: client-server, count: 8}"$'\n'
        for b in 10 31 32; do
            [[ $a == "$b" ]] && continue
            flows+="  - {transport: tcp, initiator: 10.99.5.$a, responder: 10.99.5.$b, responder_port: 6881, verdict: peer-to-peer, count: 1}"$'\n'
        done
    done
    truth mixed <<EOF
# Expected truth for mixed.pcap, known by construction (Samples/record.sh, scenario "mixed").
# Schema: see Samples/README.md.
capture: mixed.pcap
linktype: 1   # LINKTYPE_ETHERNET
scenario: mixed
description: >-
  The hub (10.99.5.10) is client, server and peer at the same time: it serves
  HTTP (python3 -m http.server) to client1 (2 pages) and client2 (3 pages),
  fetches 3 pages from another web server (www, curl), and is one of three
  BitTorrent peers (lab/bt_peer.py, libtorrent, plaintext, tcp/6881) around
  an opentracker (tcp/6969).  As in the swarm scenario each peer seeds its own
  30000-byte file and, one peer after the other (hub, peer1, peer2), fetches
  the two others, one peer-wire connection per fetch: each peer opens 2 and
  accepts 2 peer connections.  Tracker connections per peer: 1 + 2 x 3 + 1 = 8.
hosts:
  - {address: 10.99.5.2, name: tracker, roles: [server], services: [tcp/6969]}
  - {address: 10.99.5.10, name: hub, roles: [client, peer, server], services: [tcp/80, tcp/6881]}
  - {address: 10.99.5.11, name: client1, roles: [client]}
  - {address: 10.99.5.12, name: client2, roles: [client]}
  - {address: 10.99.5.20, name: www, roles: [server], services: [tcp/80]}
  - {address: 10.99.5.31, name: peer1, roles: [client, peer], services: [tcp/6881]}
  - {address: 10.99.5.32, name: peer2, roles: [client, peer], services: [tcp/6881]}
flows:
  - {transport: tcp, initiator: 10.99.5.11, responder: 10.99.5.10, responder_port: 80, verdict: client-server, count: 2}
  - {transport: tcp, initiator: 10.99.5.12, responder: 10.99.5.10, responder_port: 80, verdict: client-server, count: 3}
  - {transport: tcp, initiator: 10.99.5.10, responder: 10.99.5.20, responder_port: 80, verdict: client-server, count: 3}
${flows}other: [arp]
EOF
    publish mixed.pcap mixed "tcpdump libpcap python3 curl libtorrent opentracker" mixed "$BRIDGE_NOTE"
}

# ---- 6. midflow: the capture starts in the middle of a long transfer --------
scen_midflow() {
    lab_switch 6
    lab_host www 10.99.6.10/24
    lab_host client1 10.99.6.11/24
    lab_host client2 10.99.6.12/24
    $PY "$LAB/mkfiles.py" "$WORK/www6" "$SEED" big.txt:600000 page.html:2000
    spawn www $PFX-www timeout 300 $PY -m http.server 80 --bind 10.99.6.10 --directory "$WORK/www6"
    wait_until 15 "web server" listening $PFX-www tcp 80
    # The server's link is shaped to 800 kbit/s (tc tbf on its eth0, with a
    # queue larger than the file, so nothing is dropped), so the
    # 600 kB download takes about 6 s on the wire; the capture starts 2 s in.
    # (curl --limit-rate alone does not do it: curl 7.88 averages the rate
    # over several seconds, and on this fast link the whole file is in the
    # socket buffers in milliseconds.)
    ip netns exec $PFX-www tc qdisc add dev eth0 root tbf rate 800kbit burst 16kb limit 1000000
    spawn slow $PFX-client1 timeout 60 curl -sS --noproxy '*' --max-time 50 \
        -o "$WORK/log/big.txt" http://10.99.6.10/big.txt
    wait_until 10 "the slow transfer to start" \
        bash -c "ip netns exec $PFX-client1 ss -Htn state established dst 10.99.6.10 | grep -q ."
    sleep 2
    [[ $(stat -c %s "$WORK/log/big.txt" 2>/dev/null || echo 0) -gt 100000 ]] || die "slow transfer did not progress"
    cap_start midflow "$SW" "$WORK/midflow.pcap" -i br0
    wait_job slow
    cmp -s "$WORK/log/big.txt" "$WORK/www6/big.txt" || die "slow transfer incomplete"
    # then one short, complete connection (after the slow one: the shaped
    # link's queue would otherwise delay its handshake for seconds)
    fetch $PFX-client2 http://10.99.6.10/page.html >"$WORK/log/c2.out"
    cap_stop midflow
    truth midflow <<EOF
# Expected truth for midflow.pcap, known by construction (Samples/record.sh, scenario "midflow").
# Schema: see Samples/README.md.
capture: midflow.pcap
linktype: 1   # LINKTYPE_ETHERNET
scenario: midflow
description: >-
  client1 downloads a 600000-byte file with curl from a web server (python3
  -m http.server) whose link is shaped to 800 kbit/s (tc tbf), so the
  transfer lasts about 6 s; the capture starts about two seconds after the
  transfer began, so that connection has no handshake in
  the capture (it starts with data segments and ends with the FIN exchange).
  After it, still in the capture, client2 makes one complete, short HTTP
  request.
hosts:
  - {address: 10.99.6.10, name: www, roles: [server], services: [tcp/80]}
  - {address: 10.99.6.11, name: client1, roles: [client]}
  - {address: 10.99.6.12, name: client2, roles: [client]}
flows:
  - {transport: tcp, initiator: 10.99.6.11, responder: 10.99.6.10, responder_port: 80, verdict: client-server, count: 1, handshake: false}
  - {transport: tcp, initiator: 10.99.6.12, responder: 10.99.6.10, responder_port: 80, verdict: client-server, count: 1}
other: [arp]
EOF
    publish midflow.pcap midflow "tcpdump libpcap python3 curl" midflow "$BRIDGE_NOTE"
}

# ---- 7. ipv6: the web scenario over IPv6 -------------------------------------
scen_ipv6() {
    lab_switch 7
    lab_host www fd99::10/64 ipv6
    lab_host client1 fd99::11/64 ipv6
    lab_host client2 fd99::12/64 ipv6
    lab_host client3 fd99::13/64 ipv6
    $PY "$LAB/mkfiles.py" "$WORK/www7" "$SEED" index.html:1500 about.html:2600 news.html:4200 \
        blog.html:3300 contact.html:900 style.css:1800 data.txt:5200
    spawn www $PFX-www timeout 300 $PY -m http.server 80 --bind fd99::10 --directory "$WORK/www7"
    wait_until 15 "web server" listening $PFX-www tcp 80
    cap_start ipv6 "$SW" "$WORK/web-ipv6.pcap" -i br0
    local u='http://[fd99::10]'
    bg_fetch c1 $PFX-client1 $u/index.html $u/about.html $u/style.css
    bg_fetch c2 $PFX-client2 $u/index.html $u/news.html $u/blog.html $u/style.css
    bg_fetch c3 $PFX-client3 $u/index.html $u/contact.html $u/data.txt $u/news.html $u/style.css
    wait_jobs
    cap_stop ipv6
    truth web-ipv6 <<EOF
# Expected truth for web-ipv6.pcap, known by construction (Samples/record.sh, scenario "ipv6").
# Schema: see Samples/README.md.
capture: web-ipv6.pcap
linktype: 1   # LINKTYPE_ETHERNET
scenario: ipv6
description: >-
  The web scenario over IPv6 only: one HTTP server (python3 -m http.server
  bound to fd99::10) and three curl clients fetching 3, 4 and 5 pages at
  the same time, one TCP connection per page.  The hosts have no IPv4 and no
  link-local addresses (addr_gen_mode=1), duplicate address detection and
  router solicitations are off; what remains besides TCP is ICMPv6 neighbour
  discovery (NS/NA) and MLDv2 reports for the solicited-node groups ("other").
hosts:
  - {address: "fd99::10", name: www, roles: [server], services: [tcp/80]}
  - {address: "fd99::11", name: client1, roles: [client]}
  - {address: "fd99::12", name: client2, roles: [client]}
  - {address: "fd99::13", name: client3, roles: [client]}
flows:
  - {transport: tcp, initiator: "fd99::11", responder: "fd99::10", responder_port: 80, verdict: client-server, count: 3}
  - {transport: tcp, initiator: "fd99::12", responder: "fd99::10", responder_port: 80, verdict: client-server, count: 4}
  - {transport: tcp, initiator: "fd99::13", responder: "fd99::10", responder_port: 80, verdict: client-server, count: 5}
other: [icmpv6]
EOF
    publish web-ipv6.pcap web-ipv6 "tcpdump libpcap python3 curl" ipv6 "$BRIDGE_NOTE"
}

# ---- 8. linux-cooked: tcpdump -i any inside a host namespace -----------------
scen_cooked() {
    lab_switch 8
    lab_host www 10.99.8.10/24
    lab_host client 10.99.8.11/24
    $PY "$LAB/mkfiles.py" "$WORK/www8" "$SEED" index.html:1500 about.html:2600 news.html:4200
    spawn www $PFX-www timeout 300 $PY -m http.server 80 --bind 10.99.8.10 --directory "$WORK/www8"
    wait_until 15 "web server" listening $PFX-www tcp 80
    # two captures of the same traffic, inside the client's namespace on the
    # "any" pseudo-device: tcpdump's default there (LINUX_SLL2) and LINUX_SLL
    cap_start cooked $PFX-client "$WORK/linux-cooked.pcap" -i any
    cap_start cookedv1 $PFX-client "$WORK/linux-cooked-sll.pcap" -i any -y LINUX_SLL
    local u=http://10.99.8.10
    fetch $PFX-client $u/index.html $u/about.html $u/news.html >"$WORK/log/c.out"
    cap_stop cooked
    cap_stop cookedv1
    grep -q "link-type LINUX_SLL2" "${CAP_ERR[cooked]}" || die "expected LINUX_SLL2 from tcpdump -i any"
    grep -q "link-type LINUX_SLL " "${CAP_ERR[cookedv1]}" || die "expected LINUX_SLL from tcpdump -i any -y LINUX_SLL"
    local name kind lt
    for name in linux-cooked linux-cooked-sll; do
        if [[ $name == linux-cooked ]]; then
            lt="276   # LINKTYPE_LINUX_SLL2"
            kind="Linux cooked capture v2 (LINKTYPE_LINUX_SLL2, 276; tcpdump's default on -i any)"
        else
            lt="113   # LINKTYPE_LINUX_SLL"
            kind="Linux cooked capture v1 (LINKTYPE_LINUX_SLL, 113; tcpdump -i any -y LINUX_SLL)"
        fi
        truth $name <<EOF
# Expected truth for $name.pcap, known by construction (Samples/record.sh, scenario "cooked").
# Schema: see Samples/README.md.
capture: $name.pcap
linktype: $lt
scenario: cooked
description: >-
  A small web fetch (python3 -m http.server, curl; 3 pages, one TCP connection
  each) captured with tcpdump -i any inside the client's own namespace.
  Link type: $kind.  linux-cooked.pcap and linux-cooked-sll.pcap were
  recorded at the same time and hold the same packets.
hosts:
  - {address: 10.99.8.10, name: www, roles: [server], services: [tcp/80]}
  - {address: 10.99.8.11, name: client, roles: [client]}
flows:
  - {transport: tcp, initiator: 10.99.8.11, responder: 10.99.8.10, responder_port: 80, verdict: client-server, count: 3}
other: [arp]
EOF
    done
    publish linux-cooked.pcap linux-cooked "tcpdump libpcap python3 curl" cooked \
        "inside the client's namespace, so the capture holds only the client's own traffic"
    publish linux-cooked-sll.pcap linux-cooked-sll "tcpdump libpcap python3 curl" cookedv1 \
        "inside the client's namespace, at the same time as linux-cooked.pcap"
}

# ---- 9. multi-interface pcapng: dumpcap on eth0, tun0 and lo at once --------
scen_multi() {
    NETIDX=9
    ns_new hub
    ns_new client
    # two hosts, one veth pair, no switch
    ip link add eth0 netns $PFX-hub address "$(host_mac 10)" type veth \
        peer name eth0 netns $PFX-client address "$(host_mac 11)"
    local n
    for n in hub client; do offloads_off $PFX-$n eth0; done
    ip -n $PFX-hub addr add 10.99.9.10/24 dev eth0
    ip -n $PFX-client addr add 10.99.9.11/24 dev eth0
    ip -n $PFX-hub link set eth0 up
    ip -n $PFX-client link set eth0 up
    # a point-to-point IP tunnel over UDP between them (socat TUN <-> UDP),
    # so hub has an interface of another kind: tun0, raw IP, no link layer
    spawn tunhub $PFX-hub timeout 300 socat UDP-DATAGRAM:10.99.9.11:47000,bind=10.99.9.10:47000 \
        TUN:10.99.10.10/24,tun-name=tun0,tun-type=tun,iff-no-pi,iff-up
    spawn tunclient $PFX-client timeout 300 socat UDP-DATAGRAM:10.99.9.10:47000,bind=10.99.9.11:47000 \
        TUN:10.99.10.11/24,tun-name=tun0,tun-type=tun,iff-no-pi,iff-up
    for n in hub client; do
        wait_until 10 "tun0 in $n" ip -n $PFX-$n link show tun0
        ip -n $PFX-$n link set tun0 mtu 1400     # inner packets + 28 bytes fit in 1500
        ip netns exec $PFX-$n ethtool -K tun0 tso off gso off gro off tx off >/dev/null 2>&1 || true
    done
    $PY "$LAB/mkfiles.py" "$WORK/www9" "$SEED" a.html:1500 b.html:2600 c.html:3100 d.html:1900 e.html:1200
    spawn www $PFX-hub timeout 300 $PY -m http.server 80 --bind 0.0.0.0 --directory "$WORK/www9"
    wait_until 15 "web server" listening $PFX-hub tcp 80
    local file=$WORK/multi-interface.pcapng err=$WORK/log/cap-multi.err
    CAP_CMD[multi]="ip netns exec $PFX-hub dumpcap -B 4 -i eth0 -i tun0 -i lo -w multi-interface.pcapng"
    ip netns exec $PFX-hub dumpcap -B 4 -i eth0 -i tun0 -i lo -w "$file" 2>"$err" </dev/null &
    CAP_PID[multi]=$!
    PIDS+=("$!")
    wait_until 15 "dumpcap to start" grep -q "Capturing on" "$err"
    sleep 1
    fetch $PFX-client http://10.99.9.10/a.html http://10.99.9.10/b.html >"$WORK/log/c.out"   # eth0
    fetch $PFX-client http://10.99.10.10/c.html http://10.99.10.10/d.html >>"$WORK/log/c.out" # tun0
    fetch $PFX-hub http://127.0.0.1/e.html >>"$WORK/log/c.out"                                # lo
    sleep 1
    stop_pid "${CAP_PID[multi]}" INT 15
    grep -q "Packets captured" "$err" || die "dumpcap did not end cleanly: $(cat "$err")"
    if grep -E "Packets received/dropped" "$err" | grep -vq "/0 "; then die "dumpcap dropped packets: $(cat "$err")"; fi
    log "capture multi: $(grep 'Packets captured' "$err")"
    truth multi-interface <<EOF
# Expected truth for multi-interface.pcapng, known by construction (Samples/record.sh, scenario "multi").
# Schema: see Samples/README.md.
capture: multi-interface.pcapng
scenario: multi
description: >-
  One pcapng written by dumpcap on three interfaces of the hub host at once:
  eth0 (a veth, Ethernet), tun0 (a socat TUN-over-UDP tunnel to the client,
  raw IP without link layer) and lo (loopback, Ethernet framing with zero
  addresses).  The hub runs python3 -m http.server on all its addresses.
  The client fetches 2 pages over eth0 and 2 pages through the tunnel; the
  tunnel's packets appear twice: as TCP on tun0 and as UDP datagrams between
  the two socat endpoints (both bound to udp/47000) on eth0.  The hub itself
  fetches 1 page from 127.0.0.1 over lo.
interfaces:   # pcapng interface IDs in order
  - {id: 0, name: eth0, linktype: 1, linktype_name: EN10MB}
  - {id: 1, name: tun0, linktype: 101, linktype_name: RAW}
  - {id: 2, name: lo, linktype: 1, linktype_name: EN10MB}
hosts:
  - {address: 10.99.9.10, name: hub (eth0), roles: [peer, server], services: [tcp/80, udp/47000]}
  - {address: 10.99.9.11, name: client (eth0), roles: [client, peer], services: [udp/47000]}
  - {address: 10.99.10.10, name: hub (tun0), roles: [server], services: [tcp/80]}
  - {address: 10.99.10.11, name: client (tun0), roles: [client]}
  - {address: 127.0.0.1, name: hub (lo), roles: [client, server], services: [tcp/80]}
flows:
  - {interface: eth0, transport: tcp, initiator: 10.99.9.11, responder: 10.99.9.10, responder_port: 80, verdict: client-server, count: 2}
  - {interface: eth0, transport: udp, initiator: 10.99.9.11, responder: 10.99.9.10, responder_port: 47000, verdict: peer-to-peer, count: 1}
  - {interface: tun0, transport: tcp, initiator: 10.99.10.11, responder: 10.99.10.10, responder_port: 80, verdict: client-server, count: 2}
  - {interface: lo, transport: tcp, initiator: 127.0.0.1, responder: 127.0.0.1, responder_port: 80, verdict: client-server, count: 1}
other: [arp]
EOF
    publish multi-interface.pcapng multi-interface "dumpcap libpcap python3 curl socat" multi \
        "in the hub's namespace; -B 4 before the -i options sets a 4 MiB buffer for every interface"
}

# ---- 10. bad files, derived from the captures above -------------------------
# ---- labs: captures for `rolecall check` (Samples/labs/) -------------------
# No truth files: the lab files in Samples/labs/ say what each capture must show, and the tests
# assert the grade.  Each capture is checked here for the one property its lab is about.

firewall_drop() {  # firewall_drop NS PORT: the host silently drops incoming TCP to PORT
    ip netns exec "$1" nft -f - <<NFT
table inet lab {
    chain input { type filter hook input priority 0; policy accept; tcp dport $2 drop; }
}
NFT
}

lab_fetch() {  # lab_fetch NS URL...: like fetch, but a page that fails is logged, not fatal
    local ns=$1 url
    shift
    for url in "$@"; do
        ip netns exec "$ns" timeout 30 curl -sS -g --noproxy '*' --connect-timeout 3 --max-time 10 \
            -o /dev/null -w "%{http_code} %{size_download} $url\n" "$url" || true
        sleep 0.2
    done
}

scen_labs_web() {
    mkdir -p "$OUT/labs"
    local variant u=http://10.99.11.80
    $PY "$LAB/mkfiles.py" "$WORK/www11" "$SEED" index.html:1500 about.html:2600 style.css:1800
    for variant in pass no-answer; do
        lab_switch 11
        lab_host www 10.99.11.80/24
        lab_host alice 10.99.11.21/24
        lab_host bob 10.99.11.22/24
        if [[ $variant == pass ]]; then
            spawn www $PFX-www timeout 300 $PY -m http.server 80 --bind 10.99.11.80 --directory "$WORK/www11"
            wait_until 15 "web server" listening $PFX-www tcp 80
        else
            # the student's server is firewalled: every SYN to tcp/80 is dropped, never answered
            firewall_drop $PFX-www 80
        fi
        cap_start "web-$variant" "$SW" "$WORK/web-$variant.pcap" -i br0
        lab_fetch $PFX-alice $u/index.html $u/about.html $u/style.css >"$WORK/log/alice-$variant.out"
        lab_fetch $PFX-bob $u/index.html $u/style.css >"$WORK/log/bob-$variant.out"
        cap_stop "web-$variant"
        local answered
        answered=$(tshark -n -r "$WORK/web-$variant.pcap" -Y 'tcp.flags.syn == 1 && tcp.flags.ack == 1' | wc -l)
        if [[ $variant == pass ]]; then ((answered == 5)) || die "web-pass: $answered SYN-ACKs, expected 5"
        else ((answered == 0)) || die "web-no-answer: $answered SYN-ACKs, expected none"; fi
        cp "$WORK/web-$variant.pcap" "$OUT/labs/web-$variant.pcap"
        chmod 644 "$OUT/labs/web-$variant.pcap"
        log "published labs/web-$variant.pcap"
        lab_down
    done
}

scen_labs_swarm() {
    mkdir -p "$OUT/labs"
    local variant i n names seeds
    for variant in pass leech; do
        lab_switch 12
        lab_host tracker 10.99.12.2/24
        names=() seeds=()
        for i in 1 2 3 4; do
            lab_host "peer$i" "10.99.12.2$i/24"
            names+=("peer$i")
        done
        # in the leech variant peer4 seeds nothing and drops every incoming peer connection
        [[ $variant == pass ]] && seeds=(peer1 peer2 peer3 peer4) || seeds=(peer1 peer2 peer3)
        bt_make "$WORK/bt12-$variant" 10.99.12.2 20000 "${seeds[@]}"
        tracker_start $PFX-tracker 10.99.12.2 "$WORK/bt12-$variant"
        [[ $variant == leech ]] && firewall_drop $PFX-peer4 6881
        cap_start "swarm-$variant" "$SW" "$WORK/swarm-$variant.pcap" -i br0
        for n in "${names[@]}"; do
            local own=() others=() o
            for o in "${seeds[@]}"; do [[ $o == "$n" ]] && own=(--own "$n") || others+=("$o"); done
            spawn "bt-$n" "$PFX-$n" timeout 300 $PY "$LAB/bt_peer.py" run --name "$n" \
                --ip "${n/peer/10.99.12.2}" --port 6881 --lab "$WORK/bt12-$variant" \
                --ctl "$WORK/bt12-$variant/ctl" "${own[@]}" --fetch "${others[@]}"
        done
        for n in "${names[@]}"; do wait_until 60 "peer $n to seed" bt_state "$WORK/bt12-$variant" "$n" ready; done
        bt_peers_run "$WORK/bt12-$variant" "${names[@]}"
        cap_stop "swarm-$variant"
        local accepted
        accepted=$(tshark -n -r "$WORK/swarm-$variant.pcap" \
            -Y 'ip.src == 10.99.12.24 && tcp.srcport == 6881 && tcp.flags.syn == 1 && tcp.flags.ack == 1' | wc -l)
        if [[ $variant == pass ]]; then ((accepted == 3)) || die "swarm-pass: peer4 accepted $accepted, expected 3"
        else ((accepted == 0)) || die "swarm-leech: peer4 accepted $accepted connections, expected none"; fi
        cp "$WORK/swarm-$variant.pcap" "$OUT/labs/swarm-$variant.pcap"
        chmod 644 "$OUT/labs/swarm-$variant.pcap"
        log "published labs/swarm-$variant.pcap"
        lab_down
    done
}

scen_bad() {
    [[ -e $OUT/web.pcap && -e $OUT/multi-interface.pcapng ]] ||
        die "scenario bad needs web.pcap and multi-interface.pcapng in $OUT"
    $PY "$LAB/mkbad.py" "$OUT" "$OUT/bad" || die "mkbad.py failed"
    log "bad files: $(cd "$OUT/bad" && ls | tr '\n' ' ')"
}

# ---------------------------------------------------------------- main
PKGS=(tcpdump tshark wireshark-common swaks python3-aiosmtpd dnsmasq-base python3-libtorrent
      opentracker ethtool iproute2 curl dnsutils socat python3-yaml procps coreutils nftables)

install_packages() {
    if [[ ${RECORD_NO_APT:-0} == 1 ]]; then
        log "RECORD_NO_APT=1: not running apt-get"
    else
        log "apt-get update && apt-get install ${PKGS[*]}"
        export DEBIAN_FRONTEND=noninteractive
        timeout 300 apt-get update -q >"$WORK/log/apt.log" 2>&1 || die "apt-get update failed (see $WORK/log/apt.log)"
        timeout 600 apt-get install -y -q --no-install-recommends "${PKGS[@]}" >>"$WORK/log/apt.log" 2>&1 ||
            die "apt-get install failed (see $WORK/log/apt.log)"
    fi
    local c
    for c in tcpdump tshark dumpcap capinfos editcap swaks dnsmasq dig opentracker socat ethtool curl ss nft; do
        command -v "$c" >/dev/null || die "missing program: $c"
    done
    $PY -c 'import libtorrent, aiosmtpd, yaml' || die "Debian python modules missing"
}

collect_versions() {
    local pyv
    pyv=$($PY -c 'import platform; print(platform.python_version())')
    cat >"$WORK/versions.yaml" <<EOF
tcpdump: '$(ver tcpdump)'
libpcap: '$(ver libpcap0.8)'
dumpcap: '$(ver wireshark-common)'
tshark: '$(ver tshark)'
python3: '$pyv (Debian $(ver python3.11))'
curl: '$(ver curl)'
swaks: '$(ver swaks)'
aiosmtpd: '$(ver python3-aiosmtpd)'
dnsmasq: '$(ver dnsmasq-base)'
dig: '$(ver bind9-dnsutils)'
opentracker: '$(ver opentracker)'
libtorrent: '$(ver python3-libtorrent) (libtorrent-rasterbar $($PY -c 'import libtorrent; print(libtorrent.__version__)'))'
socat: '$(ver socat)'
iproute2: '$(ver iproute2)'
ethtool: '$(ver ethtool)'
kernel: '$(uname -r)'
EOF
}

main() {
    local scen=("$@") s
    ((${#scen[@]})) || scen=("${ALL_SCENARIOS[@]}")
    for s in "${scen[@]}"; do
        declare -F "scen_$s" >/dev/null || die "unknown scenario '$s' (known: ${ALL_SCENARIOS[*]})"
    done
    mkdir -p "$WORK/log" "$WORK/truth" "$OUT" "$OUT/bad"
    install_packages
    collect_versions
    # the lab never uses a proxy, whatever this machine's environment says
    unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY ftp_proxy no_proxy NO_PROXY
    for s in "${scen[@]}"; do
        log "=== scenario $s"
        "scen_$s"
        lab_down
    done
    $PY "$LAB/report.py" "$OUT" || die "README generation failed"
    local total
    total=$(du -sb --exclude=lab --exclude=record.sh "$OUT" | cut -f1)
    log "all done in $((SECONDS - SCRIPT_START))s; captures, truth and README in $OUT ($total bytes)"
    ((total < 10 * 1024 * 1024)) || die "Samples folder is over 10 MB"
}

main "$@"
