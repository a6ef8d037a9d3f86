#!/usr/bin/env python3
"""Proof that MPTCP works between the lab host and its peer: a server on the peer, a client on the lab
host, both with IPPROTO_MPTCP sockets. Prints one JSON line: whether the MPTCP socket could be opened and
how many additional subflows were really established (MP_JOIN SYN/ACKs the client received, from the
kernel's MPTcpExt counters; MPTCP_INFO counts subflows the path manager created, answered or not).

  mptcp-proof.py server ADDRESS PORT     (on the peer; serves one connection, then exits)
  mptcp-proof.py client ADDRESS PORT     (on the lab host)
"""
import json
import socket
import sys
import time

IPPROTO_MPTCP = 262


def joins_established():
    """MPTcpExtMPJoinSynAckRx of this network namespace."""
    with open("/proc/net/netstat") as f:
        lines = [line.split() for line in f if line.startswith("MPTcpExt:")]
    names, values = lines[0], lines[1]
    return int(values[names.index("MPJoinSynAckRx")])


def server(address, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, IPPROTO_MPTCP)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((address, port))
    s.listen(1)
    s.settimeout(20)
    conn, _ = s.accept()
    conn.settimeout(20)
    while conn.recv(4096):
        pass


def client(address, port):
    try:
        c = socket.socket(socket.AF_INET, socket.SOCK_STREAM, IPPROTO_MPTCP)
    except OSError as e:
        print(json.dumps({"mptcp": False, "subflows": 0, "error": str(e)}))
        return
    before = joins_established()
    c.settimeout(10)
    c.connect((address, port))
    # the path manager opens subflows right after the handshake; keep data flowing for a moment
    for _ in range(20):
        c.sendall(b"x" * 1024)
        time.sleep(0.05)
    c.close()
    print(json.dumps({"mptcp": True, "subflows": joins_established() - before}))


if __name__ == "__main__":
    role, address, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    (server if role == "server" else client)(address, port)
