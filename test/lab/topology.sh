#!/bin/bash
# The lab's links (facts.env): a veth pair per case, from the lab host's device to its end on a peer
# namespace, the peer's addresses on them.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/facts.env"
fact() { local name="$1_$2"; echo "${!name:-}"; } # fact ROLE KEY: empty where the case has none

ip netns add peer
ip -n peer link set lo up
for role in ${LINKS//,/ }; do
    dev=$(fact "$role" DEV) peer=$(fact "$role" PEER_DEV)
    ip link add "$dev" type veth peer name "$peer" netns peer
    ip -n peer link set "$peer" up
    if [ -n "$(fact "$role" PEER4)" ]; then ip -n peer addr add "$(fact "$role" PEER4)/$PREFIX4" dev "$peer"; fi
    if [ -n "$(fact "$role" PEER6)" ]; then ip -n peer addr add "$(fact "$role" PEER6)/$PREFIX6" dev "$peer" nodad; fi
done
# The unmanaged device's address is set by hand (NetworkManager leaves it alone).
ip link set "$UNMANAGED_DEV" up
ip addr add "$UNMANAGED_ADDR4/$PREFIX4" dev "$UNMANAGED_DEV"
