#!/bin/bash
# Runs on the MPTCP lab host (remote.sh starts it with nsenter, in a mount namespace of its own copied from
# the lab's, so the lab's D-Bus, NetworkManager and tmpfs mounts are the same): an OpenSSH server for the
# shell host, as the lab host's sshd. Its configuration and host key live on a tmpfs over /etc/ssh, root's
# home on a tmpfs over /root; the machine's own /etc/ssh and /root are never read or written.
# Root's home holds what a real remote host would have: authorized_keys with the shell user's public key,
# and our package installed for that user (~/.local/share/cockpit/mptcp, as `npm run install:user` does).
set -euo pipefail
state=$1   # the remote state directory
dist=$2    # the build to install as the package "mptcp"

for dir in /etc/ssh /root /var/log; do
    mount -t tmpfs -o mode=0755 tmpfs "$dir"
done
chmod 0700 /root
mkdir -p /run/sshd   # privilege separation directory, on the lab's /run tmpfs

ssh-keygen -q -t ed25519 -N "" -C "" -f /etc/ssh/ssh_host_ed25519_key
cp /etc/ssh/ssh_host_ed25519_key.pub "$state/host-key.pub"
cat > /etc/ssh/sshd_config <<CONFIG
ListenAddress $3
Port 22
HostKey /etc/ssh/ssh_host_ed25519_key
PidFile none
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
AuthorizedKeysFile .ssh/authorized_keys
UsePAM no
PermitUserRC no
PrintMotd no
PrintLastLog no
X11Forwarding no
AllowTcpForwarding no
Subsystem sftp internal-sftp
CONFIG

mkdir -m 0700 -p /root/.ssh /root/.local/share/cockpit
install -m 0600 "$state/client-key.pub" /root/.ssh/authorized_keys
# "installed": no link, the bridge takes /usr/share/cockpit/mptcp
[ "$dist" = installed ] || ln -s "$dist" /root/.local/share/cockpit/mptcp

echo $$ > "$state/sshd.pid"   # this process becomes sshd; its PID in the lab's PID namespace
exec /usr/sbin/sshd -D -e -f /etc/ssh/sshd_config
