"""Process, polling and daemon helpers for the rrd session-layer interop tests.

Everything here talks to 127.0.0.0/8 only. Every process runs in its own process group from its
own temporary directory and is stopped by that group id; the host's /etc and /run are never
touched (OpenBGPD runs in a private mount namespace with a tmpfs on /run, which needs root).

Only the Python 3 standard library is used.
"""

import ctypes
import glob
import json
import os
import re
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time

LOCAL_AS = 65001
HOLD_TIME = 9

# ---------------------------------------------------------------------------------------------
# Polling
# ---------------------------------------------------------------------------------------------


def wait_until(predicate, timeout, what, interval=0.2):
    """Polls predicate() until it returns something truthy; returns that value.

    Raises AssertionError naming `what` and the last value (or exception) after `timeout` s.
    """
    deadline = time.monotonic() + timeout
    last = None
    while True:
        try:
            value = predicate()
            if value:
                return value
            last = value
        except (OSError, ValueError, KeyError, RuntimeError, subprocess.SubprocessError) as e:
            last = e
        if time.monotonic() >= deadline:
            raise AssertionError("timed out after %.0f s waiting for %s (last: %r)" % (timeout, what, last))
        time.sleep(interval)


def holds_for(predicate, duration, what, interval=0.5):
    """Asserts that predicate() stays truthy for `duration` seconds (checked every `interval`)."""
    deadline = time.monotonic() + duration
    while True:
        value = predicate()
        assert value, "%s stopped holding (value %r)" % (what, value)
        if time.monotonic() >= deadline:
            return
        time.sleep(interval)


def built_binary(source_root, env_var, name):
    """$`env_var`, else the newest build*/tests/interop/`name` below `source_root` (None if none)."""
    env = os.environ.get(env_var)
    if env:
        return env
    found = sorted(glob.glob(os.path.join(source_root, "build*", "tests", "interop", name)), key=os.path.getmtime,
                   reverse=True)
    return found[0] if found else None


def free_port(ip):
    """A TCP port that is free on `ip` right now."""
    family = socket.AF_INET6 if ":" in ip else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.bind((ip, 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------------------------------------
# Processes
# ---------------------------------------------------------------------------------------------

_LIVE = []  # every Proc not yet stopped, so that a failing test still cleans up


def _die_with_parent():
    """preexec_fn: SIGKILL the child if the test runner dies without cleaning up."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except Exception:  # noqa: BLE001 - best effort only
        pass


class Proc:
    """A process started in its own process group (session); signalled and stopped by that id."""

    def __init__(self, argv, cwd, name, env=None, stdin=subprocess.DEVNULL, stdout=None):
        self.name = name
        self.log_path = os.path.join(cwd, name + ".out")
        self._log = open(self.log_path, "ab")
        self.p = subprocess.Popen(argv, cwd=cwd, env=env, stdin=stdin,
                                  stdout=self._log if stdout is None else stdout,
                                  stderr=self._log, start_new_session=True,
                                  preexec_fn=_die_with_parent)
        self.pid = self.p.pid
        _LIVE.append(self)

    def alive(self):
        return self.p.poll() is None

    def signal_group(self, sig):
        try:
            os.killpg(self.pid, sig)
        except ProcessLookupError:
            pass

    def freeze(self):
        self.signal_group(signal.SIGSTOP)

    def thaw(self):
        self.signal_group(signal.SIGCONT)

    def kill(self):
        """SIGKILL the whole group and reap the leader."""
        self.signal_group(signal.SIGKILL)
        try:
            self.p.wait(10)
        except subprocess.TimeoutExpired:
            pass
        self._forget()

    def stop(self, grace=5.0):
        if self.alive():
            self.thaw()  # a frozen process cannot act on SIGTERM
            self.signal_group(signal.SIGTERM)
            try:
                self.p.wait(grace)
            except subprocess.TimeoutExpired:
                pass
        self.kill()  # children that outlived the leader are in the same group

    def _forget(self):
        if self in _LIVE:
            _LIVE.remove(self)
        try:
            self._log.close()
        except OSError:
            pass

    def tail(self, n=40):
        return tail(self.log_path, n)


def stop_all():
    """Stops every process still running (used by the test fixtures, also on failure)."""
    for proc in list(reversed(_LIVE)):
        try:
            proc.stop(grace=3.0)
        except Exception:  # noqa: BLE001 - keep cleaning up
            pass


def tail(path, n=40):
    try:
        with open(path, "rb") as f:
            return b"\n".join(f.read().splitlines()[-n:]).decode(errors="replace")
    except OSError:
        return ""


def run(argv, timeout=15, check=True):
    r = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    if check and r.returncode != 0:
        raise RuntimeError("%s failed (%d): %s %s" % (" ".join(argv), r.returncode, r.stdout, r.stderr))
    return r.stdout


def write(path, text, mode=0o644):
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)
    return path


# ---------------------------------------------------------------------------------------------
# The session driver (tests/interop/driver/session_driver.cpp)
# ---------------------------------------------------------------------------------------------


class Driver:
    """One rrd-session-driver process, configured from a dict and driven over stdin/stdout."""

    def __init__(self, binary, tmp, config, name="driver"):
        self.binary = binary
        self.tmp = tmp
        self.config = config
        self.name = name
        self.proc = None
        self._buf = b""

    def start(self, timeout=30):
        path = write(os.path.join(self.tmp, self.name + ".json"), json.dumps(self.config, indent=1))
        self.proc = Proc([self.binary, "--config", path], self.tmp, self.name,
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        line = self._read_line(timeout)
        if json.loads(line) != {"ready": True}:
            raise RuntimeError("driver did not get ready: %r" % line)
        return self

    def _read_line(self, timeout):
        deadline = time.monotonic() + timeout
        fd = self.proc.p.stdout.fileno()
        while b"\n" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise RuntimeError("%s: no answer within %.0f s; log:\n%s" % (self.name, timeout, self.proc.tail()))
            r, _, _ = select.select([fd], [], [], min(left, 0.5))
            if not r:
                if not self.proc.alive():
                    raise RuntimeError("%s exited (%s); log:\n%s" % (self.name, self.proc.p.returncode,
                                                                    self.proc.tail()))
                continue
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                raise RuntimeError("%s closed its stdout; log:\n%s" % (self.name, self.proc.tail()))
            self._buf += chunk
        line, self._buf = self._buf.split(b"\n", 1)
        return line.decode()

    def command(self, text, timeout=30):
        self.proc.p.stdin.write((text + "\n").encode())
        self.proc.p.stdin.flush()
        reply = json.loads(self._read_line(timeout))
        if "error" in reply:
            raise RuntimeError("%s: %s -> %s" % (self.name, text, reply["error"]))
        return reply

    def status(self):
        return self.command("status")

    def peers(self):
        return {p["address"]: p for p in self.status()["peers"]}

    def peer(self, address):
        for p in self.status()["peers"]:
            if p["address"] == address:
                return p
        raise KeyError(address)

    def routes(self, address):
        return self.command("routes " + address)["routes"]

    def refresh(self, address):
        return self.command("refresh " + address)

    def enable(self, address):
        return self.command("enable " + address)

    def disable(self, address):
        return self.command("disable " + address)

    def wait_established(self, address, timeout=30):
        return wait_until(lambda: (lambda p: p if p["state"] == "Established" else None)(self.peer(address)),
                          timeout, "%s: peer %s Established" % (self.name, address))

    def stop(self):
        if self.proc is None:
            return
        if self.proc.alive():
            try:
                self.proc.p.stdin.write(b"quit\n")
                self.proc.p.stdin.flush()
                self.proc.p.wait(5)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self.proc.stop(grace=2.0)


def driver_peer(address, port, local_address, **kw):
    """A driver peer entry with the defaults these tests use (9 s hold time, 2 s connect retry)."""
    p = {"address": address, "port": port, "local_address": local_address, "hold_time": HOLD_TIME,
         "connect_retry_time": 2}
    p.update(kw)
    return p


# The routes the driver announces to the daemons: (prefix, next hop, communities, med).
DRIVER_ROUTES = [
    ("10.99.1.0/24", "198.18.99.1", ["65001:999", "65001:1000"], 7),
    ("10.99.2.0/24", "198.18.99.1", [], None),
    ("2001:db8:99:1::/64", "2001:db8:ffff::99", ["65001:999"], None),
    ("2001:db8:99:2::/64", "2001:db8:ffff::99", [], None),
]


def driver_routes_config():
    out = []
    for prefix, nh, comms, med in DRIVER_ROUTES:
        r = {"prefix": prefix, "next_hop": nh, "communities": comms}
        if med is not None:
            r["med"] = med
        out.append(r)
    return out


def daemon_routes(n):
    """The routes daemon number n announces: (prefix, next hop, communities).

    Next hops are in 198.18.0.0/15 and 2001:db8:ffff::/48, never in 127/8 (FRR drops those).
    """
    nh4, nh6 = "198.18.%d.1" % n, "2001:db8:ffff::%d" % n
    return [
        ("10.%d.1.0/24" % n, nh4, ["65001:100", "65001:200"]),
        ("10.%d.2.0/24" % n, nh4, []),
        ("2001:db8:%d:1::/64" % n, nh6, ["65001:100"]),
        ("2001:db8:%d:2::/64" % n, nh6, []),
    ]


def is_v6(prefix):
    return ":" in prefix


# ---------------------------------------------------------------------------------------------
# Daemons
# ---------------------------------------------------------------------------------------------


class Skip(Exception):
    """The daemon cannot run here (not installed, or needs root)."""


class Daemon:
    """Base class: one BGP daemon with one neighbour, the driver.

    ip/port: where the daemon listens (and the source of its connections); peer_ip/peer_port:
    the driver. passive: the daemon never connects. password: TCP MD5. graceful_restart: offer
    GR with `restart_time`. router_id: the daemon's BGP identifier.
    """

    label = "?"
    needs_root = False
    binaries = ()

    def __init__(self, tmp, n, ip, port, peer_ip, peer_port, router_id, passive=True, password=None,
                 hold_time=HOLD_TIME, graceful_restart=False, restart_time=120):
        self.tmp = tmp
        self.n = n
        self.ip, self.port = ip, port
        self.peer_ip, self.peer_port = peer_ip, peer_port
        self.router_id = router_id
        self.passive = passive
        self.password = password
        self.hold_time = hold_time
        self.graceful_restart = graceful_restart
        self.restart_time = restart_time
        self.routes = daemon_routes(n)
        self.proc = None

    @classmethod
    def check_available(cls):
        for b in cls.binaries:
            if not (shutil.which(b) or os.access(b, os.X_OK)):
                raise Skip("%s not installed (%s missing)" % (cls.label, b))
        if cls.needs_root and os.geteuid() != 0:
            raise Skip("%s needs root here" % cls.label)

    # -- lifecycle
    def start(self):
        raise NotImplementedError

    def wait_ready(self, timeout=30):
        """Waits until the daemon's control interface answers."""
        wait_until(lambda: self._alive_or_raise() and self.ready(), timeout, "%s control interface" % self.label)
        return self

    def _alive_or_raise(self):
        if self.proc is None or not self.proc.alive():
            raise AssertionError("%s exited; log:\n%s" % (self.label, self.log()))
        return True

    def ready(self):
        raise NotImplementedError

    def stop(self):
        if self.proc:
            self.proc.stop()

    def kill(self):
        self.proc.kill()

    def freeze(self):
        self.proc.freeze()

    def thaw(self):
        self.proc.thaw()

    def log(self):
        return self.proc.tail() if self.proc else ""

    # -- queries
    def state(self):
        """The session state towards the driver, e.g. 'Established'."""
        raise NotImplementedError

    def established(self):
        return self.state() == "Established"

    def received(self):
        """{prefix: {"next_hop": str, "communities": set}} received from the driver."""
        raise NotImplementedError

    def request_refresh(self):
        """Makes the daemon send ROUTE-REFRESH to the driver (soft reset in)."""
        raise NotImplementedError


# ---- BIRD 2 -----------------------------------------------------------------------------------


class Bird(Daemon):
    label = "BIRD"
    binaries = ("bird", "birdc")
    proto = "drv"

    def _conf(self):
        lines = ['log "%s/bird.log" all;' % self.tmp, "router id %s;" % self.router_id,
                 "protocol device { scan time 3600; }"]
        for fam in ("ipv4", "ipv6"):
            lines.append("protocol static st_%s { %s { import all; };" % (fam, fam))
            for prefix, _nh, comms in self.routes:
                if is_v6(prefix) != (fam == "ipv6"):
                    continue
                adds = " ".join("bgp_community.add((%s));" % c.replace(":", ",") for c in comms)
                lines.append("  route %s blackhole%s;" % (prefix, " { %s }" % adds if adds else ""))
            lines.append("}")
        nh4 = next(nh for p, nh, _ in self.routes if not is_v6(p))
        nh6 = next(nh for p, nh, _ in self.routes if is_v6(p))
        opts = ["local %s port %d as %d;" % (self.ip, self.port, LOCAL_AS),
                "neighbor %s port %d as %d;" % (self.peer_ip, self.peer_port, LOCAL_AS),
                "strict bind on;", "hold time %d;" % self.hold_time, "keepalive time %d;" % (self.hold_time // 3),
                "connect retry time 2;", "connect delay time 1;", "error wait time 1, 4;",
                "passive %s;" % ("on" if self.passive else "off"), "debug { states, events };"]
        if self.password:
            opts.append('password "%s";' % self.password)
        if self.graceful_restart:
            opts += ["graceful restart on;", "graceful restart time %d;" % self.restart_time]
        else:
            opts.append("graceful restart off;")
        opts.append("ipv4 { import all; export all; next hop address %s; };" % nh4)
        opts.append("ipv6 { import all; export all; next hop address %s; };" % nh6)
        lines.append("protocol bgp %s {\n  %s\n}" % (self.proto, "\n  ".join(opts)))
        return "\n".join(lines) + "\n"

    def start(self):
        conf = write(os.path.join(self.tmp, "bird.conf"), self._conf())
        self.ctl = os.path.join(self.tmp, "bird.ctl")
        self.proc = Proc(["bird", "-f", "-c", conf, "-s", self.ctl, "-P", os.path.join(self.tmp, "bird.pid")],
                         self.tmp, "bird")
        return self

    def birdc(self, *cmd):
        return run(["birdc", "-s", self.ctl] + list(cmd), timeout=10)

    def ready(self):
        return "BIRD" in self.birdc("show", "status")

    def log(self):
        return tail(os.path.join(self.tmp, "bird.log")) + "\n" + (self.proc.tail() if self.proc else "")

    def state(self):
        out = self.birdc("show", "protocols", self.proto)
        for line in out.splitlines():
            f = line.split()
            if f and f[0] == self.proto:
                # Name Proto Table State Since Info: Info is the BGP state ("Established", "Active", ...)
                return f[-1] if f[3] == "up" or len(f) > 5 else f[3]
        return "?"

    def received(self):
        out = self.birdc("show", "route", "all", "protocol", self.proto)
        routes, cur = {}, None
        for line in out.splitlines():
            if not line or line.startswith("BIRD") or line.startswith("Table"):
                continue
            if not line[0].isspace():
                cur = line.split()[0]
                routes[cur] = {"next_hop": None, "communities": set()}
            elif cur:
                s = line.strip()
                if s.startswith("BGP.next_hop:"):
                    routes[cur]["next_hop"] = s.split()[1]
                elif s.startswith("BGP.community:"):
                    routes[cur]["communities"] = {c.strip("()").replace(",", ":") for c in s.split()[1:]}
        return routes

    def updates_received(self):
        """Route updates received on both channels ('Import updates: received' column)."""
        total = 0
        for line in self.birdc("show", "protocols", "all", self.proto).splitlines():
            s = line.split()
            if s[:2] == ["Import", "updates:"]:
                total += int(s[2])
        return total

    def request_refresh(self):
        # 'reload in' on a BGP protocol sends ROUTE-REFRESH for every channel (no import table kept).
        self.birdc("reload", "in", self.proto)


# ---- FRR bgpd ---------------------------------------------------------------------------------


class Frr(Daemon):
    label = "FRR"
    binaries = ("/usr/lib/frr/bgpd", "vtysh")
    needs_root = True  # bgpd switches to the frr user

    def _conf(self):
        nh4 = next(nh for p, nh, _ in self.routes if not is_v6(p))
        nh6 = next(nh for p, nh, _ in self.routes if is_v6(p))
        pi = self.peer_ip
        c = ["frr defaults traditional", "hostname rrd-interop-%d" % self.n,
             "log file %s/bgpd.log informational" % self.tmp, "!"]
        maps = {}
        for prefix, _nh, comms in self.routes:
            if comms and " ".join(comms) not in maps:
                name = "RM-C%d" % len(maps)
                maps[" ".join(comms)] = name
                c += ["route-map %s permit 10" % name, " set community %s" % " ".join(comms), "exit", "!"]
        # FRR sends its own address as next hop for local routes: set the planned ones on export.
        c += ["route-map OUT4 permit 10", " set ip next-hop %s" % nh4, "exit", "!",
              "route-map OUT6 permit 10", " set ipv6 next-hop global %s" % nh6, "exit", "!",
              "router bgp %d" % LOCAL_AS, " bgp router-id %s" % self.router_id, " no bgp default ipv4-unicast",
              " no bgp network import-check", " no bgp ebgp-requires-policy"]
        if self.graceful_restart:
            # preserve-fw-state sets the F bit: the driver then keeps the stale routes across
            # the new session until FRR's End-of-RIB instead of flushing them at once.
            c += [" bgp graceful-restart", " bgp graceful-restart restart-time %d" % self.restart_time,
                  " bgp graceful-restart preserve-fw-state"]
        else:
            c += [" bgp graceful-restart-disable"]
        c += [" neighbor %s remote-as %d" % (pi, LOCAL_AS), " neighbor %s port %d" % (pi, self.peer_port),
              " neighbor %s update-source %s" % (pi, self.ip),
              " neighbor %s timers %d %d" % (pi, self.hold_time // 3, self.hold_time),
              " neighbor %s timers connect 2" % pi]
        if self.passive:
            c.append(" neighbor %s passive" % pi)
        if self.password:
            c.append(" neighbor %s password %s" % (pi, self.password))
        for fam, rm in (("ipv4", "OUT4"), ("ipv6", "OUT6")):
            c.append(" address-family %s unicast" % fam)
            for prefix, _nh, comms in self.routes:
                if is_v6(prefix) != (fam == "ipv6"):
                    continue
                c.append("  network %s%s" % (prefix, " route-map %s" % maps[" ".join(comms)] if comms else ""))
            c += ["  neighbor %s activate" % pi, "  neighbor %s route-map %s out" % (pi, rm), " exit-address-family"]
        c += ["exit", "!", "end", ""]
        return "\n".join(c)

    def start(self):
        conf = write(os.path.join(self.tmp, "bgpd.conf"), self._conf())
        self.vty = os.path.join(self.tmp, "vty")
        os.makedirs(self.vty, exist_ok=True)
        os.chmod(self.tmp, 0o755)
        os.chmod(self.vty, 0o777)  # bgpd creates its vty socket as the frr user
        self.proc = Proc(["/usr/lib/frr/bgpd", "-Z", "-S", "-l", self.ip, "-p", str(self.port), "-f", conf,
                          "-i", os.path.join(self.tmp, "bgpd.pid"), "-z", os.path.join(self.tmp, "zserv.api"),
                          "--vty_socket", self.vty, "-P", "0"], self.tmp, "bgpd")
        FRR_PIDS.add(self.proc.pid)
        return self

    def vtysh(self, *cmds):
        argv = ["vtysh", "--vty_socket", self.vty]
        for cmd in cmds:
            argv += ["-c", cmd]
        return run(argv, timeout=15)

    def vtysh_json(self, cmd):
        return json.loads(self.vtysh(cmd))

    def ready(self):
        return self.peer_ip in self.vtysh("show bgp neighbors %s" % self.peer_ip)

    def updates_received(self):
        d = self.vtysh_json("show bgp neighbors %s json" % self.peer_ip)
        return d[self.peer_ip]["messageStats"]["updatesRecv"]

    def log(self):
        return tail(os.path.join(self.tmp, "bgpd.log")) + "\n" + (self.proc.tail() if self.proc else "")

    def state(self):
        d = self.vtysh_json("show bgp neighbors %s json" % self.peer_ip)
        return d.get(self.peer_ip, {}).get("bgpState", "?")

    def received(self):
        out = {}
        for fam in ("ipv4", "ipv6"):
            d = self.vtysh_json("show bgp %s unicast json" % fam)
            for prefix, paths in d.get("routes", {}).items():
                for path in paths:
                    if path.get("peerId") != self.peer_ip:
                        continue
                    nh = path.get("nexthops", [{}])[0].get("ip")
                    out[prefix] = {"next_hop": nh, "communities": None}
        for prefix in out:
            fam = "ipv6" if is_v6(prefix) else "ipv4"
            d = self.vtysh_json("show bgp %s unicast %s json" % (fam, prefix))
            for path in d.get("paths", []):
                if path.get("peer", {}).get("peerId") == self.peer_ip:
                    comm = path.get("community", {}).get("string", "")
                    out[prefix]["communities"] = set(comm.split())
        return out

    def request_refresh(self):
        # Without soft-reconfiguration inbound, 'soft in' sends ROUTE-REFRESH.
        self.vtysh("clear bgp ipv4 unicast %s soft in" % self.peer_ip,
                   "clear bgp ipv6 unicast %s soft in" % self.peer_ip)


FRR_PIDS = set()  # bgpd pids we started: their scratch dirs under /var/tmp/frr are ours


def cleanup_frr_scratch(created_parent):
    """Removes the per-pid scratch dirs bgpd leaves under /var/tmp/frr (on SIGKILL), and the dir
    itself if this run created it."""
    base = "/var/tmp/frr"
    if not os.path.isdir(base):
        return
    for entry in os.listdir(base):
        m = re.match(r"^bgpd\.(\d+)$", entry) or re.match(r"^(\d+)$", entry)
        if m and int(m.group(1)) in FRR_PIDS:
            shutil.rmtree(os.path.join(base, entry), ignore_errors=True)
    if created_parent:
        try:
            os.rmdir(base)
        except OSError:
            pass


# ---- GoBGP ------------------------------------------------------------------------------------


class GoBgp(Daemon):
    label = "GoBGP"
    binaries = ("gobgpd", "gobgp")
    asn = LOCAL_AS  # GoBGP's own AS
    peer_as = LOCAL_AS  # the driver's

    def _conf(self):
        fams = ""
        for f in ("ipv4-unicast", "ipv6-unicast"):
            fams += '  [[neighbors.afi-safis]]\n    [neighbors.afi-safis.config]\n      afi-safi-name = "%s"\n' % f
            if self.graceful_restart:
                fams += "    [neighbors.afi-safis.mp-graceful-restart.config]\n      enabled = true\n"
        conf = """[global.config]
  as = %d
  router-id = "%s"
  port = %d
  local-address-list = ["%s"]

[[neighbors]]
  [neighbors.config]
    neighbor-address = "%s"
    peer-as = %d
%s  [neighbors.timers.config]
    hold-time = %d
    keepalive-interval = %d
    connect-retry = 2
  [neighbors.transport.config]
    passive-mode = %s
    local-address = "%s"
    remote-port = %d
""" % (self.asn, self.router_id, self.port, self.ip, self.peer_ip, self.peer_as,
            '    auth-password = "%s"\n' % self.password if self.password else "",
            self.hold_time, self.hold_time // 3, "true" if self.passive else "false", self.ip, self.peer_port)
        if self.graceful_restart:
            conf += "  [neighbors.graceful-restart.config]\n    enabled = true\n    restart-time = %d\n" % self.restart_time
        return conf + fams

    def start(self):
        conf = write(os.path.join(self.tmp, "gobgpd.toml"), self._conf())
        if not getattr(self, "api", None):
            self.api = free_port(self.ip)
        self.proc = Proc(["gobgpd", "-f", conf, "-t", "toml", "-p", "--api-hosts", "%s:%d" % (self.ip, self.api),
                          "--pprof-disable"], self.tmp, "gobgpd")
        self.routes_added = False
        return self

    def gobgp(self, *args, timeout=15):
        return run(["gobgp", "-u", self.ip, "-p", str(self.api)] + list(args), timeout=timeout)

    def ready(self):
        self.gobgp("global")
        if not self.routes_added:
            # GoBGP has no static routes in its config file: inject them through the API.
            for prefix, nh, comms in self.routes:
                args = ["global", "rib", "add", "-a", "ipv6" if is_v6(prefix) else "ipv4", prefix, "nexthop", nh]
                if comms:
                    args += ["community", ",".join(comms)]
                self.gobgp(*args)
            self.routes_added = True
        return True

    def state(self):
        d = json.loads(self.gobgp("neighbor", self.peer_ip, "-j"))
        st = d.get("state", {}).get("session_state")
        names = {0: "Unknown", 1: "Idle", 2: "Connect", 3: "Active", 4: "OpenSent", 5: "OpenConfirm",
                 6: "Established"}
        if isinstance(st, str):
            return st.capitalize() if st.lower() != "established" else "Established"
        return names.get(st, str(st))

    def received(self):
        out = {}
        for fam in ("ipv4", "ipv6"):
            txt = self.gobgp("neighbor", self.peer_ip, "adj-in", "-a", fam, "-j")
            d = json.loads(txt) if txt.strip() else {}
            for prefix, paths in d.items():
                for path in paths:
                    nh, comms = None, set()
                    for a in path.get("attrs", []):
                        if a.get("type") == 3:
                            nh = a.get("nexthop")
                        elif a.get("type") == 14:
                            nh = (a.get("nexthop") or [None])[0] if isinstance(a.get("nexthop"), list) \
                                else a.get("nexthop")
                        elif a.get("type") == 8:
                            comms = {"%d:%d" % (c >> 16, c & 0xFFFF) for c in a.get("communities", [])}
                    out[prefix] = {"next_hop": nh, "communities": comms}
        return out

    def request_refresh(self):
        self.gobgp("neighbor", self.peer_ip, "softresetin", "-a", "ipv4")
        self.gobgp("neighbor", self.peer_ip, "softresetin", "-a", "ipv6")


# ---- OpenBGPD ---------------------------------------------------------------------------------


class OpenBgpd(Daemon):
    label = "OpenBGPD"
    binaries = ("/usr/sbin/bgpd", "bgpctl", "unshare")
    needs_root = True  # private mount namespace with a tmpfs on /run (its engines chroot there)

    def _conf(self):
        c = ["AS %d" % LOCAL_AS, "router-id %s" % self.router_id, "listen on %s port %d" % (self.ip, self.port),
             'socket "%s"' % self.sock, "fib-update no", "nexthop qualify via default", "connect-retry 2", ""]
        for prefix, nh, comms in self.routes:
            sets = ["nexthop %s" % nh] + ["community %s" % x for x in comms]
            c.append("network %s set { %s }" % (prefix, " ".join(sets)))
        c += ["", "neighbor %s {" % self.peer_ip, "  remote-as %d" % LOCAL_AS, "  local-address %s" % self.ip,
              "  port %d" % self.peer_port, "  holdtime %d" % self.hold_time, "  announce IPv4 unicast",
              "  announce IPv6 unicast", "  announce refresh yes",
              "  announce restart %s" % ("yes" if self.graceful_restart else "no")]
        if self.passive:
            c.append("  passive")
        if self.password:
            c.append("  tcp md5sig password %s" % self.password)
        c += ["}", "allow from any", "allow to any", ""]
        return "\n".join(c)

    def start(self):
        self.sock = os.path.join(self.tmp, "bgpd.sock")
        conf = write(os.path.join(self.tmp, "bgpd.conf"), self._conf(), mode=0o600)
        inner = ("set -e; mount -n -t tmpfs -o mode=0755 rrd-interop-run /run; mkdir -p /run/openbgpd; "
                 "exec /usr/sbin/bgpd -d -v -f %s" % conf)
        self.proc = Proc(["unshare", "-m", "--propagation", "private", "sh", "-c", inner], self.tmp, "openbgpd")
        return self

    def bgpctl(self, *args):
        return run(["bgpctl", "-s", self.sock] + list(args), timeout=15)

    def ready(self):
        return os.path.exists(self.sock) and "neighbors" in self.bgpctl("-j", "show", "neighbor")

    def _neighbor(self):
        d = json.loads(self.bgpctl("-j", "show", "neighbor", self.peer_ip))
        return (d.get("neighbors") or [{}])[0]

    def updates_received(self):
        return self._neighbor()["stats"]["message"]["received"]["updates"]

    def refresh_requests_received(self):
        return self._neighbor()["stats"]["route-refresh"]["received"]["request"]

    def state(self):
        return self._neighbor().get("state", "?")

    def received(self):
        out = {}
        d = json.loads(self.bgpctl("-j", "show", "rib", "in", "neighbor", self.peer_ip, "detail"))
        for r in d.get("rib", []):
            prefix = r.get("prefix")
            comms = set()
            for c in r.get("communities", []) or []:
                comms.add(str(c))
            out[prefix] = {"next_hop": r.get("true_nexthop") or r.get("exit_nexthop") or r.get("nexthop"),
                           "communities": comms}
        return out

    def request_refresh(self):
        self.bgpctl("neighbor", self.peer_ip, "refresh")


# ---- ExaBGP -----------------------------------------------------------------------------------

# The ExaBGP API process: copies what ExaBGP reports (JSON, one object a line) to a file, and
# forwards lines appended to a command file to ExaBGP.
EXABGP_API_HELPER = r'''
import os, sys, threading, time
out_path, cmd_path = sys.argv[1], sys.argv[2]
def forward_commands():
    offset = 0
    while True:
        try:
            with open(cmd_path) as f:
                f.seek(offset)
                data = f.read()
        except OSError:
            data = ""
        if data.endswith("\n"):
            offset += len(data)
            sys.stdout.write(data)
            sys.stdout.flush()
        time.sleep(0.1)
threading.Thread(target=forward_commands, daemon=True).start()
with open(out_path, "a") as out:
    for line in sys.stdin:
        out.write(line)
        out.flush()
'''


class ExaBgp(Daemon):
    label = "ExaBGP"
    binaries = ("/usr/sbin/exabgp",)

    def _conf(self):
        routes = []
        for prefix, nh, comms in self.routes:
            routes.append("route %s next-hop %s%s;" % (prefix, nh, " community [ %s ]" % " ".join(comms)
                                                        if comms else ""))
        gr = "graceful-restart %d;" % self.restart_time if self.graceful_restart else ""
        return """process api {
  run %s %s %s %s;
  encoder json;
}
neighbor %s {
  router-id %s;
  local-address %s;
  local-as %d;
  peer-as %d;
  hold-time %d;
  %s
  %s
  capability {
    asn4 enable;
    route-refresh enable;
    %s
  }
  family {
    ipv4 unicast;
    ipv6 unicast;
  }
  api {
    processes [ api ];
    receive { parsed; update; refresh; }
    neighbor-changes;
  }
  static {
    %s
  }
}
""" % (sys.executable, self.helper, self.api_out, self.api_cmd, self.peer_ip, self.router_id, self.ip,
            LOCAL_AS, LOCAL_AS, self.hold_time,
            "passive true;\n  listen %d;" % self.port if self.passive else "connect %d;" % self.peer_port,
            'md5-password "%s";' % self.password if self.password else "", gr, "\n    ".join(routes))

    def start(self):
        self.helper = write(os.path.join(self.tmp, "exabgp_api.py"), EXABGP_API_HELPER)
        self.api_out = os.path.join(self.tmp, "exabgp_api.jsonl")
        self.api_cmd = os.path.join(self.tmp, "exabgp_api.cmd")
        open(self.api_cmd, "a").close()
        conf = write(os.path.join(self.tmp, "exabgp.conf"), self._conf())
        env = dict(os.environ)
        debug = bool(os.environ.get("RRD_INTEROP_EXABGP_DEBUG"))  # full packet log in exabgp.out
        user = "root" if os.geteuid() == 0 else (os.environ.get("USER") or "nobody")
        env.update({"exabgp.daemon.drop": "false", "exabgp.daemon.daemonize": "false",
                    "exabgp.daemon.user": user, "exabgp.api.cli": "false",
                    "exabgp.tcp.bind": self.ip if self.passive else "", "exabgp.tcp.port": str(self.port),
                    "exabgp.log.destination": "stdout", "exabgp.log.level": "DEBUG" if debug else "INFO",
                    "exabgp.log.all": "true" if debug else "false", "exabgp.cache.attributes": "false",
                    "exabgp.tcp.delay": "0"})
        self.proc = Proc(["/usr/sbin/exabgp", conf], self.tmp, "exabgp", env=env)
        return self

    def ready(self):
        return os.path.exists(self.api_out)

    def _events(self):
        out = []
        try:
            with open(self.api_out) as f:
                for line in f:
                    line = line.strip()
                    if line.startswith("{"):
                        try:
                            out.append(json.loads(line))
                        except ValueError:
                            # ExaBGP 4.2 double-quotes strings in its "refresh" events
                            # ("afi": ""ipv4""): repair that, skip anything else malformed.
                            try:
                                out.append(json.loads(line.replace('""', '"')))
                            except ValueError:
                                pass
        except OSError:
            pass
        return out

    def state(self):
        st = "Idle"
        for e in self._events():
            if e.get("type") == "state":
                s = e.get("neighbor", {}).get("state")
                st = {"up": "Established", "connected": "Connect", "down": "Idle"}.get(s, s)
        return st

    def received(self):
        rib = {}
        for e in self._events():
            if e.get("type") == "state" and e.get("neighbor", {}).get("state") in ("down", "connected"):
                rib = {}
            if e.get("type") != "update":
                continue
            upd = e.get("neighbor", {}).get("message", {}).get("update", {})
            comms = {"%d:%d" % tuple(c) for c in upd.get("attribute", {}).get("community", [])}
            for _fam, by_nh in upd.get("announce", {}).items():
                for nh, nlris in by_nh.items():
                    for n in nlris:
                        prefix = n["nlri"] if isinstance(n, dict) else n
                        rib[prefix] = {"next_hop": nh, "communities": comms}
            for _fam, nlris in upd.get("withdraw", {}).items():
                for n in nlris:
                    rib.pop(n["nlri"] if isinstance(n, dict) else n, None)
        return rib

    def updates_received(self):
        return sum(1 for e in self._events() if e.get("type") == "update")

    def request_refresh(self):
        with open(self.api_cmd, "a") as f:
            f.write("neighbor %s announce route-refresh ipv4 unicast\n" % self.peer_ip)
            f.write("neighbor %s announce route-refresh ipv6 unicast\n" % self.peer_ip)


DAEMONS = {"bird": Bird, "frr": Frr, "gobgp": GoBgp, "openbgpd": OpenBgpd, "exabgp": ExaBgp}


# ---------------------------------------------------------------------------------------------
# TCP connections (ss) and the per-test lab
# ---------------------------------------------------------------------------------------------


def _proc_addr(text):
    """'0100007F:1F90' (from /proc/net/tcp) -> ('127.0.0.1', 8080)."""
    addr, port = text.split(":")
    return socket.inet_ntoa(struct.pack("<I", int(addr, 16))), int(port, 16)


def tcp_connections(a, b):
    """Established TCP connections between IPv4 addresses a and b, as [(port at a, port at b)].

    Read from /proc/net/tcp (state 01 is ESTABLISHED); each connection appears once per end,
    so only the entries seen from a's side are taken."""
    conns = []
    with open("/proc/net/tcp") as f:
        next(f)
        for line in f:
            fields = line.split()
            if fields[3] != "01":
                continue
            (la, lp), (ra, rp) = _proc_addr(fields[1]), _proc_addr(fields[2])
            if la == a and ra == b:
                conns.append((lp, rp))
    return conns


class Lab:
    """One test's addresses, temp dir, daemon and driver.

    Test number n gets 127.30.n.1 for the daemon and 127.30.n.2 for the driver, each with its
    own free port, so that tests never share a socket address.
    """

    def __init__(self, binary, tmp, n, skip):
        self.binary = binary
        self.tmp = tmp
        self.n = n
        self.skip = skip
        self.daemon_ip = "127.30.%d.1" % n
        self.driver_ip = "127.30.%d.2" % n
        self.daemon_port = free_port(self.daemon_ip)
        self.driver_port = free_port(self.driver_ip)
        self.daemon_router_id = "10.255.0.%d" % n
        self.the_daemon = None
        self.the_driver = None

    def daemon(self, name, start=True, **kw):
        cls = DAEMONS[name]
        try:
            cls.check_available()
        except Skip as e:
            self.skip(str(e))
        self.the_daemon = cls(self.tmp, self.n, self.daemon_ip, self.daemon_port, self.driver_ip, self.driver_port,
                              self.daemon_router_id, **kw)
        if start:
            self.the_daemon.start().wait_ready()
        return self.the_daemon

    def driver(self, router_id=None, start=True, threads=1, **peer_kw):
        peer_kw.setdefault("router_id", router_id or "10.255.255.%d" % self.n)
        config = {"router_id": peer_kw["router_id"], "local_as": LOCAL_AS,
                  "listen": ["%s:%d" % (self.driver_ip, self.driver_port)], "threads": threads,
                  "peers": [driver_peer(self.daemon_ip, self.daemon_port, self.driver_ip, **peer_kw)],
                  "routes": driver_routes_config()}
        self.the_driver = Driver(self.binary, self.tmp, config)
        if start:
            self.the_driver.start()
        return self.the_driver

    def peer(self):
        return self.the_driver.peer(self.daemon_ip)

    def connections(self):
        """Established TCP connections daemon<->driver as [(daemon port, driver port)]."""
        return tcp_connections(self.daemon_ip, self.driver_ip)

    def logs(self):
        parts = []
        if self.the_daemon is not None:
            parts.append("--- %s log ---\n%s" % (self.the_daemon.label, self.the_daemon.log()))
        if self.the_driver is not None and self.the_driver.proc is not None:
            parts.append("--- driver stderr ---\n%s" % self.the_driver.proc.tail())
        return "\n".join(parts)


# ---------------------------------------------------------------------------------------------
# A scripted BGP speaker on raw sockets, for sequences no daemon can be made to produce
# ---------------------------------------------------------------------------------------------

BGP_OPEN, BGP_UPDATE, BGP_NOTIFICATION, BGP_KEEPALIVE = 1, 2, 3, 4


def bgp_message(msg_type, body=b""):
    return b"\xff" * 16 + struct.pack("!HB", 19 + len(body), msg_type) + body


def bgp_open(asn, router_id, hold_time=HOLD_TIME):
    """An OPEN offering IPv4 unicast (MP) and 4-octet AS."""
    caps = bytes([1, 4, 0, 1, 0, 1]) + bytes([65, 4]) + struct.pack("!I", asn)
    params = bytes([2, len(caps)]) + caps
    return bgp_message(BGP_OPEN, struct.pack("!BHH4sB", 4, asn if asn < 65536 else 23456, hold_time,
                                             socket.inet_aton(router_id), len(params)) + params)


def bgp_read(sock, timeout, until=None):
    """Reads BGP messages for up to `timeout` s (or until a message of type `until` arrives).

    Returns ([(type, body)], end) where end is 'eof', 'reset', 'timeout' or 'until'."""
    deadline = time.monotonic() + timeout
    buf, msgs = b"", []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return msgs, "timeout"
        sock.settimeout(left)
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            return msgs, "timeout"
        except ConnectionResetError:
            return msgs, "reset"
        if not chunk:
            return msgs, "eof"
        buf += chunk
        while len(buf) >= 19:
            length = struct.unpack("!H", buf[16:18])[0]
            if len(buf) < length:
                break
            msgs.append((buf[18], buf[19:length]))
            buf = buf[length:]
            if until is not None and msgs[-1][0] == until:
                return msgs, "until"
