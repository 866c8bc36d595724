"""GoBGP (gobgpd) as a route reflector: a passive peer group of route-reflector clients with the
shared cluster id, bound to `[[dynamic-neighbors]]` over the clients' range, IPv4 and IPv6
unicast on every session. No zebra (no FIB). gRPC API on a private port of the listen address.
GOMAXPROCS is 1 when pinned to one CPU, 2 with --pin shared.

W3 (graceful restart, setup.extra["graceful_restart"]): the peer group enables graceful restart
(restart time 120 s, both families) in every workload already, because GoBGP sends End-of-RIB
only to peers it negotiated graceful restart with. kill9() SIGKILLs gobgpd; restart() runs the
same command plus `-r` ("flag restart-state in graceful-restart capability"), so that its OPENs
carry the Restart State (R) bit and it defers its updates until its peers sent End-of-RIB (or
the deferral time, 120 s here, runs out). gobgpd applies -r only to the `[[neighbors]]` of its
config file that enable graceful restart themselves, not to dynamic neighbours (seen with 3.10:
no R bit after a restart), so under W3 the config lists one neighbour per client in the peer
group instead of the dynamic-neighbour range; the session settings are the same. Without W3
the config is unchanged.

v6 sessions (setup.v6_sessions): local-address-list holds both listen addresses, and there are
two peer groups with the same settings, `rrc` with only ipv4-unicast and `rrc6` with only
ipv6-unicast, each bound to its own `[[dynamic-neighbors]]` range (the IPv4 and the IPv6 client
prefix). The gRPC API stays on the IPv4 listen address."""

import json
import os

from .common import RESTART_TIME, Daemon, free_port, run, write


class GoBgp(Daemon):
    name = "gobgp"
    label = "GoBGP"
    binaries = ("gobgpd", "gobgp")

    def configure(self):
        s = self.s
        d = s.run_dir
        self.api = free_port(s.listen_ip)
        conf = """[global.config]
  as = %(asn)d
  router-id = "%(rid)s"
  port = %(port)d
  local-address-list = [%(ips)s]
""" % {"asn": s.asn, "rid": s.router_id, "port": s.port,
       "ips": ", ".join('"%s"' % ip for ip in s.listen_addresses())}
        if s.v6_sessions:
            # one family per session: the IPv4 clients' group and the IPv6 clients' group
            conf += self.peer_group("rrc", ("ipv4-unicast",)) + self.peer_group("rrc6", ("ipv6-unicast",))
        else:
            conf += self.peer_group("rrc", ("ipv4-unicast", "ipv6-unicast"))
        conf += "\n" + self.neighbors()
        path = write(os.path.join(d, "gobgpd.toml"), conf)
        self.config_files = [path]
        env = dict(os.environ)
        env["GOMAXPROCS"] = str(self.s.threads or (2 if s.pin == "shared" else 1))
        return ["gobgpd", "-f", path, "-t", "toml", "-l", "warn", "-p", "--api-hosts",
                "%s:%d" % (s.listen_ip, self.api), "--pprof-disable"], env

    def peer_group(self, name, families):
        """A passive peer group of route-reflector clients with graceful restart on (per family
        too: GoBGP sends End-of-RIB only to peers it negotiated graceful restart with, and the
        clients, like Calico's BIRD, offer it)."""
        s = self.s
        fams = "".join('  [[peer-groups.afi-safis]]\n    [peer-groups.afi-safis.config]\n'
                       '      afi-safi-name = "%s"\n'
                       '    [peer-groups.afi-safis.mp-graceful-restart.config]\n'
                       '      enabled = true\n' % f for f in families)
        return """
[[peer-groups]]
  [peer-groups.config]
    peer-group-name = "%(name)s"
    peer-as = %(asn)d
  [peer-groups.timers.config]
    hold-time = %(hold)d
    keepalive-interval = %(ka)d
  [peer-groups.transport.config]
    passive-mode = true
  [peer-groups.graceful-restart.config]
    enabled = true
    restart-time = 120
  [peer-groups.route-reflector.config]
    route-reflector-client = true
    route-reflector-cluster-id = "%(cluster)s"
%(fams)s""" % {"name": name, "asn": s.asn, "hold": s.hold_time, "ka": max(1, s.hold_time // 3),
               "cluster": s.cluster_id, "fams": fams}

    def neighbors(self):
        """The clients: a dynamic-neighbour range, or under W3 one configured neighbour per client
        (gobgpd -r flags restart state only on neighbours of the config file, which must enable
        graceful restart themselves; dynamic neighbours and peer groups are left out)."""
        s = self.s
        if not self.graceful_restart():
            ranges = [(s.client_range, "rrc")] + ([(s.client6_range, "rrc6")] if s.v6_sessions else [])
            return "".join('[[dynamic-neighbors]]\n  [dynamic-neighbors.config]\n    prefix = "%s"\n'
                           '    peer-group = "%s"\n' % r for r in ranges)
        return "".join('[[neighbors]]\n  [neighbors.config]\n    neighbor-address = "%s"\n'
                       '    peer-group = "rrc"\n  [neighbors.graceful-restart.config]\n    enabled = true\n'
                       '    restart-time = %d\n    deferral-time = %d\n' % (ip, RESTART_TIME, RESTART_TIME)
                       for ip in s.clients)

    def restart_command(self):
        """The same command with -r: restart state in the graceful restart capability."""
        argv = list(self.argv)
        i = argv.index("gobgpd")
        return argv[:i + 1] + ["-r"] + argv[i + 1:], self.env

    def gobgp(self, *args):
        return run(["gobgp", "-u", self.s.listen_ip, "-p", str(self.api)] + list(args), timeout=20)

    def ready(self):
        self.gobgp("global")
        return True

    def peer_summary(self):
        try:
            d = json.loads(self.gobgp("neighbor", "-j"))
        except (OSError, RuntimeError, ValueError):
            return None
        return self.count_states((p.get("state", {}).get("neighbor_address", ""),
                                  str(p.get("state", {}).get("session_state", "?"))) for p in d or [])
