#!/bin/bash
# Runs as PID 1 of the "shell host" (started by remote.sh): the host whose Cockpit session a user logs in
# to and adds the MPTCP lab host from, over SSH. Own PID, network, mount and UTS namespaces; its home
# (/root, with the user's SSH key and known_hosts), /etc/ssh and Cockpit's machines.d are tmpfs mounts made
# here, so nothing the shell writes when a host is added lands on the machine, and none of the machine's
# SSH configuration or keys is used.
set -euo pipefail
state=$1   # the remote state directory
hosts=$2   # the /etc/hosts this host sees (the lab host's name)
here=$(cd "$(dirname "$0")" && pwd)
. "$here/facts.env"

# /etc/ssh too: cockpit-ssh (libssh) would read the machine's ssh_config and ssh_known_hosts.
for dir in /root /run /etc/cockpit/machines.d /etc/ssh; do
    mkdir -p "$dir"
    mount -t tmpfs -o mode=0700 tmpfs "$dir"
done
chmod 0755 /run /etc/cockpit/machines.d /etc/ssh
mount --bind "$hosts" /etc/hosts
# A host without our package, even where the machine has it installed system-wide: an empty directory
# over it (the bridge skips a directory without a manifest).
for dir in /usr/share/cockpit/mptcp /usr/local/share/cockpit/mptcp; do
    if [ -d "$dir" ]; then mount -t tmpfs -o ro,mode=0755 tmpfs "$dir"; fi
done
hostname "$REMOTE_SHELL_NAME"
ip link set lo up

# The user's SSH key, as `ssh-keygen` makes one: the lab host's sshd authorizes its public half.
mkdir -m 0700 /root/.ssh
ssh-keygen -q -t ed25519 -N "" -C "root@$REMOTE_SHELL_NAME" -f /root/.ssh/id_ed25519
cp /root/.ssh/id_ed25519.pub "$state/client-key.pub"

touch "$state/shell-ready"
echo "shell host ready"
while :; do sleep 3600; done
