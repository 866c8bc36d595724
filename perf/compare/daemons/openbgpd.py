"""OpenBGPD as a route reflector: a group with `route-reflector CLUSTER-ID` whose template
neighbour (the clients' prefix) clones a passive neighbour per client, IPv4 and IPv6 unicast,
`allow from any` / `allow to any` (its filters default to deny), `fib-update no`,
`nexthop qualify via default` (next hops without a covering route stay usable).

Its engines chroot to /run/openbgpd, which only systemd creates: it runs under `unshare -m` with
a private tmpfs on /run (needs root), so the host is untouched. The parent has three children
(session engine, RDE, RTR); their CPU and memory are summed (they share the process session).

W3 (graceful restart): OpenBGPD 7.7 has no restarting-speaker mode and no restart-time setting:
its graceful restart capability (`announce restart yes`, the default; the config is the same in
every workload) only serves End-of-RIB and the helper side. On the wire it always carries the
Restart State (R) bit with restart time 0 and no address families (seen in every OPEN, first
start and restart alike), so its clients keep none of its routes when it dies: they flush them
at once (RFC 4724 §4.2, no families) and get them back only when the restarted OpenBGPD has
re-learned the table. kill9() SIGKILLs the parent and its three engines at once; restart() runs
the same command again (fresh /run tmpfs, same bgpd.conf; the stale control socket is replaced)
and starts fresh, sending each client what it has learned so far as the clients reconnect."""

import json
import os

from .common import Daemon, run, write


class OpenBgpd(Daemon):
    name = "openbgpd"
    label = "OpenBGPD"
    binaries = ("/usr/sbin/bgpd", "bgpctl", "unshare")
    needs_root = True

    def configure(self):
        s = self.s
        d = s.run_dir
        self.sock = os.path.join(d, "bgpd.sock")
        conf = """AS %(asn)d
router-id %(rid)s
listen on %(ip)s port %(port)d
socket "%(sock)s"
fib-update no
nexthop qualify via default

group "rrc" {
  remote-as %(asn)d
  route-reflector %(cluster)s
  holdtime %(hold)d
  announce IPv4 unicast
  announce IPv6 unicast
  neighbor %(range)s
}

allow from any
allow to any
""" % {"asn": s.asn, "rid": s.router_id, "ip": s.listen_ip, "port": s.port, "sock": self.sock,
       "cluster": s.cluster_id, "hold": s.hold_time, "range": s.client_range}
        path = write(os.path.join(d, "bgpd.conf"), conf, mode=0o600)
        self.config_files = [path]
        inner = ("set -e; mount -n -t tmpfs -o mode=0755 rrd-compare-run /run; mkdir -p /run/openbgpd; "
                 "exec /usr/sbin/bgpd -d -f %s" % path)
        return ["unshare", "-m", "--propagation", "private", "sh", "-c", inner], None

    def bgpctl(self, *args):
        return run(["bgpctl", "-s", self.sock] + list(args), timeout=20)

    def ready(self):
        return os.path.exists(self.sock) and "neighbors" in self.bgpctl("-j", "show", "neighbor")

    def peer_summary(self):
        try:
            d = json.loads(self.bgpctl("-j", "show", "neighbor"))
        except (OSError, RuntimeError, ValueError):
            return None
        states = {}
        for p in d.get("neighbors", []):
            if p.get("template"):
                continue
            st = p.get("state", "?")
            states[st] = states.get(st, 0) + 1
        return states
