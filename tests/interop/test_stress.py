"""Stress test of rrd's session layer: 500 sessions between two rrd-session-driver instances over
loopback, and refusal of connections from unconfigured addresses.

Topology (see README.md): the server driver has 500 passive peers 127.1.a.b and listens on
127.0.0.1:P plus 127.2.a.b:P; the client driver has 500 active peers, peer i dialling 127.2.a.b:P
from 127.1.a.b with its own router ID. The driver keys its peers by remote address (as rrd
does), so the 500 client sessions need 500 distinct server addresses; 127.0.0.1:P is the
address the refusal test dials.
"""

import socket
import struct
import time

import pytest

from daemons import HOLD_TIME, Driver, free_port, wait_until

SESSIONS = 500
STABLE_SECONDS = 30
THREADS = 2


def client_address(i):
    return "127.1.%d.%d" % (i // 250, i % 250 + 1)


def server_address(i):
    return "127.2.%d.%d" % (i // 250, i % 250 + 1)


def pick_port():
    """A port free on 127.0.0.1 and on every server address."""
    for _ in range(20):
        port = free_port("127.0.0.1")
        socks = []
        try:
            for i in range(SESSIONS):
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                socks.append(s)
                s.bind((server_address(i), port))
            return port
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError("no port free on all server addresses")


def summary(status):
    peers = status["peers"]
    states = {}
    for p in peers:
        states[p["state"]] = states.get(p["state"], 0) + 1
    return {"peers": len(peers), "states": states,
            "flaps": sum(p["flaps"] for p in peers),
            "hold_timer_expiries": sum(p["hold_timer_expiries"] for p in peers),
            "established_transitions": sum(p["established_transitions"] for p in peers),
            "errors": sorted({p["last_error"] for p in peers if p["last_error"]})[:5]}


def all_established(status):
    return len(status["peers"]) == SESSIONS and all(p["state"] == "Established" for p in status["peers"])


def test_500_sessions_stay_up(driver_binary, workdir):
    port = pick_port()
    server = Driver(driver_binary, workdir, {
        "router_id": "10.0.0.1", "local_as": 65001, "threads": THREADS,
        "listen": ["127.0.0.1:%d" % port] + ["%s:%d" % (server_address(i), port) for i in range(SESSIONS)],
        "peers": [{"address": client_address(i), "passive": True, "hold_time": HOLD_TIME}
                  for i in range(SESSIONS)],
        "routes": [{"prefix": "10.250.0.0/24", "next_hop": "198.18.250.1", "communities": ["65001:250"]},
                   {"prefix": "2001:db8:250::/48", "next_hop": "2001:db8:ffff::250"}],
    }, name="server").start()
    client = Driver(driver_binary, workdir, {
        "router_id": "10.0.0.2", "local_as": 65001, "threads": THREADS, "listen": [],
        "peers": [{"address": server_address(i), "port": port, "local_address": client_address(i),
                   "router_id": "10.1.%d.%d" % (i // 250, i % 250 + 1), "hold_time": HOLD_TIME,
                   "connect_retry_time": 2} for i in range(SESSIONS)],
        "routes": [{"prefix": "10.251.0.0/24", "next_hop": "198.18.251.1"}],
    }, name="client").start()
    started = time.monotonic()

    wait_until(lambda: all_established(server.status()) and all_established(client.status()), 90,
               "all %d sessions Established on both sides" % SESSIONS, interval=1.0)
    up_after = time.monotonic() - started
    print("%d sessions Established after %.1f s" % (SESSIONS, up_after))

    # Routes went both ways on every session.
    wait_until(lambda: all(p["prefixes_received"] == 1 for p in server.status()["peers"]), 30,
               "server: 1 prefix from every client", interval=1.0)
    wait_until(lambda: all(p["prefixes_received"] == 2 for p in client.status()["peers"]), 30,
               "client: 2 prefixes from the server on every session", interval=1.0)

    # Stable for 30 s: every sample all Established, and no flap or hold-timer expiry at all.
    stable_from = time.monotonic()
    while True:
        for name, drv in (("server", server), ("client", client)):
            st = drv.status()
            s = summary(st)
            assert all_established(st), "%s: %s" % (name, s)
            assert s["flaps"] == 0 and s["hold_timer_expiries"] == 0, "%s: %s" % (name, s)
            assert s["established_transitions"] == SESSIONS, "%s: %s" % (name, s)
        if time.monotonic() - stable_from >= STABLE_SECONDS:
            break
        time.sleep(3)
    # Keepalives flowed the whole time (hold time 9 s, so at least 3 per session per 9 s).
    for drv in (server, client):
        st = drv.status()
        assert st["refused"] == 0
        assert all(p["hold_time"] == HOLD_TIME for p in st["peers"])
    server.stop()
    client.stop()


def _read_some(sock, timeout):
    """Reads until EOF, reset, or `timeout`; returns (bytes, how it ended)."""
    sock.settimeout(timeout)
    data = b""
    try:
        while True:
            chunk = sock.recv(4096)
            if not chunk:
                return data, "eof"
            data += chunk
            if len(data) >= 19:
                return data, "data"
    except ConnectionResetError:
        return data, "reset"
    except socket.timeout:
        return data, "timeout"


def _connect(src, dst, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((src, 0))
    s.settimeout(5)
    s.connect((dst, port))
    return s


def test_unconfigured_address_refused(driver_binary, workdir):
    port = free_port("127.0.0.1")
    server = Driver(driver_binary, workdir, {
        "router_id": "10.0.0.1", "local_as": 65001, "threads": THREADS, "listen": ["127.0.0.1:%d" % port],
        "peers": [{"address": "127.1.255.1", "passive": True, "hold_time": HOLD_TIME}],
    }, name="server").start()
    assert server.status()["refused"] == 0

    # A connection from an address that is no peer is closed at once, before any OPEN.
    started = time.monotonic()
    s = _connect("127.3.0.1", "127.0.0.1", port)
    data, how = _read_some(s, 5)
    elapsed = time.monotonic() - started
    s.close()
    assert data == b"", "unconfigured address got %r" % data
    assert how in ("eof", "reset"), how
    assert elapsed < 2, elapsed
    wait_until(lambda: server.status()["refused"] == 1, 5, "refused counter == 1")
    p = server.peer("127.1.255.1")
    assert p["state"] in ("Active", "Idle") and p["established_transitions"] == 0

    # The configured address on the same listener is answered with an OPEN (marker, type 1).
    s = _connect("127.1.255.1", "127.0.0.1", port)
    data, how = _read_some(s, 5)
    s.close()
    assert len(data) >= 19 and data[:16] == b"\xff" * 16 and data[18] == 1, (data, how)
    assert struct.unpack("!H", data[16:18])[0] >= 29
    assert server.status()["refused"] == 1
    server.stop()


if __name__ == "__main__":
    pytest.main([__file__, "-v"])
