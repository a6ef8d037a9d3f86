#!/bin/bash
# The MPTCP lab: an isolated host (own PID, network and mount namespaces) running D-Bus and a real
# NetworkManager, veth links to a peer namespace, and a cockpit-ws on this machine's loopback whose bridge
# runs inside the lab with our dist/ as the package "mptcp". Nothing here touches the machine's own
# interfaces, profiles or sysctls: all of it lives in namespaces and tmpfs mounts that die with the lab.
#
# MPTCP_LAB_DIST=DIR serves the build in DIR (default: dist/); MPTCP_LAB_DIST=installed serves the
# installed package (/usr/share/cockpit/mptcp, from the .deb or RPM): then the lab links nothing, and the
# bridge finds the package as any Cockpit does.
#
#   lab.sh start        start the lab and Cockpit, print the URL
#   lab.sh stop         tear everything down
#   lab.sh status       say whether it runs
#   lab.sh exec CMD...  run CMD on the lab host
#   lab.sh peer CMD...  run CMD on the peer
#   lab.sh nm stop|start  stop or start the lab's NetworkManager (its profiles stay)
# remote.sh adds a second host whose Cockpit reaches this one over SSH; stop ends it too.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
state=${MPTCP_LAB_STATE:-/tmp/mptcp-lab}
port=${MPTCP_LAB_PORT:-9091}
dist=${MPTCP_LAB_DIST:-$repo/dist}

die() { echo "lab: $*" >&2; exit 1; }

lab_pid() { cat "$state/lab.pid" 2>/dev/null; }

running() {
    local pid
    pid=$(lab_pid) || return 1
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

. "$here/common.sh"

start() {
    [ "$(id -u)" = 0 ] || die "must run as root (it creates namespaces)"
    for c in unshare nsenter setsid dbus-daemon NetworkManager nmcli ip cockpit-bridge curl node; do
        command -v "$c" >/dev/null || die "missing $c (see README: requirements)"
    done
    [ -x /usr/lib/cockpit/cockpit-ws ] || die "missing cockpit-ws"
    if [ "$dist" = installed ]; then
        [ -f /usr/share/cockpit/mptcp/manifest.json ] ||
            die "no installed package in /usr/share/cockpit/mptcp: make deb && apt-get install ./cockpit-mptcp_*.deb"
    else
        [ -f "$dist/manifest.json" ] || die "no build in $dist: run 'npm run build' first"
    fi
    if running; then die "already running (lab.sh stop first)"; fi
    stop_quietly

    mkdir -p "$state/data/cockpit"
    # a directory earlier in XDG_DATA_DIRS wins: no link, and the bridge takes /usr/share/cockpit/mptcp
    if [ "$dist" = installed ]; then rm -f "$state/data/cockpit/mptcp"; else ln -sfn "$dist" "$state/data/cockpit/mptcp"; fi

    setsid unshare --pid --fork --net --mount --propagation private --mount-proc \
        bash "$here/inside.sh" "$state" >"$state/inside.log" 2>&1 < /dev/null &
    local unshare_pid=$!
    wait_for 5 "lab namespace" pgrep -P "$unshare_pid"
    pgrep -P "$unshare_pid" > "$state/lab.pid"
    wait_for 60 "NetworkManager in the lab (see $state/inside.log)" test -e "$state/ready"

    # cockpit-ws runs a bridge as its session: inside the lab, seeing our package as "mptcp". The admin
    # session is root; the limited one (next port) is "nobody", without administrative access.
    for who in admin limited; do
        local as=""
        [ "$who" = limited ] && as="setpriv --reuid=nobody --regid=nogroup --clear-groups --reset-env"
        cat > "$state/bridge-$who" <<BRIDGE
#!/bin/sh
exec nsenter -t $(lab_pid) -n -m -p -- $as env XDG_DATA_DIRS="$state/data:/usr/share" HOME=/tmp cockpit-bridge "\$@"
BRIDGE
        chmod +x "$state/bridge-$who"
    done
    start_ws admin "$port"
    start_ws limited "$((port + 1))"
    echo "lab: running. Open http://127.0.0.1:$port/mptcp (page alone: http://127.0.0.1:$port/cockpit/@localhost/mptcp/index.html)"
    echo "lab: without administrative access: http://127.0.0.1:$((port + 1))/mptcp"
}

start_ws() { # who port
    if curl -s -o /dev/null "http://127.0.0.1:$2/"; then die "port $2 is in use (MPTCP_LAB_PORT chooses another)"; fi
    serve_ws "$state/bridge-$1" "$2" "-$1"
}

stop_quietly() {
    local pid
    # a shell host reaching this lab over SSH (remote.sh) goes first: it has no use without the lab
    if [ -e "$state/remote/shell.pid" ]; then MPTCP_LAB_STATE=$state bash "$here/remote.sh" stop >/dev/null 2>&1 || true; fi
    for f in keepalive-admin keepalive-limited ws-admin ws-limited; do
        if pid=$(cat "$state/$f.pid" 2>/dev/null) && [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
    done
    # Killing the namespace's first process ends every process inside it; the namespaces and their
    # tmpfs mounts go with them.
    if pid=$(lab_pid) && [ -n "$pid" ]; then kill -9 "$pid" 2>/dev/null || true; fi
    rm -f "$state"/*.pid "$state/ready"
}

case "${1:-}" in
    start) start ;;
    stop) stop_quietly; echo "lab: stopped" ;;
    status) if running; then echo "lab: running (pid $(lab_pid)), http://127.0.0.1:$port/mptcp"; else echo "lab: not running"; exit 1; fi ;;
    exec) shift; running || die "not running"; in_lab "$@" ;;
    peer) shift; running || die "not running"; in_lab ip netns exec peer "$@" ;;
    nm) running || die "not running"; in_lab bash "$here/nm.sh" "${2:-}" "$state" ;;
    *) echo "usage: $0 start|stop|status|exec CMD...|peer CMD...|nm start|stop" >&2; exit 2 ;;
esac
