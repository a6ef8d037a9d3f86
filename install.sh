#!/bin/sh
# Installs the built plugin (dist/) for Cockpit:
#   install.sh user     a link in ~/.local/share/cockpit/mptcp (development; Cockpit does not cache it)
#   install.sh system   a copy in $DESTDIR/usr/share/cockpit/mptcp (packaging honours DESTDIR), and the
#                       AppStream metainfo in $DESTDIR/usr/share/metainfo (Cockpit's Applications page, software centres)
# A release build (npm run build) holds scripts and styles only as FILE.gz, as Cockpit's own packages do:
# the bridge then sends them compressed. A development build (npm run watch) keeps plain files, which the
# bridge prefers: fine for the link, refused for a system install.
# DIST=DIR installs another build directory than dist/ (the tests install the build they test).
set -eu
cd "$(dirname "$0")"
dist=$(cd "${DIST:-dist}" 2>/dev/null && pwd) || { echo "install: no ${DIST:-dist}: run 'npm run build' first" >&2; exit 1; }
[ -f "$dist/manifest.json" ] || { echo "install: run 'npm run build' first" >&2; exit 1; }
case "${1:-}" in
    user)
        mkdir -p "$HOME/.local/share/cockpit"
        ln -sfn "$dist" "$HOME/.local/share/cockpit/mptcp"
        echo "installed: $HOME/.local/share/cockpit/mptcp -> $dist" ;;
    system)
        if ls "$dist"/*.js "$dist"/*.css >/dev/null 2>&1; then
            echo "install: $dist holds uncompressed files (a development build): run 'npm run build' first" >&2
            exit 1
        fi
        dest="${DESTDIR:-}/usr/share/cockpit/mptcp"
        rm -rf "$dest"
        mkdir -p "$dest"
        cp -r "$dist/." "$dest/"
        mkdir -p "${DESTDIR:-}/usr/share/metainfo"
        cp packaging/org.cockpit_project.mptcp.metainfo.xml "${DESTDIR:-}/usr/share/metainfo/"
        echo "installed: $dest and ${DESTDIR:-}/usr/share/metainfo/org.cockpit_project.mptcp.metainfo.xml" ;;
    *) echo "usage: $0 user|system" >&2; exit 2 ;;
esac
