"""BIRD 2 as a Calico node: the configuration Calico's confd would render (calico-bgp-spec.md
§2.3, §2.8), in BIRD 2 syntax, for a node whose only sessions are the ones Calico gives it for
the route-reflector recipe: `Node_<reflector>` towards each reflector, iBGP in the cluster AS,
source address = the node's address, add paths on, graceful restart, connect delay 2 / retry 5 /
error wait 5,30, hold 240, `ttl security off; multihop`. The node exports its IPAM block (a
/26 blackhole, as calico_aggr() does) and nothing else (calico_export_to_bgp_peers: routes
inside the IP pool)."""

import os

from daemons import run, tail, wait_until, Proc, write

IP_POOL = "10.244.0.0/16"


def session_name(prefix, ip, port=0):
    name = "%s_%s" % (prefix, ip.replace(".", "_").replace(":", "_"))
    return name + ("_port_%d" % port if port else "")


class CalicoBird:
    def __init__(self, tmp, name, ip, port, asn, block, reflectors):
        """reflectors: [(ip, port)] of the route reflectors this node peers with."""
        self.tmp = os.path.join(tmp, name)
        os.makedirs(self.tmp, exist_ok=True)
        self.name, self.ip, self.port, self.asn, self.block = name, ip, port, asn, block
        self.reflectors = reflectors
        self.proc = None
        self.ctl = os.path.join(self.tmp, "bird.ctl")

    def config(self):
        lines = [
            'log "%s/bird.log" all;' % self.tmp,
            "router id %s;" % self.ip,
            "protocol device { scan time 2; }",
            "protocol static calico_blocks { ipv4 { import all; }; route %s blackhole; }" % self.block,
            "filter calico_export_to_bgp_peers {",
            "  if net ~ [ %s+ ] then accept;" % IP_POOL,
            "  reject;",
            "}",
            "template bgp bgp_template {",
            '  description "Connection to BGP peer";',
            "  local %s port %d as %d;" % (self.ip, self.port, self.asn),
            "  strict bind on;",
            "  ipv4 { import all; export filter calico_export_to_bgp_peers; add paths on; };",
            "  graceful restart on;",
            "  connect delay time 2;",
            "  connect retry time 5;",
            "  error wait time 5, 30;",
            "  hold time 240;",
            "  ttl security off;",
            "  multihop;",
            "}",
        ]
        for ip, port, asn in self.reflectors:
            lines.append("protocol bgp %s from bgp_template {" % session_name("Node", ip))
            lines.append("  neighbor %s port %d as %d;" % (ip, port, asn))
            lines.append("}")
        return "\n".join(lines) + "\n"

    def start(self):
        conf = write(os.path.join(self.tmp, "bird.conf"), self.config())
        self.proc = Proc(["bird", "-f", "-c", conf, "-s", self.ctl, "-P", os.path.join(self.tmp, "bird.pid")],
                         self.tmp, "bird-" + self.name)
        wait_until(lambda: self._alive() and "BIRD" in self.birdc("show", "status"), 30, "BIRD %s" % self.name)
        return self

    def reconfigure(self):
        write(os.path.join(self.tmp, "bird.conf"), self.config())
        out = self.birdc("configure")
        assert "Reconfigured" in out or "Reconfiguration" in out, out

    def _alive(self):
        if not self.proc.alive():
            raise AssertionError("BIRD %s exited:\n%s" % (self.name, self.log()))
        return True

    def birdc(self, *cmd):
        return run(["birdc", "-s", self.ctl] + list(cmd), timeout=10, check=False)

    def log(self):
        return tail(os.path.join(self.tmp, "bird.log"), 60)

    def state(self, proto):
        for line in self.birdc("show", "protocols", proto).splitlines():
            f = line.split()
            if f and f[0] == proto:
                return f[5] if len(f) > 5 else f[3]
        return "?"

    def paths(self):
        """{prefix: [ {next_hop, originator_id, cluster_list, as_path, from} ]} of BGP routes."""
        out, cur, attrs = {}, None, None
        text = self.birdc("show", "route", "all", "where", "source = RTS_BGP")
        for line in text.splitlines():
            if not line.strip() or line.startswith("BIRD") or line.startswith("Table"):
                continue
            if not line[0].isspace():
                cur = line.split()[0]
                attrs = {}
                out.setdefault(cur, []).append(attrs)
            elif line.lstrip().startswith(("unicast [", "unreachable [", "blackhole [")) and attrs:
                # A second path of the same prefix (ADD-PATH): a new entry.
                attrs = {}
                out[cur].append(attrs)
            elif attrs is not None and ":" in line:
                key, _, value = line.strip().partition(":")
                if key.startswith("BGP."):
                    attrs[key[4:]] = value.strip()
        return out
