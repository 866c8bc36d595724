"""Devices under test of perf/compare/bench.py: one module per daemon, each writing an equivalent
route-reflector configuration (iBGP, every client a route-reflector client, one cluster id, no
policy, IPv4 + IPv6 unicast on IPv4 sessions, or with v6 sessions IPv4 unicast on the IPv4 sessions
and IPv6 unicast on separate IPv6 sessions, no FIB, minimal logging)."""

from .bird import Bird
from .common import Setup, Skip
from .floor import Floor
from .frr import Frr
from .gobgp import GoBgp
from .openbgpd import OpenBgpd
from .rrd import Rrd

DAEMONS = {"rrd": Rrd, "bird": Bird, "frr": Frr, "gobgp": GoBgp, "openbgpd": OpenBgpd, "floor": Floor}
ORDER = ["rrd", "bird", "frr", "gobgp", "openbgpd", "floor"]

__all__ = ["DAEMONS", "ORDER", "Setup", "Skip"]
