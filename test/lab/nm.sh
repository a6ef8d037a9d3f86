#!/bin/bash
# Starts or stops the lab's NetworkManager; runs inside the lab (inside.sh, or lab.sh nm start|stop).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
case "$1" in
    start)
        . "$here/facts.env"
        sed "s/@UNMANAGED_DEV@/$UNMANAGED_DEV/g" "$here/NetworkManager.conf" > "$2/NetworkManager.conf"
        setsid NetworkManager --no-daemon --config="$2/NetworkManager.conf" >>"$2/nm.log" 2>&1 < /dev/null &
        for _ in $(seq 300); do nmcli general status >/dev/null 2>&1 && exit 0; sleep 0.1; done
        echo "NetworkManager did not start" >&2; exit 1 ;;
    stop)
        pkill -x NetworkManager || true
        for _ in $(seq 100); do pgrep -x NetworkManager >/dev/null || exit 0; sleep 0.1; done
        echo "NetworkManager did not stop" >&2; exit 1 ;;
esac
