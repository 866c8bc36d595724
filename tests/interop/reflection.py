"""Topology helpers for the route-reflection interop test (test_reflection.py).

Two rrd-reflector-driver processes (rr/engine behind rr/session) are the route reflectors; BIRD 2,
FRR bgpd and GoBGP are their clients, non-client and eBGP peer. Every speaker has its own
127.40.m.x address (m: the test's block) and its own temp subdirectory. The reflectors dial
every daemon (the daemons are passive), so that no session waits for a daemon's first connect
timer; between the reflectors RR1 dials and RR2 waits.

Each speaker's routes are read back in one form, `Path`: next hop, ORIGINATOR_ID, CLUSTER_LIST,
AS_PATH and LOCAL_PREF, from `birdc show route all`, `vtysh show bgp ... json`, `gobgp neighbor
X adj-in -j` or the reflector's `rib` / `adj-rib-out`.

Only the Python 3 standard library is used.
"""

import collections
import json
import os

from daemons import (HOLD_TIME, LOCAL_AS, Bird, Driver, Frr, GoBgp, built_binary, driver_peer, free_port, is_v6,
                     wait_until)

EBGP_AS = 65002

# One received (or advertised) route, as the tests compare it. as_path: ASNs separated by
# spaces ("" when empty); cluster_list: a tuple, () when absent; originator_id/local_pref: None
# when absent.
Path = collections.namedtuple("Path", "next_hop originator_id cluster_list as_path local_pref")


def reflector_binary(source_root):
    """$RRD_REFLECTOR_DRIVER, else the newest build*/tests/interop/rrd-reflector-driver."""
    return built_binary(source_root, "RRD_REFLECTOR_DRIVER", "rrd-reflector-driver")


def subdir(tmp, name):
    path = os.path.join(tmp, name)
    os.makedirs(path, exist_ok=True)
    os.chmod(path, 0o755)  # FRR's bgpd runs as the frr user
    return path


# ---------------------------------------------------------------------------------------------
# The speakers of the topology
# ---------------------------------------------------------------------------------------------


class Node:
    """One BGP speaker of the topology: its name ("A1"), kind ("bird", "frr", "gobgp", "rr"),
    address, router ID and AS. Speaker number x (not a reflector) announces 10.40.x.0/26 and
    2001:db8:40:x::/122 with next hops 198.18.40.x and 2001:db8:ffff::40:x (never 127/8: FRR
    resets the session on such a "martian" next hop)."""

    def __init__(self, name, kind, ip, router_id, x, asn=LOCAL_AS):
        self.name, self.kind, self.ip, self.router_id, self.x, self.asn = name, kind, ip, router_id, x, asn
        self.port = free_port(ip)
        self.prefix4 = "10.40.%d.0/26" % x
        self.prefix6 = "2001:db8:40:%d::/122" % x
        self.nh4 = "198.18.40.%d" % x
        self.nh6 = "2001:db8:ffff::40:%d" % x
        self.daemon = None  # the started daemon or Reflector

    @property
    def prefixes(self):
        return (self.prefix4, self.prefix6)

    def routes(self):
        """What the speaker announces, in daemons.py's (prefix, next hop, communities) form."""
        return [(self.prefix4, self.nh4, []), (self.prefix6, self.nh6, [])]

    def next_hop(self, prefix):
        return self.nh6 if is_v6(prefix) else self.nh4


# ---------------------------------------------------------------------------------------------
# The daemons, each with one neighbour: its reflector
# ---------------------------------------------------------------------------------------------


def _bird_paths(text):
    """{prefix: Path} from `birdc show route all protocol X` (one BGP path per prefix)."""
    out, cur, attrs = {}, None, {}

    def flush():
        if cur is not None:
            out[cur] = Path(attrs.get("BGP.next_hop"), attrs.get("BGP.originator_id"),
                            tuple(attrs.get("BGP.cluster_list", "").split()), attrs.get("BGP.as_path", ""),
                            int(attrs["BGP.local_pref"]) if "BGP.local_pref" in attrs else None)

    for line in text.splitlines():
        if not line.strip() or line.startswith("BIRD") or line.startswith("Table"):
            continue
        if not line[0].isspace():
            flush()
            cur, attrs = line.split()[0], {}
        elif cur is not None and ":" in line:
            key, _, value = line.strip().partition(":")
            if key.startswith("BGP."):
                # BGP.next_hop may list a link-local address after the global one.
                attrs[key] = value.split()[0] if key == "BGP.next_hop" and value.split() else value.strip()
    flush()
    return out


class _OfTopology:
    """Mixin before a daemons.py Daemon class: the daemon of `node`, passive, in its own
    subdirectory of `tmp`, with reflector node `rr` as its neighbour and the node's routes; its
    label is the daemon's followed by the node's name ("BIRD A1")."""

    def __init__(self, tmp, node, rr):
        super().__init__(subdir(tmp, node.name.lower()), node.x, node.ip, node.port, rr.ip, rr.port, node.router_id,
                         passive=True)
        self.label = "%s %s" % (self.label, node.name)
        self.routes = node.routes()


class ClientBird(_OfTopology, Bird):
    """BIRD 2 as an iBGP speaker of the reflector: a Calico node announcing its blocks.

    Received routes whose next hop does not resolve are kept and shown `unreachable` (iBGP
    `gateway recursive` without an IGP table), with all their BGP attributes."""

    def paths(self):
        return _bird_paths(self.birdc("show", "route", "all", "protocol", self.proto))


class NonClientFrr(_OfTopology, Frr):
    """FRR bgpd (no zebra) as an iBGP speaker that is not a client of the reflector."""

    def paths(self):
        out = {}
        for fam in ("ipv4", "ipv6"):
            table = self.vtysh_json("show bgp %s unicast json" % fam)
            for prefix, paths in table.get("routes", {}).items():
                if not any(p.get("peerId") == self.peer_ip for p in paths):
                    continue
                detail = self.vtysh_json("show bgp %s unicast %s json" % (fam, prefix))
                for p in detail.get("paths", []):
                    if p.get("peer", {}).get("peerId") != self.peer_ip:
                        continue
                    asns = [str(a) for seg in p.get("aspath", {}).get("segments", []) for a in seg.get("list", [])]
                    out[prefix] = Path((p.get("nexthops") or [{}])[0].get("ip"), p.get("originatorId"),
                                       tuple(p.get("clusterList", {}).get("list", [])), " ".join(asns),
                                       p.get("locPrf"))
        return out


class EbgpGoBgp(_OfTopology, GoBgp):
    """GoBGP in AS 65002, an eBGP peer of the reflector. Its routes are injected through its API
    (GoBgp.ready); it sends them with the next hop given there. Its config is GoBgp's, in its own
    AS and the reflector's."""

    def __init__(self, tmp, node, rr):
        super().__init__(tmp, node, rr)
        self.asn, self.peer_as = node.asn, rr.asn

    def paths(self):
        out = {}
        for fam in ("ipv4", "ipv6"):
            txt = self.gobgp("neighbor", self.peer_ip, "adj-in", "-a", fam, "-j")
            for prefix, paths in (json.loads(txt) if txt.strip() else {}).items():
                for path in paths:
                    nh, orig, clusters, asns, lp = None, None, (), [], None
                    for a in path.get("attrs", []):
                        t = a.get("type")
                        if t == 2:
                            asns = [str(n) for seg in a.get("as_paths") or [] for n in seg.get("asns") or []]
                        elif t == 3:
                            nh = a.get("nexthop")
                        elif t == 14:
                            nh = a.get("nexthop")
                            nh = (nh or [None])[0] if isinstance(nh, list) else nh
                        elif t == 5:
                            lp = a.get("value")
                        elif t == 9:
                            orig = a.get("value")
                        elif t == 10:
                            clusters = tuple(a.get("value") or ())
                    out[prefix] = Path(nh, orig, clusters, " ".join(asns), lp)
        return out


DAEMON_CLASSES = {"bird": ClientBird, "frr": NonClientFrr, "gobgp": EbgpGoBgp}


# ---------------------------------------------------------------------------------------------
# The reflectors (tests/interop/driver/reflector_driver.cpp)
# ---------------------------------------------------------------------------------------------


def rr_path(p):
    """A Path from a reflector's `rib` path or `adj-rib-out` route."""
    return Path(p.get("next_hop"), p.get("originator_id"), tuple(p.get("cluster_list", ())), p.get("as_path", ""),
                p.get("local_pref"))


class Reflector(Driver):
    """One rrd-reflector-driver: the engine config, one peer per neighbour with its RoutePolicy."""

    def __init__(self, binary, tmp, node, cluster_id, threads=2):
        super().__init__(binary, subdir(tmp, node.name.lower()), {
            "engine": {"local_as": node.asn, "router_id": node.router_id, "cluster_id": cluster_id},
            "threads": threads, "listen": ["%s:%d" % (node.ip, node.port)], "peers": []}, name=node.name.lower())
        self.node = node
        self.label = "rrd %s" % node.name

    def add_peer(self, node, passive=False, **policy):
        p = driver_peer(node.ip, node.port, self.node.ip, name=node.name, remote_as=node.asn, passive=passive,
                        policy=policy)
        self.config["peers"].append(p)

    def rib(self):
        """{prefix: [(peer address, Path, entry)]}, best path first."""
        out = {}
        for e in self.command("rib")["rib"]:
            out[e["prefix"]] = [(p["peer"], rr_path(p), p) for p in e["paths"]]
        return out

    def adj_rib_out(self, address):
        """{prefix: Path} that the engine last advertised to the peer at `address`."""
        routes = self.command("adj-rib-out " + address)["routes"]
        out = {}
        for r in routes:
            assert r["prefix"] not in out, "%s: two paths of %s towards %s: %r" % (self.label, r["prefix"], address,
                                                                                 routes)
            out[r["prefix"]] = rr_path(r)
        return out

    def stats(self):
        return self.command("stats")

    def drain(self):
        return self.command("drain", timeout=60)

    def log(self):
        return self.proc.tail() if self.proc else ""


def started_daemon(tmp, node, rr):
    """Starts the daemon of `node` peering with reflector node `rr` (no wait)."""
    cls = DAEMON_CLASSES[node.kind]
    cls.check_available()
    node.daemon = cls(tmp, node, rr)
    node.daemon.hold_time = HOLD_TIME
    node.daemon.start()
    return node.daemon


def wait_no_problems(check, timeout, what, interval=0.3):
    """Polls check() (a list of problems) until it returns none; fails with the last problems."""
    last = []

    def ok():
        last[:] = check()
        return not last

    try:
        wait_until(ok, timeout, what, interval=interval)
    except AssertionError as e:
        raise AssertionError("%s\n  %s" % (e, "\n  ".join(str(p) for p in last[:40]))) from None


def logs_of(nodes):
    parts = []
    for node in nodes:
        d = node.daemon
        if d is None:
            continue
        parts.append("--- %s ---\n%s" % (d.label, d.log()))
    return "\n".join(parts)
