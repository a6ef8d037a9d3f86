#!/bin/sh
# Installs the built plugin (dist/) for Cockpit:
#   install.sh user     a link in ~/.local/share/cockpit/mptcp (development; Cockpit does not cache it)
#   install.sh system   a copy in $DESTDIR/usr/share/cockpit/mptcp (packaging honours DESTDIR)
set -eu
cd "$(dirname "$0")"
[ -f dist/manifest.json ] || { echo "install: run 'npm run build' first" >&2; exit 1; }
case "${1:-}" in
    user)
        mkdir -p "$HOME/.local/share/cockpit"
        ln -sfn "$(pwd)/dist" "$HOME/.local/share/cockpit/mptcp"
        echo "installed: $HOME/.local/share/cockpit/mptcp -> $(pwd)/dist" ;;
    system)
        dest="${DESTDIR:-}/usr/share/cockpit/mptcp"
        rm -rf "$dest"
        mkdir -p "$dest"
        cp -r dist/. "$dest/"
        echo "installed: $dest" ;;
    *) echo "usage: $0 user|system" >&2; exit 2 ;;
esac
