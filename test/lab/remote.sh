#!/bin/bash
# The MPTCP lab host as a remote host, reached through Cockpit's own SSH path. Needs a running lab
# (lab.sh start, with the same MPTCP_LAB_STATE). It adds:
#   - a "shell host" (mptcp-shell): own PID, network, mount and UTS namespaces, without our package. A
#     cockpit-ws on this machine's loopback (port MPTCP_REMOTE_PORT, default lab port + 30) runs its
#     session bridge there, as the user root of that host, with an SSH key in its (tmpfs) home;
#   - a link between the two hosts (mptcp-shell eth0 198.18.250.1 <-> lab host mgmt0 198.18.250.2: facts.env,
#     unmanaged by the lab's NetworkManager), and "mptcp-lab" in the shell host's /etc/hosts;
#   - an OpenSSH server on the lab host (198.18.250.2:22) that accepts that key for root, and our dist/
#     installed for root there (~/.local/share/cockpit/mptcp).
# In the shell (http://127.0.0.1:PORT/), "Add new host" with the address mptcp-lab: Cockpit shows the
# lab host's key fingerprint (remote.sh prints it to compare), then the page is at /@mptcp-lab/mptcp.
# The path is Cockpit's own: cockpit-ws -> the shell host's bridge -> cockpit-ssh -> sshd -> the lab
# host's cockpit-bridge. Nothing touches the machine's interfaces, /etc, /root or SSH files: everything
# lives in namespaces and tmpfs mounts, and goes with them.
#
#   remote.sh start        start the shell host, the link, sshd and the shell host's Cockpit
#   remote.sh stop         tear them down (the lab stays)
#   remote.sh status       say whether it runs
#   remote.sh shell CMD... run CMD on the shell host
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
lab_state=${MPTCP_LAB_STATE:-/tmp/mptcp-lab}
state=$lab_state/remote
port=${MPTCP_REMOTE_PORT:-$(( ${MPTCP_LAB_PORT:-9091} + 30 ))}
dist=${MPTCP_LAB_DIST:-$repo/dist}
. "$here/facts.env"
SHELL_ADDR=$REMOTE_SHELL_ADDR4
LAB_ADDR=$REMOTE_LAB_ADDR4

die() { echo "remote: $*" >&2; exit 1; }

lab_pid() { cat "$lab_state/lab.pid" 2>/dev/null; }
shell_pid() { cat "$state/shell.pid" 2>/dev/null; }
alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
. "$here/common.sh"
in_shell() { nsenter -t "$(shell_pid)" -n -m -u -p -- "$@"; }


start() {
    [ "$(id -u)" = 0 ] || die "must run as root (it creates namespaces)"
    for c in unshare nsenter setsid ip nmcli ssh-keygen cockpit-bridge curl node; do
        command -v "$c" >/dev/null || die "missing $c (see README: requirements)"
    done
    [ -x /usr/sbin/sshd ] || die "missing /usr/sbin/sshd (Debian: openssh-server; tools/setup.sh installs it)"
    [ -x /usr/lib/cockpit/cockpit-ssh ] || die "missing cockpit-ssh (Debian: cockpit-bridge)"
    # MPTCP_LAB_DIST=installed: the lab host's bridge finds the installed package, as lab.sh's does
    if [ "$dist" = installed ]; then [ -f /usr/share/cockpit/mptcp/manifest.json ] || die "no installed package in /usr/share/cockpit/mptcp"
    else [ -f "$dist/manifest.json" ] || die "no build in $dist: run 'npm run build' first"; fi
    alive "$(lab_pid)" || die "the lab is not running (lab.sh start first, with the same MPTCP_LAB_STATE)"
    if alive "$(shell_pid)"; then die "already running (remote.sh stop first)"; fi
    stop_quietly
    if curl -s -o /dev/null "http://127.0.0.1:$port/"; then die "port $port is in use (MPTCP_REMOTE_PORT chooses another)"; fi
    mkdir -p "$state"
    rm -f "$state"/*

    # The shell host, with its own name for the lab host.
    printf '127.0.0.1\tlocalhost\n::1\tlocalhost\n%s\t%s\n%s\t%s\n' \
        "$SHELL_ADDR" "$REMOTE_SHELL_NAME" "$LAB_ADDR" "$REMOTE_LAB_NAME" > "$state/hosts"
    setsid unshare --pid --fork --net --mount --uts --propagation private --mount-proc \
        bash "$here/remote-shell.sh" "$state" "$state/hosts" >"$state/shell.log" 2>&1 < /dev/null &
    local unshare_pid=$!
    wait_for 5 "the shell host's namespace" pgrep -P "$unshare_pid"
    pgrep -P "$unshare_pid" > "$state/shell.pid"
    wait_for 20 "the shell host (see $state/shell.log)" test -e "$state/shell-ready"

    # The link: made in the shell host's network namespace, its peer end created in the lab's.
    nsenter -t "$(shell_pid)" -n -- \
        ip link add "$REMOTE_SHELL_DEV" type veth peer name "$REMOTE_LAB_DEV" netns "$(lab_pid)"
    nsenter -t "$(shell_pid)" -n -- ip addr add "$SHELL_ADDR/$REMOTE_PREFIX4" dev "$REMOTE_SHELL_DEV"
    nsenter -t "$(shell_pid)" -n -- ip link set "$REMOTE_SHELL_DEV" up
    in_lab ip addr add "$LAB_ADDR/$REMOTE_PREFIX4" dev "$REMOTE_LAB_DEV"
    in_lab ip link set "$REMOTE_LAB_DEV" up
    # a management link, not one for the lab's profiles: NetworkManager leaves it alone (at run time only)
    wait_for 10 "NetworkManager to see $REMOTE_LAB_DEV" in_lab nmcli device set "$REMOTE_LAB_DEV" managed no

    # sshd on the lab host, in a mount namespace of its own (its tmpfs /etc/ssh and /root). Its PID is
    # a number in that lab's PID namespace: remember which lab.
    lab_pid > "$state/sshd.lab"
    setsid nsenter -t "$(lab_pid)" -n -m -p -- unshare --mount --propagation private \
        bash "$here/remote-sshd.sh" "$state" "$dist" "$LAB_ADDR" >"$state/sshd.log" 2>&1 < /dev/null &
    wait_for 10 "sshd on the lab host (see $state/sshd.log)" \
        nsenter -t "$(shell_pid)" -n -- bash -c "exec 3<>/dev/tcp/$LAB_ADDR/22"

    # The shell host's Cockpit: cockpit-ws here, its session bridge on the shell host as its root, with a
    # clean environment (no SSH agent or XDG directories of the caller's).
    cat > "$state/bridge" <<BRIDGE
#!/bin/sh
exec nsenter -t $(shell_pid) -n -m -u -p -- env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root USER=root LOGNAME=root SHELL=/bin/bash LANG=C.UTF-8 cockpit-bridge "\$@"
BRIDGE
    chmod +x "$state/bridge"
    serve_ws "$state/bridge" "$port" ""

    echo "remote: running. Open http://127.0.0.1:$port/ (the shell host, $REMOTE_SHELL_NAME), choose \"Add new host\""
    echo "remote: in the host switcher, enter $REMOTE_LAB_NAME, accept the key if its fingerprint is"
    echo "remote:   $(ssh-keygen -l -E sha256 -f "$state/host-key.pub" | cut -d' ' -f2)"
    echo "remote: then the page is at http://127.0.0.1:$port/@$REMOTE_LAB_NAME/mptcp"
}

stop_quietly() {
    local pid
    for f in keepalive ws; do
        if pid=$(cat "$state/$f.pid" 2>/dev/null) && alive "$pid"; then kill "$pid" 2>/dev/null || true; fi
    done
    if alive "$(lab_pid)"; then
        # sshd's PID is the lab's PID namespace's number
        if pid=$(cat "$state/sshd.pid" 2>/dev/null) && [ -n "$pid" ] && [ "$(cat "$state/sshd.lab" 2>/dev/null)" = "$(lab_pid)" ]; then
            in_lab kill "$pid" 2>/dev/null || true
        fi
        in_lab ip link del "$REMOTE_LAB_DEV" 2>/dev/null || true
    fi
    # Killing the shell host's first process ends everything in it; its namespaces and mounts go too.
    if pid=$(shell_pid) && alive "$pid"; then kill -9 "$pid" 2>/dev/null || true; fi
    rm -f "$state"/*.pid "$state/sshd.lab" "$state/shell-ready"
}

case "${1:-}" in
    start) start ;;
    stop) stop_quietly; echo "remote: stopped" ;;
    status) if alive "$(shell_pid)"; then echo "remote: running, http://127.0.0.1:$port/@$REMOTE_LAB_NAME/mptcp"; else echo "remote: not running"; exit 1; fi ;;
    shell) shift; alive "$(shell_pid)" || die "not running"; in_shell "$@" ;;
    *) echo "usage: $0 start|stop|status|shell CMD..." >&2; exit 2 ;;
esac
