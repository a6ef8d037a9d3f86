#!/bin/sh
# One command for a person: install what is needed, build, start the lab with Cockpit, print the URL.
# Stop it with: test/lab/lab.sh stop (as root)
set -eu
cd "$(dirname "$0")/.."
sh tools/setup.sh
PATH=$(sh tools/node-env.sh path)
export PATH
npm run build --silent
test/lab/lab.sh stop >/dev/null 2>&1 || true
test/lab/lab.sh start
