"""rrd, configured the Calico way only: Node, BGPConfiguration and BGPPeer resources applied with
rrctl against its embedded datastore. The reflector node `rr` carries routeReflectorClusterID and
the label route-reflector: "true"; every client is a Node whose spec.bgp.ipv4Address is its
loadgen source address; one global BGPPeer (nodeSelector all(), peerSelector route-reflector ==
'true') makes every client a route-reflector client of rr. rrd also dials every client's port
179; the load generator does not listen, so those dials are refused (harmless).

W3 (graceful restart, setup.extra["graceful_restart"]): rrd always advertises graceful restart
(Calico's BIRD template does; restart time 120 s by default); under W3 the BGPPeer also says
maxRestartTime 120s explicitly. kill9() SIGKILLs the rrd process; restart() runs the same command
again on the same rrd.yaml, embedded datastore and state_dir. rrd finds the heartbeat marker
(state_dir/running, written every 5 s, removed only by a clean stop) younger than 120 s and
starts as the restarting speaker by itself: its OPENs carry the Restart State (R) bit, and it
holds End-of-RIB until its peers sent theirs (at most 60 s). Seen with 500 clients: the clients
that reconnected last got End-of-RIB 10 to 100 prefixes short of their 998, the rest right after
(the release overtakes the last routes learned). The cluster resources are still in
the datastore, so restart() does not apply them again: ready() only waits for the ops API and
for every client session to be planned.

v6 sessions (setup.v6_sessions): still Calico resources only. The rr Node also gets
spec.bgp.ipv6Address (its IPv6 listen address/128) and every client Node its IPv6 session
address/128; rrd then plans, as Calico's BIRD renders for bird6, a second session per client
between the two IPv6 addresses carrying IPv6 unicast only (the IPv4 session carries IPv4 unicast
only, as always). rrd.yaml's listen.addresses lists both addresses; ready() waits until
/status/peers lists both sessions of every client (2N peers)."""

import json
import os
import urllib.error
import urllib.request

from .common import RESTART_TIME, Daemon, Skip, free_port, have, run, tail, wait_until, write

RR_NODE = "rr"


def client_node_name(k):
    return "client-%05d" % k


class Rrd(Daemon):
    name = "rrd"
    label = "rrd"

    def __init__(self, setup, build=None):
        super().__init__(setup, build)
        self.binary = os.path.join(build, "mgmt", "daemon", "rrd") if build else None
        self.rrctl_binary = os.path.join(build, "mgmt", "rrctl", "rrctl") if build else None

    def check_available(self):
        for b in (self.binary, self.rrctl_binary):
            if not b or not have(b):
                raise Skip("rrd: %s not built" % b)

    def threads(self):
        return self.s.threads or (2 if self.s.pin == "shared" else 1)

    def configure(self):
        d = self.s.run_dir
        self.api_port = free_port("127.0.0.1")
        self.url = "http://127.0.0.1:%d" % self.api_port
        self.token_file = os.path.join(d, "token")
        conf = "\n".join([
            "node: %s" % RR_NODE,
            "listen: {addresses: [%s], port: %d}" % (", ".join('"%s"' % a for a in self.s.listen_addresses()),
                                                     self.s.port),
            "mgmt: {address: 127.0.0.1, port: %d, token_file: %s}" % (self.api_port, self.token_file),
            "datastore: {type: embedded, path: %s}" % os.path.join(d, "datastore"),
            "state_dir: %s" % os.path.join(d, "state"),
            "threads: %d" % self.threads(),
            "router_id: %s" % self.s.router_id,
            "hold_time: %d" % self.s.hold_time,
            "log_level: %s" % self.s.extra.get("rrd_log_level", "warning"),
        ]) + "\n"
        self.config_path = write(os.path.join(d, "rrd.yaml"), conf)
        self.resources_path = write(os.path.join(d, "cluster.yaml"), self.resources())
        self.config_files = [self.config_path, self.resources_path]
        return [self.binary, "--config", self.config_path], None

    def resources(self):
        rr = {"apiVersion": "projectcalico.org/v3", "kind": "Node",
              "metadata": {"name": RR_NODE, "labels": {"route-reflector": "true"}},
              "spec": {"bgp": {"ipv4Address": self.s.listen_ip + "/32",
                               "routeReflectorClusterID": self.s.cluster_id}}}
        if self.s.v6_sessions:
            rr["spec"]["bgp"]["ipv6Address"] = self.s.listen_ip6 + "/128"
        items = [rr]
        for k, ip in enumerate(self.s.clients):
            bgp = {"ipv4Address": ip + "/32"}
            if self.s.v6_sessions:
                bgp["ipv6Address"] = self.s.clients6[k] + "/128"
            items.append({"apiVersion": "projectcalico.org/v3", "kind": "Node",
                          "metadata": {"name": client_node_name(k), "labels": {"role": "client"}},
                          "spec": {"bgp": bgp}})
        items.append({"apiVersion": "projectcalico.org/v3", "kind": "BGPConfiguration",
                      "metadata": {"name": "default"},
                      "spec": {"nodeToNodeMeshEnabled": False, "asNumber": self.s.asn,
                               "logSeverityScreen": "Warning"}})
        peer = {"nodeSelector": "all()", "peerSelector": "route-reflector == 'true'"}
        if self.graceful_restart():
            peer["maxRestartTime"] = "%ds" % RESTART_TIME
        items.append({"apiVersion": "projectcalico.org/v3", "kind": "BGPPeer",
                      "metadata": {"name": "peer-with-route-reflectors"}, "spec": peer})
        return "\n---\n".join(json.dumps(i) for i in items) + "\n"

    # -- the ops API
    def get(self, path):
        with urllib.request.urlopen(self.url + path, timeout=20) as r:
            text = r.read().decode()
        return json.loads(text) if text.startswith(("{", "[")) else text

    def healthy(self):
        try:
            return str(self.get("/healthz")).strip() == "ok"
        except (OSError, urllib.error.URLError, ValueError):
            return False

    def peers(self):
        return self.get("/status/peers")["items"]

    def rrctl(self, *args, timeout=300):
        return run([self.rrctl_binary, "--server", self.url, "--token-file", self.token_file] + list(args),
                   timeout=timeout)

    def ready(self):
        if not self.healthy():
            return False
        # after restart() the resources are in the persisted datastore already: not applied again
        if not getattr(self, "applied", False):
            self.rrctl("apply", "-f", self.resources_path)
            self.applied = True
        # every client session (both per client with v6 sessions) planned before the load starts
        return len(self.peers()) >= self.s.bgp_sessions()

    def wait_ready(self, timeout=120):
        return super().wait_ready(timeout)

    def peer_summary(self):
        try:
            return self.count_states((p.get("peerAddress", ""), p.get("bgpState", "?")) for p in self.peers())
        except (OSError, urllib.error.URLError, ValueError, KeyError):
            return None
