#!/bin/sh
# Installs what the plugin, the lab and the tests need on a Debian/Ubuntu machine: Debian's Cockpit,
# NetworkManager, Chromium and iproute2, then the npm packages. Safe to run again.
# NetworkManager, Cockpit and OpenSSH's sshd are installed but not started on the machine itself: the lab runs its own.
set -eu
cd "$(dirname "$0")/.."

[ "$(id -u)" = 0 ] || { echo "setup: run as root (it installs packages)" >&2; exit 1; }

packages="cockpit-ws cockpit-bridge cockpit-system cockpit-networkmanager network-manager wpasupplicant chromium iproute2 gettext curl python3-yaml ansible appstream openssh-server"
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "setup: installing$missing"
    # Keep the packages' services from starting on this machine (a NetworkManager of the machine's own
    # could take over its interfaces); policy-rc.d is Debian's switch for that during installs.
    own_policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
        chmod +x /usr/sbin/policy-rc.d
        own_policy=1
    fi
    trap '[ -z "$own_policy" ] || rm -f /usr/sbin/policy-rc.d' EXIT
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi

node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' ||
    { echo "setup: Node.js 20.19 or newer is needed (found $(node --version 2>/dev/null || echo none))" >&2; exit 1; }
[ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund
