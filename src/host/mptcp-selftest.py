#!/usr/bin/env python3
"""Test MPTCP to a server: open one MPTCP connection from this host to HOST PORT, send a little, and report
whether MPTCP was negotiated or the connection fell back to TCP, and which subflows were established.

  python3 mptcp-selftest.py [--] HOST PORT [TIMEOUT_S]
  python3 -I -c "$(cat mptcp-selftest.py)" -- HOST PORT [TIMEOUT_S]

HOST is an IP address or a DNS name, PORT 1-65535, TIMEOUT_S (default 5, at most 30) bounds resolving plus
connecting; the whole run ends within TIMEOUT_S + 5 s. Prints exactly one JSON object (schema "v": 1) on
stdout and exits 0 for every outcome it can report; bad usage exits 2 with a message on stderr.

Python 3.6+, standard library only. Nothing here needs privileges.
"""
import errno
import json
import os
import re
import socket
import struct
import sys
import threading
import time

SCHEMA = 1
IPPROTO_MPTCP = 262
SOL_MPTCP = 284
MPTCP_INFO = 1
MPTCP_TCPINFO = 2
MPTCP_SUBFLOW_ADDRS = 3
MPTCP_INFO_FLAG_FALLBACK = 1
# options an MPTCP socket does not handle itself (it refuses them) but a TCP one does
PASSTHROUGH_OPTION = {
    socket.AF_INET: (socket.IPPROTO_IP, socket.IP_TTL),
    socket.AF_INET6: (socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS),
}

DEFAULT_TIMEOUT_S = 5.0
MAX_TIMEOUT_S = 30.0
SEND_CHUNKS = 4           # 4 x 4 KiB = 16 KiB over about 1 s
SEND_CHUNK = b"mptcp-selftest\n" * 273 + b"x"
SEND_INTERVAL_S = 0.25
POLL_S = 2.0              # the path manager adds subflows after the handshake: watch them for up to this
POLL_INTERVAL_S = 0.1
STABLE_S = 0.5            # ... and stop once nothing changed for this long
WATCHDOG_SLACK_S = 4.5

# socket(..., IPPROTO_MPTCP) fails with these when the kernel has no MPTCP or net.mptcp.enabled is 0
NO_MPTCP_ERRNOS = (errno.EPROTONOSUPPORT, errno.ENOPROTOOPT, errno.EINVAL)
# getsockopt(SOL_MPTCP, ...) that the kernel does not know (older kernels) or refuses on a TCP fallback
# (6.18: EOPNOTSUPP on IPv4, ENOPROTOOPT on IPv6)
UNSUPPORTED_ERRNOS = (errno.EOPNOTSUPP, errno.ENOPROTOOPT)

# struct mptcp_info (include/uapi/linux/mptcp.h): name, offset, struct format. The struct has grown over
# kernel versions; a field is decoded only when the length the kernel returned covers it. write_seq,
# snd_una and rcv_nxt (offsets 16-39) are 64-bit sequence numbers and of no use here: left out.
INFO_FIELDS = (
    ("subflows", 0, "B"),
    ("add_addr_signal", 1, "B"),
    ("add_addr_accepted", 2, "B"),
    ("subflows_max", 3, "B"),
    ("add_addr_signal_max", 4, "B"),
    ("add_addr_accepted_max", 5, "B"),
    ("flags", 8, "I"),
    ("token", 12, "I"),
    ("local_addr_used", 40, "B"),
    ("local_addr_max", 41, "B"),
    ("csum_enabled", 42, "B"),
    ("retransmits", 44, "I"),
    ("bytes_retrans", 48, "Q"),
    ("bytes_sent", 56, "Q"),
    ("bytes_received", 64, "Q"),
    ("bytes_acked", 72, "Q"),
    ("subflows_total", 80, "B"),
    ("last_data_sent", 84, "I"),
    ("last_data_recv", 88, "I"),
    ("last_ack_recv", 92, "I"),
)
INFO_SIZE = 96

# struct mptcp_subflow_data {u32 size_subflow_data, num_subflows, size_kernel, size_user} (aligned 8), then
# num_subflows elements of size_user bytes; struct mptcp_subflow_addrs is two sockaddr_storage unions.
SUBFLOW_DATA = "=IIII"
SUBFLOW_DATA_SIZE = 16
SOCKADDR_STORAGE = 128
SUBFLOW_ADDRS_SIZE = 2 * SOCKADDR_STORAGE
TCPINFO_USER_SIZE = 8     # only tcpi_state (the first byte) is read
MAX_SUBFLOWS = 16

TCP_STATES = {
    1: "established", 2: "syn-sent", 3: "syn-recv", 4: "fin-wait1", 5: "fin-wait2", 6: "time-wait",
    7: "close", 8: "close-wait", 9: "last-ack", 10: "listen", 11: "closing", 12: "new-syn-recv",
}

HOST_RE = re.compile(r"^[A-Za-z0-9:][A-Za-z0-9.:-]{0,252}$")

_print_lock = threading.Lock()
_printed = []


def emit(result):
    """Prints the one JSON object (once, whoever comes first: the run or the watchdog)."""
    with _print_lock:
        if _printed:
            return
        _printed.append(True)
        sys.stdout.write(json.dumps(result, sort_keys=True) + "\n")
        sys.stdout.flush()


def usage(message):
    sys.stderr.write("mptcp-selftest: %s\nusage: mptcp-selftest.py [--] HOST PORT [TIMEOUT_S]\n" % message)
    sys.exit(2)


def parse_args(argv):
    # `python3 -c SCRIPT -- HOST PORT` keeps the "--" in sys.argv[1]
    if argv and argv[0] == "--":
        argv = argv[1:]
    if len(argv) not in (2, 3):
        usage("expected HOST PORT [TIMEOUT_S]")
    host, port_text = argv[0], argv[1]
    if not HOST_RE.match(host):
        usage("HOST must be an IP address or a DNS name")
    if not re.match(r"^[0-9]{1,5}$", port_text) or not 1 <= int(port_text) <= 65535:
        usage("PORT must be an integer from 1 to 65535")
    timeout = DEFAULT_TIMEOUT_S
    if len(argv) == 3:
        if not re.match(r"^[0-9]{1,3}(\.[0-9]{1,3})?$", argv[2]) or not 0 < float(argv[2]) <= MAX_TIMEOUT_S:
            usage("TIMEOUT_S must be a number of seconds, more than 0 and at most %d" % MAX_TIMEOUT_S)
        timeout = float(argv[2])
    return host, int(port_text), timeout


def read_counters():
    """The MPTcpExt counters of this network namespace, or None when there are none."""
    try:
        with open("/proc/net/netstat") as f:
            lines = [line.split() for line in f if line.startswith("MPTcpExt:")]
    except (IOError, OSError):
        return None
    if len(lines) < 2 or len(lines[0]) != len(lines[1]):
        return None
    try:
        return dict(zip(lines[0][1:], (int(v) for v in lines[1][1:])))
    except ValueError:
        return None


def counter_deltas(before, after):
    if before is None or after is None:
        return None
    return {name: after[name] - before.get(name, 0) for name in after if after[name] != before.get(name, 0)}


def sockaddr(family, sa):
    """A socket address as {"address", "port"} (from getsockname/getpeername)."""
    return {"address": sa[0], "port": sa[1]} if family in (socket.AF_INET, socket.AF_INET6) else None


def decode_sockaddr(raw):
    """struct sockaddr_in / sockaddr_in6 from a sockaddr_storage: {"address", "port"}, or None."""
    family, = struct.unpack_from("=H", raw, 0)
    port, = struct.unpack_from("!H", raw, 2)
    if family == socket.AF_INET:
        return {"address": socket.inet_ntop(socket.AF_INET, raw[4:8]), "port": port}
    if family == socket.AF_INET6:
        return {"address": socket.inet_ntop(socket.AF_INET6, raw[8:24]), "port": port}
    return None


def errno_of(e):
    return e.errno if isinstance(e, OSError) and isinstance(e.errno, int) else None


def error_text(e):
    if isinstance(e, socket.timeout):
        return "timed out"
    if isinstance(e, OSError) and e.strerror:
        return e.strerror
    return str(e) or e.__class__.__name__


class Libc(object):
    """getsockopt() through ctypes: the MPTCP subflow options read a header that the caller fills in, which
    Python's socket.getsockopt cannot pass. None of this is needed for the outcome itself."""

    def __init__(self):
        import ctypes
        self.ctypes = ctypes
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.libc.getsockopt.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_void_p,
                                         ctypes.POINTER(ctypes.c_uint32)]
        self.libc.getsockopt.restype = ctypes.c_int

    def subflow_data(self, fd, optname, size_user):
        """(num_subflows, [element bytes]) of an MPTCP_TCPINFO / MPTCP_SUBFLOW_ADDRS getsockopt."""
        ctypes = self.ctypes
        size = SUBFLOW_DATA_SIZE + size_user * MAX_SUBFLOWS
        buf = ctypes.create_string_buffer(size)
        struct.pack_into(SUBFLOW_DATA, buf, 0, SUBFLOW_DATA_SIZE, 0, 0, size_user)
        optlen = ctypes.c_uint32(size)
        if self.libc.getsockopt(fd, SOL_MPTCP, optname, buf, ctypes.byref(optlen)) != 0:
            code = ctypes.get_errno()
            raise OSError(code, os.strerror(code))
        raw = buf.raw[:min(optlen.value, size)]
        if len(raw) < SUBFLOW_DATA_SIZE:
            raise OSError(errno.EINVAL, "short answer")
        header_size, num, _size_kernel, elem_size = struct.unpack_from(SUBFLOW_DATA, raw, 0)
        if elem_size == 0 or header_size < SUBFLOW_DATA_SIZE:
            return num, []
        count = min(num, max(0, (len(raw) - header_size) // elem_size))
        return num, [raw[header_size + i * elem_size:header_size + (i + 1) * elem_size] for i in range(count)]


def mptcp_info(sock):
    """MPTCP_INFO as a dict of the fields the kernel returned; raises OSError (EOPNOTSUPP or ENOPROTOOPT on a fallback)."""
    raw = sock.getsockopt(SOL_MPTCP, MPTCP_INFO, INFO_SIZE)
    info = {}
    for name, offset, fmt in INFO_FIELDS:
        end = offset + struct.calcsize("=" + fmt)
        info[name] = struct.unpack_from("=" + fmt, raw, offset)[0] if len(raw) >= end else None
    if info["token"] is not None:
        info["token"] = "%08x" % info["token"]
    info["length"] = len(raw)
    return info


def subflows_of(sock, libc, local, remote):
    """The subflows' addresses (with their TCP states when they can be matched), or None when unknown."""
    if libc is None:
        return None
    try:
        num, elems = libc.subflow_data(sock.fileno(), MPTCP_SUBFLOW_ADDRS, SUBFLOW_ADDRS_SIZE)
    except OSError:
        return None
    if len(elems) != num:
        return None
    subflows = []
    for raw in elems:
        if len(raw) < SUBFLOW_ADDRS_SIZE:
            return None
        loc, rem = decode_sockaddr(raw[:SOCKADDR_STORAGE]), decode_sockaddr(raw[SOCKADDR_STORAGE:])
        if loc is None or rem is None:
            return None
        subflows.append({"local": loc, "remote": rem, "initial": loc == local and rem == remote, "state": None})
    # MPTCP_TCPINFO lists the same subflows in the same order; trust the pairing only if it held still
    try:
        num_states, states = libc.subflow_data(sock.fileno(), MPTCP_TCPINFO, TCPINFO_USER_SIZE)
        _num_again, again = libc.subflow_data(sock.fileno(), MPTCP_SUBFLOW_ADDRS, SUBFLOW_ADDRS_SIZE)
    except OSError:
        return subflows
    if num_states == len(states) == len(subflows) and again == elems:
        for subflow, raw in zip(subflows, states):
            subflow["state"] = TCP_STATES.get(bytearray(raw)[0]) if raw else None
    return subflows


def resolve(host, port, timeout):
    """getaddrinfo in a thread, so that a slow resolver cannot outlast the timeout."""
    box = {}

    def run():
        try:
            box["addresses"] = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        except Exception as e:  # socket.gaierror, UnicodeError
            box["error"] = e

    thread = threading.Thread(target=run)
    thread.daemon = True
    thread.start()
    thread.join(max(timeout, 0.01))
    if thread.is_alive():
        raise socket.timeout("timed out")
    if "error" in box:
        raise box["error"]
    return box["addresses"]


def run(host, port, timeout, result):
    start = time.monotonic()
    deadline = start + timeout
    before = read_counters()
    sock = None
    try:
        try:
            addresses = resolve(host, port, timeout)
        except socket.timeout:
            result.update(outcome="resolve-failed", error="resolving %s timed out" % host)
            return
        except Exception as e:
            result.update(outcome="resolve-failed", error=error_text(e))
            return
        if not addresses:
            result.update(outcome="resolve-failed", error="no addresses")
            return

        info_supported = False
        last = None
        for family, _type, _proto, _name, sa in addresses:
            remote = sockaddr(family, sa)
            if remote is None:
                continue
            result["remote"] = remote
            attempt = {"remote": remote, "error": None, "errno": None}
            result["attempts"].append(attempt)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                attempt.update(error="timed out")
                last = socket.timeout("timed out")
                break
            try:
                sock = socket.socket(family, socket.SOCK_STREAM, IPPROTO_MPTCP)
            except OSError as e:
                attempt.update(error=error_text(e), errno=errno_of(e))
                if e.errno in NO_MPTCP_ERRNOS:
                    result.update(outcome="no-mptcp-socket", error=error_text(e), errno=e.errno)
                    return
                last = e
                continue
            # Kernels with getsockopt(SOL_MPTCP) (5.16+) answer MPTCP_INFO on a socket that has not fallen back
            # yet; older ones refuse it on every socket, so a refusal after connect means nothing there.
            try:
                mptcp_info(sock)
                info_supported = True
            except OSError:
                info_supported = False
            sock.settimeout(remaining)
            try:
                sock.connect(sa)
                last = None
                break
            except (socket.timeout, OSError) as e:
                attempt.update(error=error_text(e), errno=errno_of(e))
                last = e
                sock.close()
                sock = None
        if sock is None:
            if last is None:
                result.update(outcome="connect-failed", error="no usable address")
            else:
                result.update(outcome="timeout" if isinstance(last, socket.timeout) else "connect-failed",
                              error=error_text(last), errno=errno_of(last))
            return

        local = sockaddr(sock.family, sock.getsockname())
        remote = sockaddr(sock.family, sock.getpeername())
        result.update(local=local, remote=remote)

        def detect():
            """(outcome, detection, info) as the kernel reports it now."""
            if info_supported:
                try:
                    info = mptcp_info(sock)
                except OSError as e:
                    if e.errno in UNSUPPORTED_ERRNOS:
                        return "fallback", "mptcp-info-refused", None
                    raise
                fallback = bool((info["flags"] or 0) & MPTCP_INFO_FLAG_FALLBACK)
                return ("fallback" if fallback else "mptcp"), "mptcp-info", info
            # Kernels before 5.16 have no SOL_MPTCP. There, an MPTCP socket hands every socket option to its
            # TCP subflow once it has fallen back, and refuses those it does not handle itself before: the hop
            # limit is one of those (5.13 added TCP_INFO and others, so those would answer either way).
            level, option = PASSTHROUGH_OPTION[sock.family]
            try:
                sock.getsockopt(level, option)
                return "fallback", "passthrough", None
            except OSError as e:
                if e.errno in UNSUPPORTED_ERRNOS:
                    return "mptcp", "passthrough", None
                raise

        outcome, detection, info = detect()
        result.update(outcome=outcome, detection=detection, info=info)

        # send a little: the path manager opens subflows once the connection is fully established
        sock.settimeout(0.2)
        sent = 0
        for i in range(SEND_CHUNKS):
            if i:
                time.sleep(SEND_INTERVAL_S)
            try:
                sent += sock.send(SEND_CHUNK)
            except socket.timeout:
                pass  # the server does not read: fine
            except OSError as e:
                result["send_error"] = error_text(e)  # the server closed: fine, report what there is
                break
        result["sent"] = sent

        try:
            libc = Libc()
        except Exception:
            libc = None

        # watch the subflows until they stop changing (or the limit is reached and all are up)
        poll_end = time.monotonic() + POLL_S
        seen, stable_since = None, time.monotonic()
        while True:
            try:
                outcome, detection, info = detect()
            except OSError:
                break
            subflows = subflows_of(sock, libc, local, remote) if outcome == "mptcp" else None
            result.update(outcome=outcome, detection=detection, info=info, subflows=subflows)
            now = time.monotonic()
            state = (outcome, info and info["subflows"],
                     subflows and [(s["local"]["address"], s["local"]["port"], s["state"]) for s in subflows])
            if state != seen:
                seen, stable_since = state, now
            # a join still in its handshake may yet succeed or fail: wait for it (up to poll_end)
            pending = any(s["state"] in ("syn-sent", "syn-recv") for s in subflows or [])
            full = info is not None and info["subflows_max"] is not None and info["subflows"] >= info["subflows_max"]
            ended = result["send_error"] is not None  # reset or closed: no more subflows will come
            if outcome != "mptcp" or ended or now >= poll_end or (not pending and (full or now - stable_since >= STABLE_S)):
                break
            time.sleep(POLL_INTERVAL_S)
    finally:
        # the counters first: closing adds its own (MPRstTx, MPFastcloseTx) that say nothing about the test
        result["counters"] = counter_deltas(before, read_counters())
        result["elapsed_ms"] = int((time.monotonic() - start) * 1000)
        if sock is not None:
            sock.close()


def main():
    host, port, timeout = parse_args(sys.argv[1:])
    result = {
        "v": SCHEMA, "outcome": "timeout", "error": None, "errno": None, "host": host, "port": port,
        "remote": None, "local": None, "attempts": [], "detection": None, "info": None, "subflows": None,
        "sent": 0, "send_error": None, "counters": None, "elapsed_ms": 0,
    }

    # never hang: whatever blocks (a resolver, the kernel), the answer comes within timeout + slack
    def watchdog():
        emit(dict(result, outcome="timeout", error="the test did not finish in time"))
        os._exit(0)

    timer = threading.Timer(timeout + WATCHDOG_SLACK_S, watchdog)
    timer.daemon = True
    timer.start()
    try:
        run(host, port, timeout, result)
    except Exception as e:  # anything unforeseen is still one answer, not a traceback
        result.update(outcome="connect-failed" if result["local"] is None else result["outcome"],
                      error=result["error"] or "%s: %s" % (e.__class__.__name__, e))
    emit(result)
    os._exit(0)


if __name__ == "__main__":
    main()
