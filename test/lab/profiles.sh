#!/bin/bash
# The lab's NetworkManager profiles, one per case the page must explain.
set -euo pipefail
add() { nmcli connection add type ethernet con-name "$1" ifname "$2" autoconnect yes "${@:3}" >/dev/null; }

# Several IPv4/IPv6 addresses, a ULA and a link-local, default routes in both families, signal+subflow.
add lab-multi eth1 ipv4.method manual ipv4.addresses 198.51.100.2/24 ipv4.gateway 198.51.100.1 \
    ipv4.route-metric 100 ipv6.method manual ipv6.addresses "2001:db8:1::2/64,fd00:1::2/64" \
    ipv6.gateway 2001:db8:1::1 ipv6.route-metric 100 connection.mptcp-flags signal,subflow
# No default route on this device: NetworkManager configures no endpoint.
add lab-noroute eth2 ipv4.method manual ipv4.addresses 203.0.113.2/24 ipv6.method link-local \
    connection.mptcp-flags subflow
# MPTCP disabled on the profile.
add lab-disabled eth3 ipv4.method manual ipv4.addresses 192.0.2.2/24 ipv4.gateway 192.0.2.1 \
    ipv4.route-metric 200 ipv6.method disabled connection.mptcp-flags disabled
# Flags 0: NetworkManager's default (enabled, subflow).
add lab-default eth4 ipv4.method manual ipv4.addresses 198.18.4.2/24 ipv4.gateway 198.18.4.1 \
    ipv4.route-metric 300 ipv6.method disabled
# An 802.1X profile with a password (a secret GetSettings never returns). No authenticator answers on the
# peer: "optional" lets it activate after a short authentication timeout.
add lab-8021x eth6 ipv4.method manual ipv4.addresses 198.18.7.2/24 ipv4.gateway 198.18.7.1 \
    ipv4.route-metric 400 ipv6.method disabled connection.mptcp-flags subflow \
    802-1x.eap md5 802-1x.identity labuser 802-1x.password lab-secret-8021x 802-1x.optional yes 802-1x.auth-timeout 2
# eth5 has no profile; ext0 is unmanaged.
for c in lab-multi lab-noroute lab-disabled lab-default lab-8021x; do
    nmcli --wait 20 connection up "$c" >/dev/null
done
