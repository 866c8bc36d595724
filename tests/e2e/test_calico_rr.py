"""End to end: rrd as the route reflector of a Calico cluster, configured only through rrctl
with the commands of Calico's "Configure BGP peering" guide, and three BIRD 2 nodes configured as
Calico's confd would configure them for the same resources (calico_bird.py).

    node-1 127.0.30.11 ─┐
    node-2 127.0.30.12 ─┼── iBGP, AS 64512 ──  rr1 127.0.30.1 (rrd, cluster ID 244.0.0.1)
    node-3 127.0.30.13 ─┘

Each node announces its IPAM block 10.244.<n>.0/26; every node must learn the other two through
rrd with the originating node as next hop, ORIGINATOR_ID and CLUSTER_LIST set (RFC 4456).
Every listener has its own port: a node's port is its `node.<name>` BGPConfiguration listenPort,
which is how the other side learns where to connect (calico-bgp-spec.md §2.6).
"""

import json
import os
import shutil
import signal
import subprocess
import time

import pytest

from calico_bird import CalicoBird, session_name
from daemons import free_port, holds_for, wait_until, write
from rrd import Rrd

RR_IP = "127.0.30.1"
CLUSTER_ID = "244.0.0.1"
NODES = [("node-1", "127.0.30.11", "10.244.1.0/26"),
         ("node-2", "127.0.30.12", "10.244.2.0/26"),
         ("node-3", "127.0.30.13", "10.244.3.0/26")]


def yaml_docs(*docs):
    return "\n---\n".join(docs) + "\n"


def node_yaml(name, ip, labels=None):
    lab = ""
    if labels:
        lab = "  labels:\n" + "".join("    %s: %s\n" % kv for kv in labels.items())
    return ("apiVersion: projectcalico.org/v3\nkind: Node\nmetadata:\n  name: %s\n%s"
            "spec:\n  bgp:\n    ipv4Address: %s/32\n" % (name, lab, ip))


def listen_port_yaml(name, port):
    return ("apiVersion: projectcalico.org/v3\nkind: BGPConfiguration\nmetadata:\n  name: node.%s\n"
            "spec:\n  listenPort: %d\n" % (name, port))


PEER_WITH_RRS = """apiVersion: projectcalico.org/v3
kind: BGPPeer
metadata:
  name: peer-with-route-reflectors
spec:
  nodeSelector: all()
  peerSelector: route-reflector == 'true'
"""

DEFAULT_CONFIG = """apiVersion: projectcalico.org/v3
kind: BGPConfiguration
metadata:
  name: default
spec:
  logSeverityScreen: Info
"""


class Cluster:
    """rrd as node rr1 plus the three BIRD nodes, configured through the guide's steps."""

    def __init__(self, workdir, rrd_binary, rrctl_binary):
        self.workdir = workdir
        self.rr_port = free_port(RR_IP)
        self.rrd = Rrd(rrd_binary, rrctl_binary, os.path.join(workdir, "rr1"), "rr1", (RR_IP, self.rr_port))
        os.makedirs(self.rrd.tmp, exist_ok=True)
        self.ports = {name: free_port(ip) for name, ip, _ in NODES}
        self.birds = {}

    def rrctl(self, *args, **kw):
        return self.rrd.rrctl(*args, **kw)

    def apply_file(self, name, text, verb="apply"):
        path = write(os.path.join(self.workdir, name), text)
        return self.rrctl(verb, "-f", path)

    def configure_with_rrctl(self):
        # The cluster before the guide: four nodes, the mesh on (no BGPConfiguration default yet),
        # each node's listen port.
        docs = [node_yaml("rr1", RR_IP), listen_port_yaml("rr1", self.rr_port)]
        for name, ip, _ in NODES:
            docs += [node_yaml(name, ip), listen_port_yaml(name, self.ports[name])]
        out = self.apply_file("cluster.yaml", yaml_docs(*docs)).stdout
        assert "Successfully applied 8" in out or ("4 'Node'" in out and "4 'BGPConfiguration'" in out), out
        # While the mesh is on, rr1 is a mesh member like any node.
        plan = json.loads(self.rrctl("plan", "rr1", "-o", "json").stdout)
        assert sorted(s["name"] for s in plan["sessions"]) == sorted(
            session_name("Mesh", ip) for _, ip, _ in NODES), plan

        # The guide: make rr1 a route reflector, label it, peer every node with the reflectors,
        # then turn the mesh off.
        self.rrctl("patch", "node", "rr1", "-p",
                   '{"spec": {"bgp": {"routeReflectorClusterID": "%s"}}}' % CLUSTER_ID)
        self.rrctl("label", "node", "rr1", "route-reflector=true")
        self.apply_file("peer.yaml", PEER_WITH_RRS)
        self.apply_file("default.yaml", DEFAULT_CONFIG, verb="create")
        self.rrctl("patch", "bgpconfiguration", "default", "-p", '{"spec": {"nodeToNodeMeshEnabled": false}}')

    def expected_rr_sessions(self):
        return {session_name("Node", ip, self.ports[name]): name for name, ip, _ in NODES}

    def start_birds(self):
        for name, ip, block in NODES:
            self.birds[name] = CalicoBird(self.workdir, name, ip, self.ports[name], 64512, block,
                                          [(RR_IP, self.rr_port, 64512)]).start()

    def wait_established(self, timeout=60):
        names = list(self.expected_rr_sessions())
        wait_until(lambda: self.rrd.established(names), timeout,
                   "rrd: %s Established" % names, interval=0.5)
        proto = session_name("Node", RR_IP)
        for b in self.birds.values():
            wait_until(lambda b=b: b.state(proto) == "Established", timeout, "BIRD %s Established" % b.name)

    def routes_complete(self):
        for name, _ip, block in NODES:
            paths = self.birds[name].paths()
            want = {b for n, _, b in NODES if n != name}
            if set(paths) != want:
                return False
        return True


@pytest.fixture
def cluster(workdir, rrd_binary, rrctl_binary):
    c = Cluster(workdir, rrd_binary, rrctl_binary)
    c.rrd.start()
    c.configure_with_rrctl()
    yield c
    for b in c.birds.values():
        if b.proc:
            b.proc.stop()
    c.rrd.stop()


def test_guide_commands_make_rrd_the_clusters_route_reflector(cluster):
    c = cluster
    # What rrd plans for itself and for a client, before any BIRD runs.
    plan = json.loads(c.rrctl("plan", "rr1", "-o", "json").stdout)
    sessions = {s["name"]: s for s in plan["sessions"]}
    assert set(sessions) == set(c.expected_rr_sessions()), plan
    for name, s in sessions.items():
        assert s["rrClient"] is True and s["ibgp"] is True, s
        assert s["peerAS"] == 64512 and s["passive"] is False, s
    client_plan = json.loads(c.rrctl("plan", "node-1", "-o", "json").stdout)
    assert [s["name"] for s in client_plan["sessions"]] == [session_name("Node", RR_IP, c.rr_port)]
    assert client_plan["sessions"][0]["rrClient"] is False

    c.start_birds()
    c.wait_established()

    # Every node learns the other nodes' blocks, reflected with RFC 4456 attributes.
    wait_until(c.routes_complete, 30, "every node has the other two blocks")
    for name, ip, _ in NODES:
        paths = c.birds[name].paths()
        for other, other_ip, block in NODES:
            if other == name:
                assert block not in paths, "%s got its own block back" % name
                continue
            (p,) = paths[block]
            assert p["next_hop"] == other_ip, p
            assert p["originator_id"] == other_ip, p
            assert p["cluster_list"] == CLUSTER_ID, p
            assert p.get("as_path", "") == "", p

    # rrctl node status: calicoctl's table, with the _port_N quirk in the address column.
    status = c.rrctl("node", "status").stdout
    assert "IPv4 BGP status" in status and "No IPv6 peers found." in status, status
    for name, ip, _ in NODES:
        row = next((l for l in status.splitlines() if "%s.port.%d" % (ip, c.ports[name]) in l), None)
        assert row and "node specific" in row and "Established" in row and "| up " in row, status

    # The RIB: three prefixes, one path each, from the named session.
    rib = json.loads(c.rrctl("rib", "-o", "json").stdout)
    assert sorted(e["prefix"] for e in rib["items"]) == sorted(b for _, _, b in NODES)
    entry = json.loads(c.rrctl("rib", "10.244.1.0/26", "-o", "json").stdout)["items"][0]
    assert entry["paths"][0]["peer"] == session_name("Node", "127.0.30.11", c.ports["node-1"])
    assert entry["paths"][0]["best"] is True

    # /metrics: valid Prometheus exposition (promtool's linter), with the sessions in it.
    # (rrd copies its counters into the registry every second)
    wait_until(lambda: "rrd_rib_prefixes 3" in c.rrd.get("/metrics", raw=True), 10, "metrics refreshed")
    metrics = c.rrd.get("/metrics", raw=True)
    promtool = shutil.which("promtool")
    assert promtool, "promtool not installed (Debian package prometheus)"
    lint = subprocess.run([promtool, "check", "metrics"], input=metrics, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    for name, ip, _ in NODES:
        assert 'rrd_bgp_session_up{address="%s",peer="%s"} 1' % (ip, session_name("Node", ip, c.ports[name])) \
            in metrics, metrics
    assert "rrd_rib_prefixes 3" in metrics, metrics

    # get, in calicoctl's columns.
    peers = c.rrctl("get", "bgppeers").stdout
    assert "peer-with-route-reflectors" in peers and "all()" in peers, peers
    nodes = c.rrctl("get", "nodes", "-o", "wide").stdout
    assert "(64512)" in nodes and RR_IP in nodes, nodes
    dump = c.rrctl("get", "node", "rr1", "-o", "yaml").stdout
    assert "routeReflectorClusterID: 244.0.0.1" in dump and "route-reflector:" in dump, dump

    # The guide's last step: a node in its own AS. Only that node's session changes; the
    # others stay up (no flap), and its routes now come over eBGP.
    before = {p["name"]: p["establishedTransitions"] for p in c.rrd.peers()}
    c.rrctl("patch", "node", "node-3", "-p", '{"spec": {"bgp": {"asNumber": "64514"}}}')
    b3 = c.birds["node-3"]
    b3.asn = 64514
    b3.reconfigure()
    name3 = session_name("Node", "127.0.30.13", c.ports["node-3"])
    wait_until(lambda: (c.rrd.peer(name3) or {}).get("peerAS") == 64514 and c.rrd.established([name3]), 60,
               "node-3 back as an eBGP peer")
    wait_until(lambda: c.birds["node-1"].paths().get("10.244.3.0/26", [{}])[0].get("as_path") == "64514", 30,
               "node-1 sees node-3's block with AS path 64514")
    for p in c.rrd.peers():
        if p["name"] != name3:
            assert p["establishedTransitions"] == before[p["name"]] and p["flaps"] == 0, p
    assert c.rrd.peer(name3)["rrClient"] is False


def test_restart_keeps_every_route_on_the_nodes(cluster):
    """SIGKILL rrd and start it again: the nodes keep rrd's routes through BGP graceful restart
    (RFC 4724) and rrd restarts as the restarting speaker; no node loses a route meanwhile."""
    c = cluster
    c.start_birds()
    c.wait_established()
    wait_until(c.routes_complete, 30, "every node has the other two blocks")

    c.rrd.proc.signal_group(signal.SIGKILL)
    time.sleep(0.5)
    # Nothing is lost while rrd is away ...
    holds_for(c.routes_complete, 3, "routes kept while rrd is down")
    c.rrd.start()
    # ... nor while it comes back, relearns and sends End-of-RIB.
    deadline = time.monotonic() + 60
    names = list(c.expected_rr_sessions())
    while not c.rrd.established(names):
        assert c.routes_complete(), "a node lost a route during rrd's restart"
        assert time.monotonic() < deadline, "sessions did not come back:\n%s" % c.rrd.log()
        time.sleep(0.2)
    holds_for(c.routes_complete, 5, "routes complete after the restart")
    assert "graceful restart" in c.rrd.log(200), c.rrd.log(200)


def test_invalid_resources_are_refused_with_the_field(cluster):
    c = cluster
    bad = ("apiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata:\n  name: bad\n"
           "spec:\n  peerIP: 192.168.0.0:65536\n  asNumber: 64512\n")
    r = c.rrctl("apply", "-f", write(os.path.join(c.workdir, "bad.yaml"), bad), check=False)
    assert r.returncode != 0 and "peerIP" in (r.stdout + r.stderr), r
    # Nothing changed.
    assert "bad" not in c.rrctl("get", "bgppeers").stdout
    # Without the token, mutations are refused.
    status, body = c.rrd.request("DELETE", "/apis/projectcalico.org/v3/bgppeers/peer-with-route-reflectors",
                                 token=False)
    assert status == 401 and body["kind"] == "Status" and body["reason"] == "Unauthorized", body
    assert "peer-with-route-reflectors" in c.rrctl("get", "bgppeers").stdout
