#!/bin/sh
# One command for every test (CI runs it; `make check` too): install what is needed; type check, lint, unit
# and component tests; the release build; the tarball, the RPM and the .deb; install the .deb on THIS
# machine (apt-get); then the integration tests in the lab, against the installed package rather than dist/.
set -eu
cd "$(dirname "$0")/.."
sh tools/setup.sh
PATH=$(sh tools/node-env.sh path)
export PATH
t0=$(date +%s)
step() { echo "== $1 (at $(( $(date +%s) - t0 )) s)"; }

step "type check and lint"; npm run check
step "unit and component tests"; npm run test:unit
step "release build"; npm run build
step "tarball, RPM and .deb"; make dist rpm deb
deb="./cockpit-mptcp_$(make -s version)-1_all.deb"
step "install $deb on this machine"
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --reinstall "$deb"
step "integration tests against the installed package"
MPTCP_LAB_DIST=installed MPTCP_TEST_PACKAGES=1 npm run test:integration
step "done"
