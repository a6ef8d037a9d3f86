#!/usr/bin/env python3
"""Real traffic for the lab's tests: a server on the peer and a client on the lab host that hold their
connection open for a while, so that a page can watch it.

  mptcp-traffic.py server ADDRESS PORT [--plain] [--seconds N]   serve connections for N seconds (default 30);
                                                                 --plain: a TCP socket, not MPTCP
  mptcp-traffic.py client ADDRESS PORT [--seconds N]             one MPTCP connection, a little data every
                                                                 0.2 s, for N seconds (default 8)
"""
import argparse
import socket
import threading
import time

IPPROTO_MPTCP = 262


def family_of(address):
    return socket.AF_INET6 if ":" in address else socket.AF_INET


def serve(conn, deadline):
    conn.settimeout(1)
    while time.monotonic() < deadline:
        try:
            if not conn.recv(65536):
                break
        except socket.timeout:
            continue
        except OSError:
            break
    conn.close()


def server(address, port, plain, seconds):
    proto = 0 if plain else IPPROTO_MPTCP
    s = socket.socket(family_of(address), socket.SOCK_STREAM, proto)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((address, port))
    s.listen(16)
    s.settimeout(0.5)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            conn, _ = s.accept()
        except socket.timeout:
            continue
        threading.Thread(target=serve, args=(conn, deadline), daemon=True).start()
    s.close()


def client(address, port, seconds):
    c = socket.socket(family_of(address), socket.SOCK_STREAM, IPPROTO_MPTCP)
    c.settimeout(5)
    c.connect((address, port))
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            c.sendall(b"x" * 1024)
        except OSError:
            break
        time.sleep(0.2)
    c.close()


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("role", choices=["server", "client"])
    p.add_argument("address")
    p.add_argument("port", type=int)
    p.add_argument("--plain", action="store_true")
    p.add_argument("--seconds", type=float)
    a = p.parse_args()
    if a.role == "server":
        server(a.address, a.port, a.plain, a.seconds or 30)
    else:
        client(a.address, a.port, a.seconds or 8)
