#!/bin/bash
# The lab's NetworkManager profiles (facts.env), one per case the page must explain.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/facts.env"
add() { nmcli connection add type ethernet con-name "$1" ifname "$2" autoconnect yes "${@:3}" >/dev/null; }
flags() { if [ -n "$1" ]; then echo "$1"; else echo 0; fi; } # empty: 0, NetworkManager's default

# Several IPv4/IPv6 addresses, a ULA and a link-local, default routes in both families, signal+subflow.
add "$MULTI_PROFILE" "$MULTI_DEV" ipv4.method manual ipv4.addresses "$MULTI_ADDR4/$PREFIX4" \
    ipv4.gateway "$MULTI_PEER4" ipv4.route-metric "$MULTI_METRIC" \
    ipv6.method manual ipv6.addresses "$MULTI_ADDR6/$PREFIX6,$MULTI_ULA6/$PREFIX6" \
    ipv6.gateway "$MULTI_PEER6" ipv6.route-metric "$MULTI_METRIC" connection.mptcp-flags "$(flags "$MULTI_FLAGS")"
# No default route on this device: NetworkManager configures no endpoint.
add "$NOROUTE_PROFILE" "$NOROUTE_DEV" ipv4.method manual ipv4.addresses "$NOROUTE_ADDR4/$PREFIX4" \
    ipv6.method link-local connection.mptcp-flags "$(flags "$NOROUTE_FLAGS")"
# MPTCP disabled on the profile.
add "$DISABLED_PROFILE" "$DISABLED_DEV" ipv4.method manual ipv4.addresses "$DISABLED_ADDR4/$PREFIX4" \
    ipv4.gateway "$DISABLED_PEER4" ipv4.route-metric "$DISABLED_METRIC" ipv6.method disabled \
    connection.mptcp-flags "$(flags "$DISABLED_FLAGS")"
# Flags 0: NetworkManager's default (enabled, subflow).
add "$DEFAULT_PROFILE" "$DEFAULT_DEV" ipv4.method manual ipv4.addresses "$DEFAULT_ADDR4/$PREFIX4" \
    ipv4.gateway "$DEFAULT_PEER4" ipv4.route-metric "$DEFAULT_METRIC" ipv6.method disabled \
    connection.mptcp-flags "$(flags "$DEFAULT_FLAGS")"
# An 802.1X profile with a password (a secret GetSettings never returns). No authenticator answers on the
# peer: "optional" lets it activate after a short authentication timeout.
add "$DOT1X_PROFILE" "$DOT1X_DEV" ipv4.method manual ipv4.addresses "$DOT1X_ADDR4/$PREFIX4" \
    ipv4.gateway "$DOT1X_PEER4" ipv4.route-metric "$DOT1X_METRIC" ipv6.method disabled \
    connection.mptcp-flags "$(flags "$DOT1X_FLAGS")" \
    802-1x.eap md5 802-1x.identity "$DOT1X_IDENTITY" 802-1x.password "$DOT1X_PASSWORD" 802-1x.optional yes \
    802-1x.auth-timeout 2
# The bare device has no profile; the unmanaged one is left alone.
for c in "$MULTI_PROFILE" "$NOROUTE_PROFILE" "$DISABLED_PROFILE" "$DEFAULT_PROFILE" "$DOT1X_PROFILE"; do
    nmcli --wait 20 connection up "$c" >/dev/null
done
