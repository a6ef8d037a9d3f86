#!/bin/bash
# Runs as PID 1 of the lab's namespaces (started by lab.sh). Everything NetworkManager or D-Bus writes
# goes to tmpfs mounts made here, so the machine's own files are never touched.
set -euo pipefail
state=$1
here=$(cd "$(dirname "$0")" && pwd)

for dir in /run /var/lib/NetworkManager /etc/NetworkManager/system-connections \
           /etc/NetworkManager/dispatcher.d /etc/sysctl.d; do
    mkdir -p "$dir"
    mount -t tmpfs tmpfs "$dir"
done
# Read-only sysfs: without udev NetworkManager would wait for it forever before managing a device.
mount -t sysfs -o ro sysfs /sys
mkdir -p /run/dbus /run/NetworkManager

ip link set lo up
bash "$here/topology.sh"

dbus-daemon --system --fork --nopidfile
bash "$here/nm.sh" start "$state"

bash "$here/profiles.sh"
touch "$state/ready"
echo "lab ready"
# PID 1 of the namespace: when it dies, everything inside goes with it.
while :; do sleep 3600; done
