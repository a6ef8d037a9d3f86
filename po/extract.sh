#!/bin/sh
# Extracts every translatable string of src/ into po/cockpit-mptcp.pot and merges it into each po/*.po.
#   po/extract.sh              update the template and the translations
#   po/extract.sh --pot FILE   only write a fresh template to FILE (the tests compare it with ours)
# Translatable literals are double-quoted so that xgettext's C parser reads them.
set -eu
cd "$(dirname "$0")/.."
pot=po/cockpit-mptcp.pot
[ "${1:-}" = "--pot" ] && pot=$2
files=$(mktemp)
find src -name '*.ts' -o -name '*.tsx' | sort > "$files"
xgettext --language=C --from-code=UTF-8 --no-location --sort-output --add-comments=Translators \
    --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=gettext --keyword=ngettext:1,2 \
    --package-name=cockpit-mptcp --msgid-bugs-address=https://github.com/cockpit-mptcp/issues \
    --files-from="$files" --output="$pot"
rm -f "$files"
[ "${1:-}" = "--pot" ] && exit 0
for po in po/*.po; do
    [ -e "$po" ] || continue
    msgmerge --quiet --update --backup=none --no-location --sort-output "$po" "$pot"
done
echo "po: $(grep -c '^msgid ' "$pot") messages"
