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
