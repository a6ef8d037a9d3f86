#!/bin/bash
# The lab's links: veth pairs from the lab host (eth1..eth5, ext0, eth6) to a peer namespace (p1..p7).
set -euo pipefail
ip netns add peer
ip -n peer link set lo up
i=1
for dev in eth1 eth2 eth3 eth4 eth5 ext0 eth6; do
    ip link add "$dev" type veth peer name "p$i" netns peer
    ip -n peer link set "p$i" up
    i=$((i + 1))
done
ip -n peer addr add 198.51.100.1/24 dev p1
ip -n peer addr add 2001:db8:1::1/64 dev p1 nodad
ip -n peer addr add 203.0.113.1/24 dev p2
ip -n peer addr add 192.0.2.1/24 dev p3
ip -n peer addr add 198.18.4.1/24 dev p4
ip -n peer addr add 198.18.6.1/24 dev p6
ip -n peer addr add 198.18.7.1/24 dev p7
# ext0 is not managed by NetworkManager: its address is set by hand.
ip link set ext0 up
ip addr add 198.18.6.2/24 dev ext0
