"""Interop test of rrd's route reflection (rr/engine behind rr/session, RFC 4456 with Calico's
roles, DESIGN.md §3) between two rrd reflectors and BIRD 2, FRR and GoBGP, through the test-only
rrd-reflector-driver.

Topology (see README.md), all iBGP in AS 65001 except GoBGP; 127.40.m.x with m = 1 for the
"same" run and 2 for the "different" run:

                       GoBGP G (AS 65002, eBGP)
                          |
   BIRD A1 --client--+    |    +--non-client-- FRR F
                     RR1 (rrd) ===full mesh=== RR2 (rrd) --client-- BIRD B1
   BIRD A2 --client--+

 * same:      both reflectors have cluster ID 10.0.0.100 and are non-clients of each other;
 * different: cluster IDs 10.0.0.101 (RR1) and 10.0.0.102 (RR2), and each is a client of the
              other (Calico's rule: reflectors with different cluster IDs are clients).

Each speaker X (A1=11, A2=12, B1=21, F=31, G=41) announces 10.40.X.0/26 and 2001:db8:40:X::/122
with next hops 198.18.40.X and 2001:db8:ffff::40:X. RR1 sets itself as next hop towards GoBGP
(next_hop_mode auto on an eBGP session) with the addresses of its policy, 198.18.40.1 and
2001:db8:ffff::40:1: its session address 127.40.m.1 would not do, because GoBGP treats an
UPDATE with a loopback next hop as a withdrawal. The reflectors originate nothing.
"""

import os
import sys

import pytest

from daemons import Skip, stop_all, wait_until
from reflection import EBGP_AS, Node, Path, Reflector, logs_of, reflector_binary, started_daemon, wait_no_problems

SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

CLUSTER_IDS = {
    "same": {"RR1": "10.0.0.100", "RR2": "10.0.0.100"},
    "different": {"RR1": "10.0.0.101", "RR2": "10.0.0.102"},
}
MODE_BLOCK = {"same": 1, "different": 2}
RR1_NEXT_HOP4 = "198.18.40.1"  # RR1's next hops towards GoBGP (policy next_hop_v4 / next_hop_v6)
RR1_NEXT_HOP6 = "2001:db8:ffff::40:1"

# ---------------------------------------------------------------------------------------------
# What RFC 4456 says every session carries
# ---------------------------------------------------------------------------------------------
#
# ADVERTISED[mode][(sender, receiver)] = {route of: (ORIGINATOR_ID, CLUSTER_LIST, NEXT_HOP, AS_PATH)}
#
# "route of" names the speaker whose two prefixes (IPv4 /26, IPv6 /122) these are. ORIGINATOR_ID
# names the speaker whose router ID it is (None: absent). CLUSTER_LIST names the reflectors
# whose cluster IDs it holds, first = most recent (with the same cluster ID both mean
# 10.0.0.100). NEXT_HOP names the speaker whose next hop it is ("RR1": RR1 itself, next hop
# self towards eBGP). The rules that produce these rows:
#
#  * From a client: to clients, non-clients and eBGP. From a non-client: to clients and eBGP
#    only. From eBGP: to everyone. Never back to the peer the route came from.
#  * Reflecting (iBGP to iBGP): ORIGINATOR_ID = the BGP identifier of the peer the route came
#    from unless already set; the reflector's cluster ID prepended to CLUSTER_LIST; NEXT_HOP
#    unchanged. An eBGP route to iBGP is not reflection: no ORIGINATOR_ID, no CLUSTER_LIST.
#  * To eBGP: our AS prepended, ORIGINATOR_ID and CLUSTER_LIST removed, next hop self.
#  * The receiving reflector drops a route whose CLUSTER_LIST holds its own cluster ID or whose
#    ORIGINATOR_ID is its router ID (REJECTED below).
#
# Same cluster ID: A1/A2's routes reach RR2 with CLUSTER_LIST [10.0.0.100] and are dropped there,
# and B1's reach RR1 the same way, so B1 and the RR1 side never see each other's routes (with one
# cluster, clients are expected to peer with every reflector of it). F's are not sent to RR2
# at all (non-client to non-client). GoBGP's reach RR2 as a plain iBGP route (no CLUSTER_LIST),
# and RR2 reflects it to B1 with ORIGINATOR_ID = RR1's router ID.
ADVERTISED = {
    "same": {
        ("RR1", "A1"): {"A2": ("A2", ["RR1"], "A2", ""), "F": ("F", ["RR1"], "F", ""),
                        "G": (None, [], "G", "65002")},
        ("RR1", "A2"): {"A1": ("A1", ["RR1"], "A1", ""), "F": ("F", ["RR1"], "F", ""),
                        "G": (None, [], "G", "65002")},
        ("RR1", "F"): {"A1": ("A1", ["RR1"], "A1", ""), "A2": ("A2", ["RR1"], "A2", ""),
                       "G": (None, [], "G", "65002")},
        ("RR1", "G"): {"A1": (None, [], "RR1", "65001"), "A2": (None, [], "RR1", "65001"),
                       "F": (None, [], "RR1", "65001")},
        ("RR1", "RR2"): {"A1": ("A1", ["RR1"], "A1", ""), "A2": ("A2", ["RR1"], "A2", ""),
                         "G": (None, [], "G", "65002")},
        ("RR2", "B1"): {"G": ("RR1", ["RR2"], "G", "65002")},
        ("RR2", "RR1"): {"B1": ("B1", ["RR2"], "B1", "")},
    },
    "different": {
        ("RR1", "A1"): {"A2": ("A2", ["RR1"], "A2", ""), "F": ("F", ["RR1"], "F", ""),
                        "G": (None, [], "G", "65002"), "B1": ("B1", ["RR1", "RR2"], "B1", "")},
        ("RR1", "A2"): {"A1": ("A1", ["RR1"], "A1", ""), "F": ("F", ["RR1"], "F", ""),
                        "G": (None, [], "G", "65002"), "B1": ("B1", ["RR1", "RR2"], "B1", "")},
        ("RR1", "F"): {"A1": ("A1", ["RR1"], "A1", ""), "A2": ("A2", ["RR1"], "A2", ""),
                       "G": (None, [], "G", "65002"), "B1": ("B1", ["RR1", "RR2"], "B1", "")},
        ("RR1", "G"): {"A1": (None, [], "RR1", "65001"), "A2": (None, [], "RR1", "65001"),
                       "F": (None, [], "RR1", "65001"), "B1": (None, [], "RR1", "65001")},
        ("RR1", "RR2"): {"A1": ("A1", ["RR1"], "A1", ""), "A2": ("A2", ["RR1"], "A2", ""),
                         "F": ("F", ["RR1"], "F", ""), "G": (None, [], "G", "65002")},
        ("RR2", "B1"): {"A1": ("A1", ["RR2", "RR1"], "A1", ""), "A2": ("A2", ["RR2", "RR1"], "A2", ""),
                        "F": ("F", ["RR2", "RR1"], "F", ""), "G": ("RR1", ["RR2"], "G", "65002")},
        ("RR2", "RR1"): {"B1": ("B1", ["RR2"], "B1", "")},
    },
}

# Routes a reflector receives from the other one and must drop (CLUSTER_LIST loop).
REJECTED = {
    "same": {"RR1": ["B1"], "RR2": ["A1", "A2"]},
    "different": {"RR1": [], "RR2": []},
}

# Who peers with whom, and the reflector's policy for the session.
SPEAKERS = [  # name, kind, x, AS, reflector, rr_client
    ("A1", "bird", 11, 65001, "RR1", True),
    ("A2", "bird", 12, 65001, "RR1", True),
    ("B1", "bird", 21, 65001, "RR2", True),
    ("F", "frr", 31, 65001, "RR1", False),
    ("G", "gobgp", 41, EBGP_AS, "RR1", False),
]


# ---------------------------------------------------------------------------------------------
# The topology
# ---------------------------------------------------------------------------------------------


class Topology:
    def __init__(self, binary, tmp, mode):
        self.mode = mode
        m = MODE_BLOCK[mode]
        self.nodes = {"RR1": Node("RR1", "rr", "127.40.%d.1" % m, "10.40.0.1", 1),
                      "RR2": Node("RR2", "rr", "127.40.%d.2" % m, "10.40.0.2", 2)}
        for name, kind, x, asn, _rr, _client in SPEAKERS:
            self.nodes[name] = Node(name, kind, "127.40.%d.%d" % (m, x), "10.40.1.%d" % x, x, asn=asn)
        self.reflector_of = {name: rr for name, _k, _x, _a, rr, _c in SPEAKERS}
        self.clusters = CLUSTER_IDS[mode]
        self.rr = {}
        for name in ("RR1", "RR2"):
            self.rr[name] = Reflector(binary, tmp, self.nodes[name], self.clusters[name])
            self.nodes[name].daemon = self.rr[name]
        mutual_client = mode == "different"
        self.rr["RR1"].add_peer(self.nodes["RR2"], rr_client=mutual_client)
        self.rr["RR2"].add_peer(self.nodes["RR1"], passive=True, rr_client=mutual_client)
        for name, _kind, _x, asn, rr, client in SPEAKERS:
            policy = {"rr_client": client}
            if asn != self.nodes[rr].asn:
                policy.update(next_hop_v4=RR1_NEXT_HOP4, next_hop_v6=RR1_NEXT_HOP6)
            self.rr[rr].add_peer(self.nodes[name], **policy)
        self.tmp = tmp

    def start(self):
        for name, *_ in SPEAKERS:
            started_daemon(self.tmp, self.nodes[name], self.nodes[self.reflector_of[name]])
        for name, *_ in SPEAKERS:
            self.nodes[name].daemon.wait_ready()
        for rr in self.rr.values():
            rr.start()

    def wait_established(self, timeout=40):
        def check():
            problems = []
            for rr in self.rr.values():
                for p in rr.status()["peers"]:
                    if p["state"] != "Established":
                        problems.append("%s: session to %s is %s (%s)" % (rr.label, p["name"], p["state"],
                                                                         p["last_error"]))
            for name, *_ in SPEAKERS:
                d = self.nodes[name].daemon
                if not d.established():
                    problems.append("%s: session to %s is %s" % (d.label, self.reflector_of[name], d.state()))
            return problems

        wait_no_problems(check, timeout, "every session Established")

    # -- expectations, resolved to addresses
    def path(self, origin, prefix, row, ebgp_receiver=False):
        originator, clusters, next_hop, as_path = row
        if next_hop == "RR1":
            nh = RR1_NEXT_HOP6 if ":" in prefix else RR1_NEXT_HOP4
        else:
            nh = self.nodes[next_hop].next_hop(prefix)
        return Path(nh, self.nodes[originator].router_id if originator else None,
                    tuple(self.clusters[c] for c in clusters), as_path, None if ebgp_receiver else 100)

    def expected(self, sender, receiver):
        """{prefix: Path} that `sender` advertises to `receiver` (ADVERTISED)."""
        ebgp = self.nodes[receiver].asn != self.nodes[sender].asn
        out = {}
        for origin, row in ADVERTISED[self.mode][(sender, receiver)].items():
            for prefix in self.nodes[origin].prefixes:
                out[prefix] = self.path(origin, prefix, row, ebgp)
        return out

    def expected_rib(self, rr):
        """{prefix: (peer the path came from, Path)} in reflector `rr`'s RIB: its own speakers'
        routes as they sent them, and what the other reflector advertised minus REJECTED."""
        out = {}
        for name, *_ in SPEAKERS:
            if self.reflector_of[name] != rr:
                continue
            n = self.nodes[name]
            for prefix in n.prefixes:
                out[prefix] = (n.ip, (n.next_hop(prefix), None, (), "65002" if n.asn == EBGP_AS else ""))
        other = "RR2" if rr == "RR1" else "RR1"
        for prefix, p in self.expected(other, rr).items():
            origin = self.origin_of(prefix)
            if origin not in REJECTED[self.mode][rr]:
                out[prefix] = (self.nodes[other].ip, p[:4])
        return out

    def origin_of(self, prefix):
        for n in self.nodes.values():
            if prefix in n.prefixes:
                return n.name
        return "?"

    def peers_of(self, rr):
        return [name for name in self.nodes if name != rr and (self.reflector_of.get(name) == rr or
                                                               name in self.rr)]

    # -- checks, each returning a list of problems
    def check_speakers(self):
        problems = []
        for name, *_ in SPEAKERS:
            d = self.nodes[name].daemon
            problems += compare("%s (%s) received" % (name, d.label), d.paths(),
                                self.expected(self.reflector_of[name], name))
        return problems

    def check_adj_rib_out(self):
        problems = []
        for rr_name, rr in self.rr.items():
            for peer in self.peers_of(rr_name):
                got = rr.adj_rib_out(self.nodes[peer].ip)
                problems += compare("%s Adj-RIB-Out to %s" % (rr_name, peer), got, self.expected(rr_name, peer))
        return problems

    def check_rib(self):
        problems = []
        for rr_name, rr in self.rr.items():
            rib = rr.rib()
            want = self.expected_rib(rr_name)
            for prefix in sorted(set(rib) - set(want)):
                problems.append("%s RIB: unexpected %s (route of %s): %r" % (rr_name, prefix, self.origin_of(prefix),
                                                                           rib[prefix]))
            for prefix, (peer, p) in sorted(want.items()):
                paths = rib.get(prefix)
                if not paths:
                    problems.append("%s RIB: no path for %s (route of %s)" % (rr_name, prefix,
                                                                            self.origin_of(prefix)))
                    continue
                if len(paths) != 1:
                    problems.append("%s RIB: %d paths for %s: %r" % (rr_name, len(paths), prefix, paths))
                got_peer, got, entry = paths[0]
                if (got_peer, got[:4]) != (peer, p) or not entry["best"] or entry["stale"]:
                    problems.append("%s RIB: %s is %s %r (best %s, stale %s), expected from %s %r" % (
                        rr_name, prefix, got_peer, got[:4], entry["best"], entry["stale"], peer, p))
            for origin in REJECTED[self.mode][rr_name]:
                for prefix in self.nodes[origin].prefixes:
                    if prefix in rib:
                        problems.append("%s RIB: %s (route of %s) should have been dropped by the cluster "
                                        "loop check: %r" % (rr_name, prefix, origin, rib[prefix]))
        return problems

    def check_not_reflected_back(self):
        """No route is in the Adj-RIB-Out of the peer it was learned from."""
        problems = []
        for rr_name, rr in self.rr.items():
            rib = rr.rib()
            for peer in self.peers_of(rr_name):
                ip = self.nodes[peer].ip
                learned = {prefix for prefix, paths in rib.items() if any(a == ip for a, _p, _e in paths)}
                back = learned & set(rr.adj_rib_out(ip))
                if back:
                    problems.append("%s sends %s back to %s, which it learned them from" % (rr_name, sorted(back),
                                                                                           peer))
        return problems

    def check_all(self):
        return self.check_speakers() + self.check_adj_rib_out() + self.check_rib() + self.check_not_reflected_back()


def compare(what, got, want):
    problems = []
    for prefix in sorted(set(got) - set(want)):
        problems.append("%s: unexpected %s: %r" % (what, prefix, got[prefix]))
    for prefix in sorted(set(want) - set(got)):
        problems.append("%s: missing %s" % (what, prefix))
    for prefix in sorted(set(want) & set(got)):
        if got[prefix] != want[prefix]:
            problems.append("%s: %s is %r, expected %r" % (what, prefix, got[prefix], want[prefix]))
    return problems


# ---------------------------------------------------------------------------------------------
# Fixtures and the test
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def reflector_driver():
    path = reflector_binary(SOURCE_ROOT)
    if not path or not os.access(path, os.X_OK):
        pytest.skip("rrd-reflector-driver not found: build it and set RRD_REFLECTOR_DRIVER (got %r)" % path)
    return path


@pytest.fixture
def topology(request, reflector_driver, workdir):
    made = []

    def make(mode):
        try:
            t = Topology(reflector_driver, workdir, mode)
            made.append(t)
            t.start()
        except Skip as e:
            pytest.skip(str(e))
        return t

    yield make
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        for t in made:
            sys.stderr.write("\n" + logs_of(t.nodes.values())[-8000:] + "\n")
    stop_all()


@pytest.mark.parametrize("mode", ["same", "different"])
def test_reflection(topology, mode):
    topo = topology(mode)
    topo.wait_established()
    rr1, rr2 = topo.rr["RR1"], topo.rr["RR2"]

    # Every speaker and every Adj-RIB-Out converges to exactly the rows of ADVERTISED, and each
    # reflector's RIB to what it accepted.
    wait_no_problems(topo.check_all, 45, "the routes of RFC 4456 everywhere (%s cluster ID)" % mode)

    # Once both engines have processed and packed everything, it still holds: nothing more came.
    rr1.drain()
    rr2.drain()
    wait_no_problems(topo.check_all, 10, "the same routes after drain")

    # Nobody got its own routes back.
    for node in topo.nodes.values():
        if node.kind == "rr":
            continue
        own = set(node.prefixes) & set(node.daemon.paths())
        assert not own, "%s got its own routes back: %s" % (node.name, sorted(own))

    # The engines' counters agree: one path per prefix, and the loop checks dropped what
    # REJECTED says (each rejected origin has two prefixes).
    for name, rr in topo.rr.items():
        st = rr.stats()
        want = len(topo.expected_rib(name))
        assert st["prefixes"] == want and st["paths"] == want, "%s: %r, expected %d prefixes" % (name, st, want)
        rejected = 2 * len(REJECTED[mode][name])
        if rejected:
            assert st["rejected_loops"] >= rejected, "%s: %r" % (name, st)
        else:
            assert st["rejected_loops"] == 0, "%s: %r" % (name, st)

    # Sessions stayed up throughout: no flap, no error.
    for rr in topo.rr.values():
        for p in rr.status()["peers"]:
            assert p["state"] == "Established" and p["flaps"] == 0, "%s: %r" % (rr.label, p)
            assert p["notifications_in"] == 0 and p["notifications_out"] == 0, "%s: %r" % (rr.label, p)
    wait_until(lambda: all(topo.nodes[n].daemon.established() for n, *_ in SPEAKERS), 5,
               "every daemon still Established")
