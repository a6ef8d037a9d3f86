#!/bin/sh
# One command for every test: install what is needed, then type check, lint, unit and component tests,
# build, and the integration tests in the lab (which starts and stops by itself).
set -eu
cd "$(dirname "$0")/.."
sh tools/setup.sh
npm test
