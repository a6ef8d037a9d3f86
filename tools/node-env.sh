#!/bin/sh
# Which Node.js the build uses: the one on PATH when it is 20.19 or newer, else the one tools/setup.sh
# installed from the npm registry into $NODE_HOME (Debian 12's own nodejs is 18).
#   node-env.sh path     print the PATH to use (the scripts and the Makefile take it)
#   node-env.sh ok NODE  exit 0 when NODE is new enough
NODE_VERSION=22.23.3
NODE_HOME=${MPTCP_NODE_HOME:-/opt/cockpit-mptcp/node-$NODE_VERSION}

node_ok() {
    "$1" -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' 2>/dev/null
}

case "${1:-}" in
    path)
        if node_ok node; then echo "$PATH"
        elif node_ok "$NODE_HOME/bin/node"; then echo "$NODE_HOME/bin:$PATH"
        else echo "$PATH"; fi ;;
    ok) node_ok "$2" ;;
    home) echo "$NODE_HOME" ;;
    version) echo "$NODE_VERSION" ;;
    *) echo "usage: $0 path|ok NODE|home|version" >&2; exit 2 ;;
esac
