"""Live reconfiguration: with 200 client sessions Established, 100 configuration changes that do
not concern those sessions must not touch them (no flap, no reset), and a change that does
concern one session changes that session only. rrd applies the peering plan by difference.

The 200 clients are one rrd-session-driver process: client i connects from 127.3.<a>.<b> to
rrd's listener at 127.4.<a>.<b> (the driver keys its peers by remote address, so each client
needs its own rrd address; rrd listens on 0.0.0.0 and keys its sessions by the client's
address). rrd's own dials to the clients' port 179 are refused, which is what a client that only
dials would do.
"""

import json
import os
import time

from daemons import Driver, free_port, wait_until, write
from rrd import Rrd

CLIENTS = 200
CHANGES = 100
RR_IP = "127.0.40.1"


def client_ip(i):
    return "127.3.%d.%d" % (i // 200, i % 200 + 1)


def rr_address(i):
    return "127.4.%d.%d" % (i // 200, i % 200 + 1)


def session_name(ip):
    return "Node_" + ip.replace(".", "_")


def docs(items):
    return "\n---\n".join(json.dumps(i) for i in items) + "\n"


def node(name, ip, labels=None):
    return {"apiVersion": "projectcalico.org/v3", "kind": "Node",
            "metadata": {"name": name, "labels": labels or {}},
            "spec": {"bgp": {"ipv4Address": ip + "/32"}}}


def test_unrelated_changes_never_flap_sessions(workdir, rrd_binary, rrctl_binary, driver_binary):
    port = free_port("127.0.0.1")
    rrd = Rrd(rrd_binary, rrctl_binary, os.path.join(workdir, "rr"), "rr1", ("0.0.0.0", port))
    os.makedirs(rrd.tmp)
    rrd.start()
    cluster = [node("rr1", RR_IP, {"route-reflector": "true"})]
    cluster[0]["spec"]["bgp"]["routeReflectorClusterID"] = "244.0.0.1"
    cluster += [node("client-%d" % i, client_ip(i), {"role": "client"}) for i in range(CLIENTS)]
    cluster += [
        {"apiVersion": "projectcalico.org/v3", "kind": "BGPConfiguration", "metadata": {"name": "default"},
         "spec": {"nodeToNodeMeshEnabled": False, "asNumber": 64512}},
        {"apiVersion": "projectcalico.org/v3", "kind": "BGPPeer", "metadata": {"name": "peer-with-route-reflectors"},
         "spec": {"nodeSelector": "all()", "peerSelector": "route-reflector == 'true'"}},
    ]
    rrd.rrctl("apply", "-f", write(os.path.join(workdir, "cluster.yaml"), docs(cluster)), timeout=120)
    names = [session_name(client_ip(i)) for i in range(CLIENTS)]
    wait_until(lambda: len(rrd.peers()) == CLIENTS, 30, "rrd plans %d sessions" % CLIENTS)

    clients = Driver(driver_binary, workdir, {
        "router_id": "10.0.0.2", "local_as": 64512, "threads": 2, "listen": [],
        "peers": [{"address": rr_address(i), "port": port, "local_address": client_ip(i),
                   "router_id": client_ip(i), "hold_time": 30, "connect_retry_time": 1}
                  for i in range(CLIENTS)],
        "routes": [{"prefix": "10.250.0.0/24", "next_hop": "127.3.0.1"}],
    }, name="clients").start()
    wait_until(lambda: rrd.established(names), 120, "all %d sessions Established" % CLIENTS, interval=1.0)
    before = {p["name"]: p["establishedTransitions"] for p in rrd.peers()}
    assert all(v == 1 for v in before.values()), before

    # 100 changes, none of which changes a session of rr1: labels the selectors do not look
    # at, per-node settings of other nodes, filters, peers that select no node, the log level.
    for k in range(CHANGES):
        kind = k % 5
        if kind == 0:
            rrd.rrctl("label", "nodes", "client-%d" % k, "rack=r%d" % k)
        elif kind == 1:
            rrd.rrctl("apply", "-f", write(os.path.join(workdir, "c%d.json" % k), json.dumps({
                "apiVersion": "projectcalico.org/v3", "kind": "BGPConfiguration",
                "metadata": {"name": "node.client-%d" % k}, "spec": {"logSeverityScreen": "Debug"}})))
        elif kind == 2:
            rrd.rrctl("apply", "-f", write(os.path.join(workdir, "f%d.json" % k), json.dumps({
                "apiVersion": "projectcalico.org/v3", "kind": "BGPFilter", "metadata": {"name": "filter-%d" % k},
                "spec": {"exportV4": [{"action": "Reject", "cidr": "10.%d.0.0/16" % k, "matchOperator": "In"}]}})))
        elif kind == 3:
            rrd.rrctl("apply", "-f", write(os.path.join(workdir, "p%d.json" % k), json.dumps({
                "apiVersion": "projectcalico.org/v3", "kind": "BGPPeer", "metadata": {"name": "tor-%d" % k},
                "spec": {"nodeSelector": "rack == 'nowhere'", "peerIP": "127.9.0.%d" % (k + 1),
                         "asNumber": 65000}})))
        else:
            rrd.rrctl("patch", "bgpconfiguration", "default", "-p",
                      '{"spec": {"logSeverityScreen": "%s"}}' % ("Debug" if k % 2 else "Info"))
    status = rrd.get("/status")
    assert status["revision"] > CHANGES, status
    time.sleep(3)  # let the last change settle, then look at every session
    after = {p["name"]: p for p in rrd.peers()}
    assert set(after) == set(before)
    for name, p in after.items():
        assert p["bgpState"] == "Established" and p["establishedTransitions"] == 1 and p["flaps"] == 0, p
    st = clients.status()
    assert all(p["state"] == "Established" and p["flaps"] == 0 for p in st["peers"]), st

    # A change that does concern one session (client-7 moves to AS 64600) resets that one only.
    rrd.rrctl("patch", "node", "client-7", "-p", '{"spec": {"bgp": {"asNumber": 64600}}}')
    target = session_name(client_ip(7))
    wait_until(lambda: rrd.peer(target)["peerAS"] == 64600, 20, "client-7's session reconfigured")
    time.sleep(2)
    for name, p in {p["name"]: p for p in rrd.peers()}.items():
        if name != target:
            assert p["establishedTransitions"] == 1 and p["flaps"] == 0, p
    clients.stop()
    rrd.stop()
