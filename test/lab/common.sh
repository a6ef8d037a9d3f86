# Shell functions the lab's scripts share (lab.sh, remote.sh); sourced after each defines die() and lab_pid().

# Runs a command on the lab host: its network, mount and PID namespaces.
in_lab() { nsenter -t "$(lab_pid)" -n -m -p -- "$@"; }

wait_for() { # seconds, description, command...
    local tries=$(( $1 * 10 )) what=$2; shift 2
    until "$@" >/dev/null 2>&1; do
        tries=$((tries - 1))
        [ "$tries" -gt 0 ] || die "timed out waiting for $what"
        sleep 0.1
    done
}

# A cockpit-ws on 127.0.0.1:PORT whose one session is BRIDGE (a script that starts cockpit-bridge), held open;
# its pid and log are $state/wsSUFFIX.pid and .log, the keepalive's $state/keepaliveSUFFIX.pid and .log.
serve_ws() { # bridge port suffix
    setsid /usr/lib/cockpit/cockpit-ws --no-tls --local-session="$1" \
        --address 127.0.0.1 --port "$2" >"$state/ws$3.log" 2>&1 < /dev/null &
    echo $! > "$state/ws$3.pid"
    wait_for 10 "cockpit-ws on port $2" curl -sf "http://127.0.0.1:$2/"
    # --local-session ends its one session ~10 s after the last browser tab closes: hold it open
    setsid node "$here/keepalive.mjs" "$2" >"$state/keepalive$3.log" 2>&1 < /dev/null &
    echo $! > "$state/keepalive$3.pid"
}
