"""What every device under test shares: the workload parameters, the client address scheme of
rrd-loadgen, process handling (own session, stop by pid), readiness polls and /proc sampling.

Python 3 standard library only. Traffic goes to 127.0.0.0/8 only, or, with v6 sessions, to the
IPv6 addresses bench.py put on `lo` in a network namespace it created for the run.
"""

import atexit
import importlib.util
import ipaddress
import os
import shutil
import signal
import socket
import subprocess
import time

# The process-independent helpers are the interop tests' own (tests/interop/daemons.py), loaded
# under another name: this package is called `daemons` too.
_interop_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests",
                             "interop", "daemons.py")
_spec = importlib.util.spec_from_file_location("rrd_interop_daemons", _interop_path)
_interop = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_interop)
free_port, tail, wait_until, write = _interop.free_port, _interop.tail, _interop.wait_until, _interop.write
die_with_parent = _interop._die_with_parent  # preexec_fn: SIGKILL the child when we die

CLK_TCK = os.sysconf("SC_CLK_TCK")

# W3 (graceful restart): the restart time every daemon advertises, as the clients' (RFC 4724).
RESTART_TIME = 120


class Skip(Exception):
    """This daemon cannot run here (binary missing, needs root, ...)."""


class Setup:
    """One run's parameters, the same for every daemon.

    sessions: client count; source_base: the first client address; asn: the iBGP AS;
    cluster_id / router_id: the reflector's; hold_time: what the daemon offers;
    listen_ip / port: where the daemon listens (clients connect there);
    pin: 'separate' (daemon on CPU 1) or 'shared' (daemon on every CPU);
    threads: worker threads for daemons that take a count (rrd, GoBGP's GOMAXPROCS).

    v6_sessions: the Calico way of carrying IPv6 (BIRD's `bird` and `bird6`): every client opens
    an IPv4 session from clients[k] carrying only IPv4 unicast and a second, IPv6 session from
    clients6[k] carrying only IPv6 unicast (same AS and BGP identifier), to listen_ip6 on the
    same port. Off, clients6 is empty and each daemon offers both families on its IPv4 sessions
    (the old W1 configs). client6_range is the smallest IPv6 prefix holding every clients6.
    """

    def __init__(self, run_dir, sessions, listen_ip, port, pin, threads, asn=64512, cluster_id="244.0.0.1",
                 router_id="244.0.0.1", source_base="127.1.0.1", hold_time=90, v4=2, v6=2, extra=None,
                 v6_sessions=False, listen_ip6=None, source6_base="fd00:1::1"):
        self.run_dir = run_dir
        self.sessions = sessions
        self.listen_ip = listen_ip
        self.port = port
        self.pin = pin
        self.threads = threads
        self.asn = asn
        self.cluster_id = cluster_id
        self.router_id = router_id
        self.source_base = source_base
        self.hold_time = hold_time
        self.v4 = v4
        self.v6 = v6
        self.extra = extra or {}
        self.clients = client_addresses(source_base, sessions)
        self.client_range = covering_prefix(self.clients)
        self.v6_sessions = bool(v6_sessions)
        if self.v6_sessions and not listen_ip6:
            raise ValueError("v6 sessions need an IPv6 listen address")
        self.listen_ip6 = listen_ip6 if self.v6_sessions else None
        self.source6_base = source6_base
        self.clients6 = client6_addresses(source6_base, sessions) if self.v6_sessions else []
        self.client6_range = covering_prefix(self.clients6) if self.clients6 else None

    def listen_addresses(self):
        """Where the daemon must listen: the IPv4 address, and the IPv6 one with v6 sessions."""
        return [self.listen_ip] + ([self.listen_ip6] if self.listen_ip6 else [])

    def bgp_sessions(self):
        """BGP sessions the daemon ends up with: one per client, two with v6 sessions."""
        return self.sessions * (2 if self.v6_sessions else 1)


# ---------------------------------------------------------------------------------------------
# Addresses (the same enumeration as perf/loadgen/workload.cpp: base + k, skipping .0 and .255)
# ---------------------------------------------------------------------------------------------


def next_host_address(v):
    v += 1
    while v & 0xFF in (0, 0xFF):
        v += 1
    return v


def client_addresses(base, n):
    """The source address of each of the n loadgen sessions, in session order."""
    v = int(ipaddress.IPv4Address(base))
    if v & 0xFF in (0, 0xFF):
        raise ValueError("source base must not end in .0 or .255")
    out = []
    for _ in range(n):
        out.append(str(ipaddress.IPv4Address(v)))
        v = next_host_address(v)
    if out and not out[-1].startswith("127."):
        raise ValueError("client addresses leave 127.0.0.0/8")
    return out


def client6_addresses(base, n):
    """The IPv6 source address of each client's IPv6 session (v6 sessions): base + k, plain
    128-bit addition (no bytes skipped), as rrd-loadgen's --source6-base."""
    v = int(ipaddress.IPv6Address(base))
    return [str(ipaddress.IPv6Address(v + k)) for k in range(n)]


def covering_prefix(addresses):
    """The smallest prefix (IPv4 or IPv6, as the addresses) holding every address, for
    dynamic-neighbour ranges. The addresses come in ascending order."""
    first, last = ipaddress.ip_address(addresses[0]), ipaddress.ip_address(addresses[-1])
    bits = first.max_prefixlen
    lo, hi = int(first), int(last)
    length = bits
    while length > 0 and (lo >> (bits - length)) != (hi >> (bits - length)):
        length -= 1
    net = ipaddress.ip_network((lo >> (bits - length) << (bits - length), length))
    return str(net)


def _proc_net_address(ip):
    """ip as /proc/net/tcp{,6} prints it: 32-bit words in host byte order, as hex."""
    packed = ipaddress.ip_address(ip).packed
    words = (int.from_bytes(packed[i:i + 4], "big") for i in range(0, len(packed), 4))
    return "".join("%08X" % socket.ntohl(w) for w in words)


def listening(ip, port):
    """True when some socket listens on ip:port, or on the wildcard address of its family (for
    IPv4 also a dual-stack [::]), from /proc/net/tcp and /proc/net/tcp6 (this network
    namespace's: /proc/net follows the reading process)."""
    v6 = ":" in ip
    want = {"%s:%04X" % (_proc_net_address(a), port) for a in ((ip, "::") if v6 else (ip, "0.0.0.0", "::"))}
    for path in (("/proc/net/tcp6",) if v6 else ("/proc/net/tcp", "/proc/net/tcp6")):
        try:
            with open(path) as f:
                next(f)
                for line in f:
                    fields = line.split()
                    if fields[3] == "0A" and fields[1].upper() in want:
                        return True
        except OSError:  # no IPv6 in this kernel
            continue
    return False


def have(binary):
    return bool(shutil.which(binary) or (os.path.isabs(binary) and os.access(binary, os.X_OK)))


def can_pin():
    """Pinning needs CPUs 0 and 1 in our affinity set (and taskset)."""
    try:
        return {0, 1} <= os.sched_getaffinity(0) and have("taskset")
    except (AttributeError, OSError):
        return False


def pin_prefix(cpus):
    """['taskset', '-c', cpus] or [] (cpus None, or a machine where CPUs 0 and 1 are not ours)."""
    return ["taskset", "-c", cpus] if cpus and can_pin() else []


# ---------------------------------------------------------------------------------------------
# Processes
# ---------------------------------------------------------------------------------------------




_LIVE = []  # every Proc not yet stopped: stopped at exit, also when the harness fails


def stop_all():
    for proc in list(reversed(_LIVE)):
        try:
            proc.stop(grace=2.0)
        except Exception:  # noqa: BLE001 - keep cleaning up
            pass


atexit.register(stop_all)


class Proc:
    """A process in its own session; stopped by its session's process group (its own id) and by
    killing every process left in its session (forked engines that changed their group)."""

    def __init__(self, argv, cwd, log_name, env=None):
        self.argv = argv
        self.log_path = os.path.join(cwd, log_name)
        self._log = open(self.log_path, "ab")
        self.p = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=self._log,
                                  stderr=self._log, start_new_session=True, preexec_fn=die_with_parent)
        self.pid = self.p.pid
        _LIVE.append(self)

    def alive(self):
        return self.p.poll() is None

    def session_pids(self):
        """Every live process of this process's session (the daemon and the children it forked)."""
        return session_pids(self.pid)

    def stop(self, grace=5.0):
        pids = self.session_pids()
        if self.alive():
            _kill_group(self.pid, signal.SIGTERM)
            try:
                self.p.wait(grace)
            except subprocess.TimeoutExpired:
                pass
        _kill_session(self.pid, pids)
        try:
            self.p.wait(10)
        except subprocess.TimeoutExpired:
            pass
        self._forget()

    def _forget(self):
        """Closes the log and drops the process from the at-exit cleanup list."""
        try:
            self._log.close()
        except OSError:
            pass
        if self in _LIVE:
            _LIVE.remove(self)

    def kill9(self, timeout=10.0):
        """SIGKILL the whole session at once (no SIGTERM first: a crash, not a stop) and waits until
        every process of it is gone. Leaves every file the daemon wrote in place."""
        pids = set(self.session_pids()) | {self.pid}
        _kill_session(self.pid, pids)
        try:
            self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            pass
        # children reparented to init are reaped by it; a zombie holds no socket any more
        deadline = time.monotonic() + timeout
        while any(_running(pid) for pid in pids) and time.monotonic() < deadline:
            time.sleep(0.02)
        left = [pid for pid in pids if _running(pid)]
        self._forget()
        if left:
            raise RuntimeError("processes %s survived SIGKILL for %.0f s" % (left, timeout))
        return sorted(pids)

    def tail(self, n=40):
        return tail(self.log_path, n)


def _kill_session(pgid, pids):
    """SIGKILL the process group and every pid of the session (children that left the group)."""
    _kill_group(pgid, signal.SIGKILL)
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _running(pid):
    """True while pid exists and is not a zombie."""
    try:
        return _stat_fields(pid)[0] != "Z"
    except (OSError, ValueError):
        return False


def _kill_group(pgid, sig):
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _stat_fields(pid):
    with open("/proc/%d/stat" % pid) as f:
        text = f.read()
    # comm may hold spaces and parentheses: split after the last ')'
    return text[text.rindex(")") + 2:].split()


def session_pids(sid):
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            f = _stat_fields(int(entry))
        except (OSError, ValueError):
            continue
        # after comm: state ppid pgrp session ...
        if int(f[3]) == sid:
            out.append(int(entry))
    return sorted(out)


def cpu_seconds(pids):
    """{pid: user+system CPU s of every thread, plus reaped children} for the live pids."""
    out = {}
    for pid in pids:
        try:
            f = _stat_fields(pid)
        except (OSError, ValueError):
            continue
        # fields after comm start at 'state' (field 3): utime=14 stime=15 cutime=16 cstime=17
        utime, stime, cutime, cstime = (int(x) for x in f[11:15])
        out[pid] = (utime + stime + cutime + cstime) / CLK_TCK
    return out


def memory_kb(pids):
    """(sum of VmHWM, sum of VmRSS) in kB over the live pids."""
    hwm = rss = 0
    for pid in pids:
        try:
            with open("/proc/%d/status" % pid) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        hwm += int(line.split()[1])
                    elif line.startswith("VmRSS:"):
                        rss += int(line.split()[1])
        except OSError:
            continue
    return hwm, rss


def pss_kb(pids):
    """Sum of Pss (proportional set size: shared pages split between their users) in kB; OpenBGPD's
    forked engines share pages with their parent, which a sum of VmRSS counts several times."""
    total = 0
    for pid in pids:
        try:
            with open("/proc/%d/smaps_rollup" % pid) as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total


class Sampler:
    """Polls a daemon's processes while the load runs: the highest PSS seen, and the last CPU
    seen of each process (so that a process that exits before the end still counts)."""

    def __init__(self, pids_fn, interval=0.5):
        import threading
        self.pids_fn = pids_fn
        self.interval = interval
        self.peak_pss_kb = 0
        self.last_cpu = {}
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self):
        pids = self.pids_fn()
        self.peak_pss_kb = max(self.peak_pss_kb, pss_kb(pids))
        self.last_cpu.update(cpu_seconds(pids))
        self.samples += 1

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._stop.set()
        self._thread.join()
        self.sample()


def system_busy_seconds():
    """Busy CPU seconds of the whole machine so far (every CPU; /proc/stat)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal guest guest_nice
    busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + (fields[7] if len(fields) > 7 else 0)
    return busy / CLK_TCK


def run(argv, timeout=30, check=True, env=None, input_text=None):
    """Runs a control command (input_text on its stdin, else none); raises RuntimeError on failure
    or timeout."""
    try:
        r = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=env, input=input_text,
                           stdin=subprocess.DEVNULL if input_text is None else None)
    except subprocess.TimeoutExpired as e:
        raise RuntimeError("%s timed out after %s s" % (" ".join(argv), timeout)) from e
    if check and r.returncode != 0:
        raise RuntimeError("%s failed (%d): %s %s" % (" ".join(argv), r.returncode, r.stdout, r.stderr))
    return r.stdout


class Daemon:
    """One device under test. Subclasses write their config in `configure` and return the argv
    (and environment) that starts them in the foreground; `ready` is polled after the listener
    is up; `peer_summary` (optional) asks the daemon how many sessions it has Established."""

    name = "?"
    label = "?"
    binaries = ()
    needs_root = False

    def __init__(self, setup, build=None):
        self.s = setup
        self.build = build
        self.proc = None
        self.config_files = []

    def check_available(self):
        for b in self.binaries:
            if not have(b):
                raise Skip("%s: %s not installed" % (self.label, b))
        if self.needs_root and os.geteuid() != 0:
            raise Skip("%s: needs root" % self.label)

    def cpus(self):
        """The CPU list the daemon is pinned to, None for every CPU."""
        return "1" if self.s.pin == "separate" else None

    def configure(self):
        """Writes the config files; returns (argv, env or None)."""
        raise NotImplementedError

    def graceful_restart(self):
        """True for W3: advertise graceful restart (restart time RESTART_TIME) and act as the
        restarting speaker after restart(). Off, the configs are those of W1/W4/W5."""
        return bool(self.s.extra.get("graceful_restart"))

    def start(self):
        argv, env = self.configure()
        self.argv = pin_prefix(self.cpus()) + argv
        self.env = env
        self.proc = Proc(self.argv, self.s.run_dir, self.name + ".out", env=env)
        return self

    def kill9(self):
        """SIGKILL every process of the daemon at once and waits until they are gone. The run
        directory, config and any state the daemon keeps there stay for restart()."""
        if self.proc:
            self.killed_pids = self.proc.kill9()
        return self

    def restart_command(self):
        """(argv, env) that starts the daemon again from the same run_dir and config, as a
        restarting speaker where it has such a mode (subclasses add their switch)."""
        return self.argv, self.env

    def restart(self, timeout=120):
        """Starts the daemon again after kill9() and waits until it is ready (listening, and
        `ready`). Returns the seconds from the start to ready. pids() gives the new processes."""
        if self.proc and self.proc.alive():
            raise RuntimeError("%s: restart() while still running (kill9() first)" % self.label)
        t0 = time.monotonic()
        argv, env = self.restart_command()
        self.restart_argv = argv
        self.proc = Proc(argv, self.s.run_dir, self.name + ".out", env=env)
        self.restarts = getattr(self, "restarts", 0) + 1
        self.wait_ready(timeout)
        return time.monotonic() - t0

    def alive_or_raise(self):
        if self.proc is None or not self.proc.alive():
            raise RuntimeError("%s exited (%s); log:\n%s" % (self.label, None if self.proc is None
                                                             else self.proc.p.returncode, self.log_tail()))
        return True

    def wait_ready(self, timeout=60):
        for ip in self.s.listen_addresses():
            wait_until(lambda ip=ip: self.alive_or_raise() and listening(ip, self.s.port), timeout,
                       "%s listening on %s" % (self.label, ("[%s]:%d" if ":" in ip else "%s:%d") % (ip, self.s.port)))
        wait_until(lambda: self.alive_or_raise() and self.ready(), timeout, "%s ready" % self.label, interval=0.2)
        return self

    def ready(self):
        return True

    def after_load(self):
        """Hook run after the load generator finished, before the daemon stops (e.g. queries)."""
        return {}

    def peer_summary(self):
        return None

    def self_report(self):
        """{'cpu_s', 'peak_rss_kb'} measured by the daemon itself, or None (then /proc is used)."""
        return None

    def count_states(self, pairs):
        """peer_summary's result from (peer address, state) pairs: {state: count}; with v6
        sessions {"ipv4": {...}, "ipv6": {...}} by the peer address's family."""
        out = {}
        for address, state in pairs:
            d = out
            if self.s.v6_sessions:
                d = out.setdefault("ipv6" if ":" in str(address) else "ipv4", {})
            d[state] = d.get(state, 0) + 1
        return out

    def pids(self):
        return self.proc.session_pids() if self.proc else []

    def stop(self):
        if self.proc:
            self.proc.stop()

    def log_files(self):
        return [self.proc.log_path] if self.proc else []

    def log_tail(self, n=40):
        return "\n".join("--- %s ---\n%s" % (os.path.basename(p), tail(p, n)) for p in self.log_files())
