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
and starts fresh, sending each client what it has learned so far as the clients reconnect.

v6 sessions (setup.v6_sessions): `listen on` both addresses, and two groups with the same
settings: `rrc` over the IPv4 client prefix with `announce IPv4 unicast` / `announce IPv6 none`,
`rrc6` over the IPv6 client prefix with `announce IPv4 none` / `announce IPv6 unicast`. The
tmpfs on /run works the same inside bench.py's network namespace (`ip netns exec` gives the
run a mount namespace of its own; `unshare -m` makes one more)."""

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
%(listen)ssocket "%(sock)s"
fib-update no
nexthop qualify via default
""" % {"asn": s.asn, "rid": s.router_id, "sock": self.sock,
       "listen": "".join("listen on %s port %d\n" % (ip, s.port) for ip in s.listen_addresses())}
        if s.v6_sessions:
            # one family per session: IPv4 unicast to the IPv4 clients, IPv6 unicast to the IPv6 ones
            conf += self.group("rrc", s.client_range, ipv4="unicast", ipv6="none")
            conf += self.group("rrc6", s.client6_range, ipv4="none", ipv6="unicast")
        else:
            conf += self.group("rrc", s.client_range, ipv4="unicast", ipv6="unicast")
        conf += "\nallow from any\nallow to any\n"
        path = write(os.path.join(d, "bgpd.conf"), conf, mode=0o600)
        self.config_files = [path]
        inner = ("set -e; mount -n -t tmpfs -o mode=0755 rrd-compare-run /run; mkdir -p /run/openbgpd; "
                 "exec /usr/sbin/bgpd -d -f %s" % path)
        return ["unshare", "-m", "--propagation", "private", "sh", "-c", inner], None

    def group(self, name, prefix, ipv4, ipv6):
        """A group of route-reflector clients: a template neighbour over `prefix` that clones a
        passive neighbour per client, announcing the given families."""
        s = self.s
        return """
group "%(name)s" {
  remote-as %(asn)d
  route-reflector %(cluster)s
  holdtime %(hold)d
  announce IPv4 %(ipv4)s
  announce IPv6 %(ipv6)s
  neighbor %(range)s
}
""" % {"name": name, "asn": s.asn, "cluster": s.cluster_id, "hold": s.hold_time, "ipv4": ipv4, "ipv6": ipv6,
       "range": prefix}

    def bgpctl(self, *args):
        return run(["bgpctl", "-s", self.sock] + list(args), timeout=20)

    def ready(self):
        return os.path.exists(self.sock) and "neighbors" in self.bgpctl("-j", "show", "neighbor")

    def peer_summary(self):
        try:
            d = json.loads(self.bgpctl("-j", "show", "neighbor"))
        except (OSError, RuntimeError, ValueError):
            return None
        # the group's template neighbour is listed too, with its prefix as remote_addr
        return self.count_states((p.get("remote_addr", ""), p.get("state", "?")) for p in d.get("neighbors", [])
                                 if not p.get("template") and "/" not in str(p.get("remote_addr", "")))
