"""The wire-replay floor (perf/loadgen/rrd-floor): completes OPEN/KEEPALIVE with every client and
writes the exact bytes a correct reflector would send (precomputed), in large batches. It takes the
same workload options as rrd-loadgen, so it knows every client's routes in advance. Its time on
the same pinning and generator is the physical limit of the workload on this machine.

v6 sessions (setup.v6_sessions): --v6-sessions, --listen6 (its IPv6 listen address, besides
--listen) and --source6-base, as the generator gets them: it then expects an IPv6 session per
client and replays the IPv4 routes on the IPv4 sessions and the IPv6 routes on the IPv6 ones."""

import json
import os

from .common import Daemon, Skip, have


class Floor(Daemon):
    name = "floor"
    label = "floor"

    def __init__(self, setup, build=None):
        super().__init__(setup, build)
        self.binary = os.path.join(build, "perf", "loadgen", "rrd-floor") if build else None

    def check_available(self):
        if not self.binary or not have(self.binary):
            raise Skip("floor: %s not built" % self.binary)

    def configure(self):
        s = self.s
        argv = [self.binary, "--listen", s.listen_ip, "--port", str(s.port), "--sessions", str(s.sessions),
                "--v4", str(s.v4), "--v6", str(s.v6), "--as", str(s.asn), "--hold-time", str(s.hold_time),
                "--source-base", s.source_base, "--rr-id", s.router_id, "--cluster-id", s.cluster_id,
                "--timeout", str(int(s.extra.get("timeout", 300)) + 30),
                "--json", os.path.join(s.run_dir, "floor.json")] + list(s.extra.get("feed_args", []))
        if s.v6_sessions:
            argv += ["--v6-sessions", "--listen6", s.listen_ip6, "--source6-base", s.source6_base]
        if s.extra.get("next_hop_base"):
            argv += ["--next-hop-base", s.extra["next_hop_base"]]
        return argv, None

    def self_report(self):
        """The floor exits once its clients are gone, before /proc can be read: use its own
        getrusage figures (whole process lifetime; start-up is negligible)."""
        try:
            with open(os.path.join(self.s.run_dir, "floor.json")) as f:
                j = json.load(f)
        except (OSError, ValueError):
            return None
        return {"cpu_s": (j.get("cpu_user_s") or 0) + (j.get("cpu_sys_s") or 0),
                "peak_rss_kb": (j.get("peak_rss_bytes") or 0) // 1024, "floor": j}
