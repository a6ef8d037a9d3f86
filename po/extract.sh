#!/bin/sh
# Extracts every translatable string into po/cockpit-mptcp.pot and merges it into each po/*.po:
# the code's (src/: xgettext), the manifest's (the shell's menu label, search keywords, docs labels) and the
# HTML page's (its <title translate>), the last two by po/extra-pot.ts.
#   po/extract.sh              update the template and the translations (obsolete entries are dropped)
#   po/extract.sh --pot FILE   only write a fresh template to FILE (the tests compare it with ours)
# Translatable literals are double-quoted so that xgettext's C parser reads them.
set -eu
cd "$(dirname "$0")/.."
pot=po/cockpit-mptcp.pot
[ "${1:-}" = "--pot" ] && pot=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
find src -name '*.ts' -o -name '*.tsx' | sort > "$tmp/files"
common="--no-location --sort-output --add-comments=Translators --package-name=cockpit-mptcp
    --msgid-bugs-address=https://github.com/cockpit-mptcp/issues --output=$pot"
# shellcheck disable=SC2086 # $common is a list of options
xgettext --language=C --from-code=UTF-8 $common \
    --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=gettext --keyword=ngettext:1,2 --files-from="$tmp/files"
node_modules/.bin/tsx po/extra-pot.ts > "$tmp/extra.pot"
# shellcheck disable=SC2086
xgettext --join-existing $common "$tmp/extra.pot"
[ "${1:-}" = "--pot" ] && exit 0
for po in po/*.po; do
    [ -e "$po" ] || continue
    msgmerge --quiet --update --backup=none --no-location --sort-output "$po" "$pot"
    msgattrib --no-obsolete --sort-output --output-file="$po" "$po"
done
echo "po: $(grep -c '^msgid ' "$pot") messages"
