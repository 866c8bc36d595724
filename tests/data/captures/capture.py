#!/usr/bin/env python3
"""Capture real BGP OPEN/UPDATE messages from Debian 12 BGP daemons over loopback.

For every scenario this script writes a daemon configuration into a private
temporary directory, starts the daemon, plays a minimal BGP speaker itself
(plain sockets, 127.x addresses, unprivileged ports), records the raw bytes of
every message the daemon sends until it has sent its routes and End-of-RIB
markers, and writes them as hex into <out>/<scenario>.msgs.

Usage:
    python3 tests/data/captures/capture.py --out tests/data/captures
    python3 tests/data/captures/capture.py --out DIR --only bird2-ibgp,frr-ibgp
    python3 tests/data/captures/capture.py --verify tests/data/captures

Only the Python 3 standard library is used.  Traffic goes to 127.0.0.0/8 only.
Every daemon runs from its own temporary directory and is stopped by pid; the
host's /etc and /run are never touched (OpenBGPD runs in a private mount
namespace with a tmpfs on /run, which needs root).
"""

import argparse
import ipaddress
import os
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

MARKER = b"\xff" * 16
T_OPEN, T_UPDATE, T_NOTIFICATION, T_KEEPALIVE, T_ROUTE_REFRESH = 1, 2, 3, 4, 5
TYPE_NAMES = {1: "OPEN", 2: "UPDATE", 3: "NOTIFICATION", 4: "KEEPALIVE", 5: "ROUTE-REFRESH"}
AS_TRANS = 23456

IPV4_UNICAST = (1, 1)
IPV6_UNICAST = (2, 1)
FAMILY_NAMES = {IPV4_UNICAST: "ipv4-unicast", IPV6_UNICAST: "ipv6-unicast"}

SCENARIO_TIMEOUT = 60.0      # hard cap per scenario (daemon start + session)
QUIET_AFTER_EOR = 2.0        # keep listening this long after the last message once all EoRs are in


def fam_name(fam):
    return FAMILY_NAMES.get(fam, "afi%d-safi%d" % fam)


# ---------------------------------------------------------------------------
# Message construction (our side)
# ---------------------------------------------------------------------------

def bgp_msg(mtype, body=b""):
    return MARKER + struct.pack("!HB", 19 + len(body), mtype) + body


def cap(code, value=b""):
    return struct.pack("!BB", code, len(value)) + value


def build_open(asn, router_id, hold=90, four_octet=True, add_path_rx=True,
               extended_message=True, graceful_restart=True, route_refresh=True):
    caps = b""
    caps += cap(1, struct.pack("!HBB", 1, 0, 1))          # MP ipv4 unicast
    caps += cap(1, struct.pack("!HBB", 2, 0, 1))          # MP ipv6 unicast
    if route_refresh:
        caps += cap(2)
    if extended_message:
        caps += cap(6)
    if graceful_restart:
        # R=0, restart time 120 s, both families without forwarding-state bit
        caps += cap(64, struct.pack("!H", 120) + struct.pack("!HBB", 1, 1, 0) + struct.pack("!HBB", 2, 1, 0))
    if four_octet:
        caps += cap(65, struct.pack("!I", asn))
    if add_path_rx:
        caps += cap(69, struct.pack("!HBB", 1, 1, 1) + struct.pack("!HBB", 2, 1, 1))  # receive
    params = struct.pack("!BB", 2, len(caps)) + caps
    my_as = asn if asn <= 0xFFFF else AS_TRANS
    body = struct.pack("!BHH4sB", 4, my_as, hold, socket.inet_aton(router_id), len(params)) + params
    return bgp_msg(T_OPEN, body)


def build_eor(fam):
    if fam == IPV4_UNICAST:
        return bgp_msg(T_UPDATE, b"\x00\x00\x00\x00")
    attr = struct.pack("!BBB", 0x80, 15, 3) + struct.pack("!HB", fam[0], fam[1])
    return bgp_msg(T_UPDATE, struct.pack("!H", 0) + struct.pack("!H", len(attr)) + attr)


NOTIFICATION_CEASE_ADMIN_SHUTDOWN = bgp_msg(T_NOTIFICATION, b"\x06\x02")
KEEPALIVE = bgp_msg(T_KEEPALIVE)


# ---------------------------------------------------------------------------
# Decoding (for negotiation, comments and verification)
# ---------------------------------------------------------------------------

def parse_open(body):
    ver, my_as, hold, bgp_id, optlen = struct.unpack("!BHH4sB", body[:10])
    params = body[10:10 + optlen]
    if optlen == 255 and len(params) and params[0] == 255:   # RFC 9072 extended params
        optlen = struct.unpack("!H", body[11:13])[0]
        params = body[13:13 + optlen]
        ext = True
    else:
        ext = False
    caps = []
    i = 0
    while i < len(params):
        if ext:
            ptype, plen = params[i], struct.unpack("!H", params[i + 1:i + 3])[0]
            pval = params[i + 3:i + 3 + plen]
            i += 3 + plen
        else:
            ptype, plen = params[i], params[i + 1]
            pval = params[i + 2:i + 2 + plen]
            i += 2 + plen
        if ptype != 2:
            continue
        j = 0
        while j < len(pval):
            code, clen = pval[j], pval[j + 1]
            caps.append((code, pval[j + 2:j + 2 + clen]))
            j += 2 + clen
    return {"version": ver, "my_as": my_as, "hold": hold,
            "bgp_id": socket.inet_ntoa(bgp_id), "caps": caps}


def open_summary(o):
    """Return dict: families, four_octet asn, add_path {fam: mode}, ext_msg, gr, rr."""
    s = {"families": set(), "as4": None, "add_path": {}, "ext_msg": False,
         "gr": None, "rr": False, "other": []}
    for code, val in o["caps"]:
        if code == 1 and len(val) == 4:
            afi, _, safi = struct.unpack("!HBB", val)
            s["families"].add((afi, safi))
        elif code == 65 and len(val) == 4:
            s["as4"] = struct.unpack("!I", val)[0]
        elif code == 69:
            for k in range(0, len(val) - 3, 4):
                afi, safi, mode = struct.unpack("!HBB", val[k:k + 4])
                s["add_path"][(afi, safi)] = mode
        elif code == 6:
            s["ext_msg"] = True
        elif code == 64:
            s["gr"] = val
        elif code == 2:
            s["rr"] = True
        else:
            s["other"].append(code)
    if not any(c == 1 for c, _ in o["caps"]):
        s["families"].add(IPV4_UNICAST)
    return s


CAP_NAMES = {1: "MP", 2: "ROUTE_REFRESH", 6: "EXTENDED_MESSAGE", 9: "BGP_ROLE", 64: "GRACEFUL_RESTART",
             65: "AS4", 69: "ADD_PATH", 70: "ENHANCED_ROUTE_REFRESH", 71: "LLGR", 73: "FQDN",
             5: "EXTENDED_NEXTHOP", 128: "ROUTE_REFRESH_OLD(128)", 75: "SOFTWARE_VERSION"}


def describe_open(o):
    parts = ["AS %d hold %d id %s" % (o["my_as"], o["hold"], o["bgp_id"])]
    cl = []
    for code, val in o["caps"]:
        name = CAP_NAMES.get(code, "cap%d" % code)
        if code == 1 and len(val) == 4:
            afi, _, safi = struct.unpack("!HBB", val)
            cl.append("MP(%s)" % fam_name((afi, safi)))
        elif code == 65 and len(val) == 4:
            cl.append("AS4(%d)" % struct.unpack("!I", val)[0])
        elif code == 69:
            modes = {1: "rx", 2: "tx", 3: "rx+tx"}
            items = []
            for k in range(0, len(val) - 3, 4):
                afi, safi, mode = struct.unpack("!HBB", val[k:k + 4])
                items.append("%s:%s" % (fam_name((afi, safi)), modes.get(mode, str(mode))))
            cl.append("ADD_PATH(%s)" % ",".join(items))
        elif code == 64 and len(val) >= 2:
            fl = struct.unpack("!H", val[:2])[0]
            n = (len(val) - 2) // 4
            cl.append("GRACEFUL_RESTART(flags=0x%x,time=%d,%d afi)" % (fl >> 12, fl & 0xFFF, n))
        elif code == 73:
            cl.append("FQDN")
        else:
            cl.append(name if not val else "%s[%d]" % (name, len(val)))
    parts.append("caps: " + " ".join(cl))
    return ", ".join(parts)


def abbrev(items, keep=6):
    """Shorten very long lists in comments: first items, '...', last item, and the count."""
    if len(items) <= keep + 2:
        return ",".join(items)
    return ",".join(items[:keep]) + ",...," + items[-1] + " (%d)" % len(items)


def parse_prefixes(data, afi, add_path):
    out = []
    i = 0
    alen = 4 if afi == 1 else 16
    while i < len(data):
        pid = None
        if add_path:
            pid = struct.unpack("!I", data[i:i + 4])[0]
            i += 4
        plen = data[i]
        i += 1
        nb = (plen + 7) // 8
        raw = data[i:i + nb] + b"\x00" * (alen - nb)
        i += nb
        if i > len(data) or plen > alen * 8:
            raise ValueError("bad prefix encoding")
        addr = ipaddress.ip_address(raw)
        out.append(("%s/%d" % (addr, plen)) + ("#%d" % pid if pid is not None else ""))
    return out


ATTR_NAMES = {1: "ORIGIN", 2: "AS_PATH", 3: "NEXT_HOP", 4: "MED", 5: "LOCAL_PREF",
              6: "ATOMIC_AGGREGATE", 7: "AGGREGATOR", 8: "COMMUNITIES", 9: "ORIGINATOR_ID",
              10: "CLUSTER_LIST", 14: "MP_REACH", 15: "MP_UNREACH", 16: "EXT_COMMUNITIES",
              17: "AS4_PATH", 18: "AS4_AGGREGATOR", 32: "LARGE_COMMUNITIES", 35: "OTC"}


def parse_as_path(val, asn_len):
    segs = []
    i = 0
    while i < len(val):
        st, n = val[i], val[i + 1]
        i += 2
        fmt = "!I" if asn_len == 4 else "!H"
        asns = [struct.unpack(fmt, val[i + k * asn_len:i + (k + 1) * asn_len])[0] for k in range(n)]
        i += n * asn_len
        if st == 1:
            segs.append("{" + ",".join(map(str, asns)) + "}")
        else:
            segs.append(" ".join(map(str, asns)) if st == 2 else "(%d:%s)" % (st, " ".join(map(str, asns))))
    if i != len(val):
        raise ValueError("bad AS_PATH")
    return " ".join(segs)


def describe_update(body, ctx):
    """Return (description, eor_family_or_None).  ctx: dict with as4, add_path_rx set."""
    wlen = struct.unpack("!H", body[:2])[0]
    withdrawn = body[2:2 + wlen]
    alen = struct.unpack("!H", body[2 + wlen:4 + wlen])[0]
    attrs = body[4 + wlen:4 + wlen + alen]
    nlri = body[4 + wlen + alen:]
    if 4 + wlen + alen > len(body):
        raise ValueError("bad UPDATE lengths")
    if wlen == 0 and alen == 0 and not nlri:
        return "End-of-RIB ipv4-unicast", IPV4_UNICAST
    ap = ctx["add_path_rx"]
    items = []
    desc_attrs = []
    eor = None
    mp_reach = mp_unreach = None
    n_attrs = 0
    i = 0
    while i < len(attrs):
        flags, code = attrs[i], attrs[i + 1]
        if flags & 0x10:
            ln = struct.unpack("!H", attrs[i + 2:i + 4])[0]
            val = attrs[i + 4:i + 4 + ln]
            i += 4 + ln
        else:
            ln = attrs[i + 2]
            val = attrs[i + 3:i + 3 + ln]
            i += 3 + ln
        n_attrs += 1
        name = ATTR_NAMES.get(code, "ATTR%d" % code)
        xl = "+xlen" if flags & 0x10 else ""
        if code == 1:
            d = "ORIGIN=%s" % {0: "IGP", 1: "EGP", 2: "INCOMPLETE"}.get(val[0], val[0])
        elif code == 2:
            d = "AS_PATH=[%s]" % parse_as_path(val, 4 if ctx["as4"] else 2)
        elif code == 17:
            d = "AS4_PATH=[%s]" % parse_as_path(val, 4)
        elif code == 3:
            d = "NEXT_HOP=%s" % socket.inet_ntoa(val)
        elif code == 4:
            d = "MED=%d" % struct.unpack("!I", val)[0]
        elif code == 5:
            d = "LOCAL_PREF=%d" % struct.unpack("!I", val)[0]
        elif code == 8:
            cs = [struct.unpack("!HH", val[k:k + 4]) for k in range(0, len(val), 4)]
            d = "COMMUNITIES=%s" % abbrev(["%d:%d" % c for c in cs])
        elif code == 32:
            cs = [struct.unpack("!III", val[k:k + 12]) for k in range(0, len(val), 12)]
            d = "LARGE_COMMUNITIES=%s" % abbrev(["%d:%d:%d" % c for c in cs])
        elif code == 16:
            d = "EXT_COMMUNITIES=%s" % abbrev([val[k:k + 8].hex() for k in range(0, len(val), 8)])
        elif code == 9:
            d = "ORIGINATOR_ID=%s" % socket.inet_ntoa(val)
        elif code == 10:
            d = "CLUSTER_LIST=%s" % ",".join(socket.inet_ntoa(val[k:k + 4]) for k in range(0, len(val), 4))
        elif code == 14:
            afi, safi, nhl = struct.unpack("!HBB", val[:4])
            nh = val[4:4 + nhl]
            fam = (afi, safi)
            pfx = parse_prefixes(val[5 + nhl:], afi, fam in ap)
            if afi == 2 and nhl in (16, 32):
                nhs = [str(ipaddress.ip_address(nh[k:k + 16])) for k in range(0, nhl, 16)]
            elif nhl == 4:
                nhs = [socket.inet_ntoa(nh)]
            else:
                nhs = [nh.hex()]
            mp_reach = (fam, pfx)
            d = "MP_REACH(%s nh=%s [%d octets] %d NLRI)" % (fam_name(fam), "+".join(nhs), nhl, len(pfx))
        elif code == 15:
            afi, safi = struct.unpack("!HB", val[:3])
            fam = (afi, safi)
            pfx = parse_prefixes(val[3:], afi, fam in ap)
            mp_unreach = (fam, pfx)
            d = "MP_UNREACH(%s %d withdrawn)" % (fam_name(fam), len(pfx))
        else:
            d = "%s[%d]" % (name, ln)
        d += xl
        if flags & 0xE0 != {1: 0x40, 2: 0x40, 3: 0x40, 4: 0x80, 5: 0x40, 8: 0xC0, 9: 0x80, 10: 0x80,
                            14: 0x80, 15: 0x80, 16: 0xC0, 17: 0xC0, 32: 0xC0}.get(code, flags & 0xE0):
            d += "(flags=0x%02x)" % flags
        desc_attrs.append(d)
    if i != len(attrs):
        raise ValueError("bad attribute lengths")
    w = parse_prefixes(withdrawn, 1, IPV4_UNICAST in ap)
    n = parse_prefixes(nlri, 1, IPV4_UNICAST in ap)
    if n_attrs == 1 and mp_unreach and not mp_unreach[1] and not w and not n:
        return "End-of-RIB %s" % fam_name(mp_unreach[0]), mp_unreach[0]
    if n:
        items.append("%d IPv4 NLRI %s" % (len(n), " ".join(n)))
    if w:
        items.append("%d IPv4 withdrawn %s" % (len(w), " ".join(w)))
    if mp_reach:
        items.append("%d %s NLRI %s" % (len(mp_reach[1]), fam_name(mp_reach[0]), " ".join(mp_reach[1])))
    if mp_unreach:
        items.append("%d %s withdrawn %s" % (len(mp_unreach[1]), fam_name(mp_unreach[0]), " ".join(mp_unreach[1])))
    return "; ".join(items) + "; attrs: " + " ".join(desc_attrs), eor


def describe(msg, ctx):
    mtype = msg[18]
    body = msg[19:]
    tn = TYPE_NAMES.get(mtype, "TYPE%d" % mtype)
    if mtype == T_OPEN:
        return tn + " " + describe_open(parse_open(body)), None
    if mtype == T_UPDATE:
        d, eor = describe_update(body, ctx)
        return tn + " " + d, eor
    if mtype == T_NOTIFICATION:
        return "%s code %d subcode %d data %s" % (tn, body[0], body[1], body[2:].hex()), None
    if mtype == T_ROUTE_REFRESH:
        afi, _, safi = struct.unpack("!HBB", body[:4])
        return "%s %s" % (tn, fam_name((afi, safi))), None
    return tn, None


# ---------------------------------------------------------------------------
# The speaker
# ---------------------------------------------------------------------------

class Session:
    """Minimal BGP speaker on a connected socket; records what the peer sends."""

    def __init__(self, sock, our_open, deadline, log):
        self.sock = sock
        self.our_open = our_open
        self.deadline = deadline
        self.log = log
        self.msgs = []          # raw bytes, in arrival order (first KEEPALIVE only)
        self.all_count = 0
        self.ctx = None
        self.peer_open = None
        self.families = set()
        self.eors = set()
        self.notification = None

    def negotiate(self, peer_open):
        ours = open_summary(parse_open(self.our_open[19:]))
        theirs = open_summary(peer_open)
        fams = ours["families"] & theirs["families"]
        add_path_rx = set()
        for fam in fams:
            if theirs["add_path"].get(fam, 0) & 2 and ours["add_path"].get(fam, 0) & 1:
                add_path_rx.add(fam)
        self.families = fams
        self.ctx = {"as4": ours["as4"] is not None and theirs["as4"] is not None,
                    "add_path_rx": add_path_rx,
                    "ext_msg": ours["ext_msg"] and theirs["ext_msg"],
                    "families": fams}

    def run(self):
        s = self.sock
        s.setblocking(False)
        self._send(self.our_open)
        buf = b""
        established = False
        last_rx = time.monotonic()
        all_eor_at = None
        while True:
            now = time.monotonic()
            if now >= self.deadline:
                self.log("  deadline reached")
                break
            if all_eor_at is not None and now - last_rx >= QUIET_AFTER_EOR:
                break
            r, _, _ = select.select([s], [], [], 0.1)
            if not r:
                continue
            try:
                data = s.recv(65536)
            except (BlockingIOError, InterruptedError):
                continue
            except ConnectionError as e:
                self.log("  connection error: %s" % e)
                break
            if not data:
                self.log("  peer closed the connection")
                break
            last_rx = time.monotonic()
            buf += data
            while len(buf) >= 19:
                if buf[:16] != MARKER:
                    raise RuntimeError("bad marker in stream")
                ln = struct.unpack("!H", buf[16:18])[0]
                if ln < 19:
                    raise RuntimeError("bad length %d" % ln)
                if len(buf) < ln:
                    break
                m, buf = buf[:ln], buf[ln:]
                self.all_count += 1
                mtype = m[18]
                if mtype == T_KEEPALIVE:
                    if not any(x[18] == T_KEEPALIVE for x in self.msgs):
                        self.msgs.append(m)
                    self._send(KEEPALIVE)
                    if not established and self.peer_open is not None:
                        established = True
                        for fam in sorted(self.families):
                            self._send(build_eor(fam))
                    continue
                self.msgs.append(m)
                if mtype == T_OPEN:
                    self.peer_open = parse_open(m[19:])
                    self.negotiate(self.peer_open)
                    self._send(KEEPALIVE)
                elif mtype == T_UPDATE:
                    _, eor = describe_update(m[19:], self.ctx)
                    if eor:
                        self.eors.add(eor)
                        if self.eors >= self.families and all_eor_at is None:
                            all_eor_at = time.monotonic()
                elif mtype == T_NOTIFICATION:
                    self.notification = m
                    self.log("  NOTIFICATION received: %s" % m[19:].hex())
                    return
        try:
            self._send(NOTIFICATION_CEASE_ADMIN_SHUTDOWN)
        except (OSError, RuntimeError):
            pass

    def _send(self, data):
        end = time.monotonic() + 5
        view = memoryview(data)
        while view:
            if time.monotonic() > end:
                raise RuntimeError("send timed out")
            _, w, _ = select.select([], [self.sock], [], 0.5)
            if not w:
                continue
            try:
                n = self.sock.send(view)
            except BlockingIOError:
                continue
            view = view[n:]


def free_port(ip):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((ip, 0))
    port = s.getsockname()[1]
    s.close()
    return port


def connect_retry(local_ip, remote_ip, port, deadline, proc=None):
    last = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError("daemon exited with status %s" % proc.returncode)
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        s.bind((local_ip, 0))
        s.settimeout(2)
        try:
            s.connect((remote_ip, port))
            s.settimeout(None)
            return s
        except OSError as e:
            last = e
            s.close()
            time.sleep(0.3)
    raise RuntimeError("could not connect to %s:%d: %s" % (remote_ip, port, last))


def accept_one(lsock, deadline, proc=None):
    lsock.settimeout(0.5)
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError("daemon exited with status %s" % proc.returncode)
        try:
            s, _ = lsock.accept()
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return s
        except socket.timeout:
            continue
    raise RuntimeError("daemon did not connect")


# ---------------------------------------------------------------------------
# Process handling
# ---------------------------------------------------------------------------

def _die_with_parent():
    """preexec_fn: ask the kernel to SIGKILL the daemon if this script dies without cleaning up."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)      # PR_SET_PDEATHSIG
    except Exception:  # noqa: BLE001 - best effort only
        pass


class Proc:
    """A daemon started in its own process group; stopped by that id only."""

    def __init__(self, argv, tmp, name, env=None):
        self.name = name
        self.out = open(os.path.join(tmp, name + ".stdout"), "wb")
        self.p = subprocess.Popen(argv, stdout=self.out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                  cwd=tmp, env=env, start_new_session=True, preexec_fn=_die_with_parent)

    def poll(self):
        return self.p.poll()

    @property
    def returncode(self):
        return self.p.returncode

    def stop(self):
        if self.p.poll() is None:
            for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
                try:
                    os.killpg(self.p.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.p.wait(wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        # children that outlived the leader (same process group)
        try:
            os.killpg(self.p.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.out.close()


def dpkg_version(pkg):
    try:
        return subprocess.run(["dpkg-query", "-W", "-f", "${Version}", pkg], capture_output=True,
                              text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def daemon_label(pretty, pkg):
    v = dpkg_version(pkg)
    upstream = v.split(":")[-1].split("-")[0].split("+")[0] if v else "?"
    return "%s %s (Debian 12 package %s %s)" % (pretty, upstream, pkg, v)


def write_conf(tmp, name, text):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def tail(path, n=30):
    try:
        with open(path, "rb") as f:
            return b"\n".join(f.read().splitlines()[-n:]).decode(errors="replace")
    except OSError:
        return ""


# ---------------------------------------------------------------------------
# Route plan shared by the scenarios (values chosen per daemon where needed)
# ---------------------------------------------------------------------------

LOCAL_AS = 65001            # daemon AS for iBGP
PEER_AS_EBGP = 65002        # our AS on eBGP sessions
BIG_AS = 4200000001         # daemon AS on the 2-octet-peer session

# group A: communities, MED, LOCAL_PREF; several lengths so NLRI get packed
V4_A = ["10.0.0.0/8", "10.1.0.0/16", "10.2.3.0/24", "10.2.4.128/25", "10.9.9.9/32"]
# group B: large + extended communities
V4_B = ["172.16.0.0/12", "192.168.100.0/22", "198.51.100.0/24"]
# group C: plain
V4_C = ["100.64.0.0/10", "203.0.113.0/27", "203.0.113.64/26"]
V6_D = ["2001:db8::/32", "2001:db8:1::/48", "2001:db8:2:3::/64"]
V6_E = ["2001:db8:8000::/33", "2001:db8:ffff::1/128", "2001:db8:ff00::/40"]


# ---------------------------------------------------------------------------
# Scenario runners
# ---------------------------------------------------------------------------

class Skip(Exception):
    """Scenario cannot run in this environment (reported, not counted as a failure)."""


class Result:
    def __init__(self, name, daemon, scenario, session, notes=()):
        self.name = name
        self.daemon = daemon
        self.scenario = scenario
        self.session = session
        self.notes = list(notes)


def run_session_connect(local_ip, daemon_ip, port, our_open, deadline, proc, log):
    s = connect_retry(local_ip, daemon_ip, port, deadline, proc)
    try:
        sess = Session(s, our_open, deadline, log)
        sess.run()
    finally:
        s.close()
    return sess


# ---- BIRD 2 ---------------------------------------------------------------

def bird_static(name, table_kw, routes, attrs):
    lines = ["protocol static %s {" % name, "  %s { import filter { %s accept; }; };" % (table_kw, attrs)]
    for r in routes:
        lines.append("  route %s blackhole;" % r)
    lines.append("}")
    return "\n".join(lines) + "\n"


def run_bird(sc, tmp, log):
    idx = {"bird2-ibgp": 1, "bird2-addpath": 2, "bird2-ebgp-as2": 3, "bird2-extmsg": 4}[sc]
    dip, lip = "127.10.%d.1" % idx, "127.10.%d.2" % idx
    port = free_port(dip)
    ebgp = sc == "bird2-ebgp-as2"
    addpath = sc == "bird2-addpath"
    local_as = BIG_AS if ebgp else LOCAL_AS
    peer_as = PEER_AS_EBGP if ebgp else LOCAL_AS
    conf = ['log "%s/bird.log" all;' % tmp, "router id 10.255.0.%d;" % idx,
            "protocol device { scan time 3600; }"]
    ca = "bgp_community.add((65001,100)); bgp_community.add((65001,200)); bgp_med = 50; bgp_local_pref = 250;"
    cb = ("bgp_large_community.add((65001,1,1)); bgp_large_community.add((4200000001,2,3)); "
          "bgp_ext_community.add((rt,65001,1)); bgp_ext_community.add((ro,65001,7)); "
          "bgp_ext_community.add((generic,0x030c0000,8));")
    if ebgp:
        cb += " bgp_path.prepend(65100); bgp_path.prepend(4200000099);"
    if sc == "bird2-extmsg":
        # 1500 communities (6000 octets): the UPDATEs only fit because extended messages are negotiated
        big = " ".join("bgp_community.add((65001,%d));" % k for k in range(1, 1501))
        conf.append(bird_static("s4x", "ipv4", ["10.200.0.0/16", "10.201.0.0/24"], big + " bgp_med = 1;"))
        conf.append(bird_static("s6x", "ipv6", ["2001:db8:200::/48"], big))
        conf.append(bird_static("s4c", "ipv4", V4_C, ""))
    else:
        conf.append(bird_static("s4a", "ipv4", V4_A, ca))
        conf.append(bird_static("s4b", "ipv4", V4_B, cb))
        conf.append(bird_static("s4c", "ipv4", V4_C + ["0.0.0.0/0"], ""))
        conf.append(bird_static("s6d", "ipv6", V6_D, ca))
        conf.append(bird_static("s6e", "ipv6", V6_E, cb))
    if addpath:
        # a second path for some prefixes, from another protocol, so ADD-PATH carries two path ids
        conf.append(bird_static("s4alt", "ipv4", V4_A[:3], "bgp_med = 77; bgp_community.add((65001,999));"))
        conf.append(bird_static("s6alt", "ipv6", V6_D[:2], "bgp_med = 77; bgp_community.add((65001,999));"))
    ap = " add paths tx;" if addpath else ""
    exp4 = "export all;"
    exp6 = "export all;"
    if ebgp:
        exp4 = "export filter { bgp_path.prepend(%d); bgp_path.prepend(%d); accept; };" % (BIG_AS, BIG_AS)
        exp6 = exp4
    conf.append("""protocol bgp peer {
  local %s port %d as %d;
  neighbor %s as %d;
  passive on;
  strict bind on;
  %s
  hold time 90;
  enable extended messages on;
  graceful restart on;
  ipv4 { import none; %s%s };
  ipv6 { import none; %s next hop address 2001:db8:ffff::%d;%s };
}
""" % (dip, port, local_as, lip, peer_as, "multihop 2;" if ebgp else "", exp4, ap, exp6, idx, ap))
    cpath = write_conf(tmp, "bird.conf", "\n".join(conf))
    argv = ["bird", "-f", "-c", cpath, "-s", os.path.join(tmp, "bird.ctl"), "-P", os.path.join(tmp, "bird.pid")]
    proc = Proc(argv, tmp, "bird")
    try:
        deadline = time.monotonic() + SCENARIO_TIMEOUT
        our_open = build_open(peer_as, "10.255.255.%d" % idx, four_octet=not ebgp)
        sess = run_session_connect(lip, dip, port, our_open, deadline, proc, log)
    finally:
        proc.stop()
        blog = os.path.join(tmp, "bird.log")
    scen = {
        "bird2-ibgp": "iBGP AS %d, BIRD passive on %s, us %s; static IPv4+IPv6 routes with communities, "
                      "MED, LOCAL_PREF, large and extended communities; IPv6 next hop forced "
                      "('next hop address')" % (LOCAL_AS, dip, lip),
        "bird2-addpath": "iBGP AS %d with 'add paths tx' on both channels; some prefixes originated by two "
                         "static protocols so two paths per prefix are sent" % LOCAL_AS,
        "bird2-ebgp-as2": "eBGP: BIRD AS %d, our OPEN has NO 4-octet AS capability (AS %d); export filter "
                          "prepends own AS twice; group B routes carry AS_PATH 4200000099 65100 from the "
                          "static import filter -> AS_TRANS in AS_PATH plus AS4_PATH" % (BIG_AS, PEER_AS_EBGP),
        "bird2-extmsg": "iBGP AS %d, extended messages negotiated; 10.200.0.0/16, 10.201.0.0/24 (MED 1) and "
                        "2001:db8:200::/48 carry 1500 communities 65001:1..65001:1500 (6000-octet attribute), "
                        "so those UPDATEs are longer than 4096 octets; plus three plain IPv4 routes"
                        % LOCAL_AS,
    }[sc]
    if sess.peer_open is None:
        log(tail(blog))
    return Result(sc, daemon_label("BIRD", "bird2"), scen, sess)


# ---- FRR ------------------------------------------------------------------

def run_frr(sc, tmp, log):
    idx = {"frr-ibgp": 11, "frr-addpath": 12, "frr-ebgp": 13}[sc]
    dip, lip = "127.10.%d.1" % idx, "127.10.%d.2" % idx
    port = free_port(dip)
    ebgp = sc == "frr-ebgp"
    addpath = sc == "frr-addpath"
    peer_as = PEER_AS_EBGP if ebgp else LOCAL_AS
    nh4 = "198.18.%d.1" % idx
    nh6 = "2001:db8:ffff::%d" % idx
    c = ["frr defaults traditional", "hostname capture-%s" % sc, "log file %s/bgpd.log debugging" % tmp,
         "no ipv6 forwarding", "!",
         "route-map RM-A permit 10", " set community 65001:100 65001:200", " set metric 50",
         " set local-preference 250", "exit", "!",
         "route-map RM-B permit 10", " set large-community 65001:1:1 4200000001:2:3",
         " set extcommunity rt 65001:1", " set extcommunity soo 65001:7", " set origin incomplete", "exit", "!",
         "route-map OUT4 permit 10", " set ip next-hop %s" % nh4]
    if ebgp:
        c.append(" set as-path prepend %d %d" % (LOCAL_AS, LOCAL_AS))
    c += ["exit", "!", "route-map OUT6 permit 10", " set ipv6 next-hop global %s" % nh6,
          " set ipv6 next-hop local fe80::%d" % idx]
    if ebgp:
        c.append(" set as-path prepend %d %d" % (LOCAL_AS, LOCAL_AS))
    c += ["exit", "!",
          "router bgp %d" % LOCAL_AS, " bgp router-id 10.255.0.%d" % idx, " no bgp default ipv4-unicast",
          " no bgp network import-check", " no bgp ebgp-requires-policy", " bgp graceful-restart",
          " neighbor %s remote-as %d" % (lip, peer_as), " neighbor %s passive" % lip,
          " neighbor %s timers 30 90" % lip]
    if ebgp:
        c.append(" neighbor %s disable-connected-check" % lip)
    c += [" address-family ipv4 unicast"]
    for p in V4_A:
        c.append("  network %s route-map RM-A" % p)
    for p in V4_B:
        c.append("  network %s route-map RM-B" % p)
    for p in V4_C:
        c.append("  network %s" % p)
    c += ["  neighbor %s activate" % lip, "  neighbor %s route-map OUT4 out" % lip]
    if addpath:
        c.append("  neighbor %s addpath-tx-all-paths" % lip)
    c += [" exit-address-family", " address-family ipv6 unicast"]
    for p in V6_D:
        c.append("  network %s route-map RM-A" % p)
    for p in V6_E:
        c.append("  network %s route-map RM-B" % p)
    c += ["  neighbor %s activate" % lip, "  neighbor %s route-map OUT6 out" % lip]
    if addpath:
        c.append("  neighbor %s addpath-tx-all-paths" % lip)
    c += [" exit-address-family", "exit", "!", "end", ""]
    cpath = write_conf(tmp, "bgpd.conf", "\n".join(c))
    vty = os.path.join(tmp, "vty")
    os.makedirs(vty)
    argv = ["/usr/lib/frr/bgpd", "-Z", "-S", "-l", dip, "-p", str(port), "-f", cpath,
            "-i", os.path.join(tmp, "bgpd.pid"), "-z", os.path.join(tmp, "zserv.api"),
            "--vty_socket", vty, "-P", "0"]
    # bgpd keeps a per-process scratch dir under /var/tmp/frr (compiled in); remove the parent
    # afterwards if this run created it
    frr_var_tmp = "/var/tmp/frr"
    created_var_tmp = not os.path.exists(frr_var_tmp)
    proc = Proc(argv, tmp, "bgpd")
    try:
        deadline = time.monotonic() + SCENARIO_TIMEOUT
        our_open = build_open(peer_as, "10.255.255.%d" % idx)
        sess = run_session_connect(lip, dip, port, our_open, deadline, proc, log)
    finally:
        proc.stop()
        if created_var_tmp:
            try:
                os.rmdir(frr_var_tmp)
            except OSError:
                pass
    if sess.peer_open is None:
        log(tail(os.path.join(tmp, "bgpd.log")))
        log(tail(os.path.join(tmp, "bgpd.stdout")))
    scen = {
        "frr-ibgp": "iBGP AS %d, bgpd -Z (no zebra) passive on %s, us %s; 'network' routes with route-maps "
                    "setting communities/MED/LOCAL_PREF (group A) and large+extended communities "
                    "(group B); outbound route-maps set next hop %s / %s + link-local fe80::%d"
                    % (LOCAL_AS, dip, lip, nh4, nh6, idx),
        "frr-addpath": "as frr-ibgp plus 'addpath-tx-all-paths' for both families (one path per prefix, "
                       "but path ids are encoded)",
        "frr-ebgp": "eBGP: FRR AS %d, us AS %d (4-octet AS negotiated); outbound route-maps prepend %d %d"
                    % (LOCAL_AS, PEER_AS_EBGP, LOCAL_AS, LOCAL_AS),
    }[sc]
    return Result(sc, daemon_label("FRR", "frr"), scen, sess)


# ---- GoBGP ----------------------------------------------------------------

def run_gobgp(sc, tmp, log):
    idx = {"gobgp-ibgp": 21, "gobgp-addpath": 22}[sc]
    dip, lip = "127.10.%d.1" % idx, "127.10.%d.2" % idx
    port = free_port(dip)
    api = free_port("127.0.0.1")
    addpath = sc == "gobgp-addpath"
    fams = ""
    for f in ("ipv4-unicast", "ipv6-unicast"):
        fams += """  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "%s"
    [neighbors.afi-safis.mp-graceful-restart.config]
      enabled = true
""" % f
        if addpath:
            fams += """    [neighbors.afi-safis.add-paths.config]
      send-max = 8
"""
    conf = """[global.config]
  as = %d
  router-id = "10.255.0.%d"
  port = %d
  local-address-list = ["%s"]

[[neighbors]]
  [neighbors.config]
    neighbor-address = "%s"
    peer-as = %d
  [neighbors.timers.config]
    hold-time = 90
  [neighbors.transport.config]
    passive-mode = true
    local-address = "%s"
  [neighbors.graceful-restart.config]
    enabled = true
%s""" % (LOCAL_AS, idx, port, dip, lip, LOCAL_AS, dip, fams)
    cpath = write_conf(tmp, "gobgpd.toml", conf)
    argv = ["gobgpd", "-f", cpath, "-t", "toml", "-p", "--api-hosts", "127.0.0.1:%d" % api, "--pprof-disable"]
    proc = Proc(argv, tmp, "gobgpd")
    try:
        deadline = time.monotonic() + SCENARIO_TIMEOUT
        cli = ["gobgp", "-u", "127.0.0.1", "-p", str(api)]
        # wait for the API
        while True:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("gobgpd API not up: " + tail(os.path.join(tmp, "gobgpd.stdout")))
            r = subprocess.run(cli + ["global"], capture_output=True, text=True, timeout=10)
            if r.returncode == 0:
                break
            time.sleep(0.3)
        nh4 = dip
        nh6 = "2001:db8:ffff::%d" % idx
        adds = []
        ca = ["origin", "igp", "community", "65001:100,65001:200", "med", "50", "local-pref", "250"]
        cb = ["origin", "incomplete", "large-community", "65001:1:1,4200000001:2:3", "rt", "65001:1",
              "encap", "vxlan"]
        cc = ["origin", "egp", "aspath", "65100,4200000099", "aggregator", "4200000001:10.0.0.1"]
        for p in V4_A:
            adds.append(["-a", "ipv4", p, "nexthop", nh4] + ca)
        for p in V4_B:
            adds.append(["-a", "ipv4", p, "nexthop", nh4] + cb)
        for p in V4_C:
            adds.append(["-a", "ipv4", p, "nexthop", nh4] + cc)
        for p in V6_D:
            adds.append(["-a", "ipv6", p, "nexthop", nh6] + ca)
        for p in V6_E:
            adds.append(["-a", "ipv6", p, "nexthop", nh6] + cb)
        if addpath:
            for p in V4_A[:3]:
                adds.append(["-a", "ipv4", p, "identifier", "7", "nexthop", "127.10.%d.7" % idx,
                             "med", "77", "community", "65001:999"])
            for p in V6_D[:2]:
                adds.append(["-a", "ipv6", p, "identifier", "7", "nexthop", "2001:db8:ffff::7",
                             "med", "77", "community", "65001:999"])
        for a in adds:
            argv2 = cli + ["global", "rib", "add"] + a
            r = subprocess.run(argv2, capture_output=True, text=True, timeout=10)
            if r.returncode != 0:
                raise RuntimeError("gobgp %s failed: %s %s" % (" ".join(argv2), r.stdout, r.stderr))
        our_open = build_open(LOCAL_AS, "10.255.255.%d" % idx)
        sess = run_session_connect(lip, dip, port, our_open, deadline, proc, log)
    finally:
        proc.stop()
    if sess.peer_open is None:
        log(tail(os.path.join(tmp, "gobgpd.stdout")))
    scen = {
        "gobgp-ibgp": "iBGP AS %d, gobgpd passive on %s, us %s; routes injected with 'gobgp global rib add' "
                      "(group A origin igp + communities/MED/LOCAL_PREF; group B origin incomplete + large communities + "
                      "extended communities rt 65001:1 and encap vxlan; group C origin egp, AS_PATH 65100 "
                      "4200000099, AGGREGATOR 4200000001:10.0.0.1); IPv6 only groups D (as A) and E (as B)"
                      % (LOCAL_AS, dip, lip),
        "gobgp-addpath": "as gobgp-ibgp plus add-paths send-max 8 on both families; some prefixes also "
                         "added with 'identifier 7' and a different next hop so two paths are sent",
    }[sc]
    return Result(sc, daemon_label("GoBGP", "gobgpd"), scen, sess)


# ---- OpenBGPD -------------------------------------------------------------

def run_openbgpd(sc, tmp, log):
    if os.geteuid() != 0:
        raise Skip("OpenBGPD needs root (private mount namespace with a tmpfs on /run)")
    idx = {"openbgpd-ibgp": 31, "openbgpd-ebgp-as2": 32, "openbgpd-addpath": 33}[sc]
    addpath = sc == "openbgpd-addpath"
    dip, lip = "127.10.%d.1" % idx, "127.10.%d.2" % idx
    port = free_port(dip)
    ebgp = sc == "openbgpd-ebgp-as2"
    local_as = BIG_AS if ebgp else LOCAL_AS
    peer_as = PEER_AS_EBGP if ebgp else LOCAL_AS
    nh6 = "2001:db8:ffff::%d" % idx
    sa = "community 65001:100 community 65001:200 med 50 localpref 250"
    sb = "large-community 65001:1:1 large-community 4200000001:2:3 ext-community rt 65001:1 " \
         "ext-community soo 65001:7 origin incomplete"
    if ebgp:
        sb += " prepend-neighbor 0 prepend-self 2"
    c = ["AS %d" % local_as, "router-id 10.255.0.%d" % idx, "listen on %s port %d" % (dip, port),
         "socket \"%s/bgpd.sock\"" % tmp, "fib-update no", "nexthop qualify via default", ""]
    for p in V4_A:
        c.append("network %s set { %s }" % (p, sa))
    for p in V4_B:
        c.append("network %s set { %s }" % (p, sb))
    for p in V4_C:
        c.append("network %s" % p)
    for p in V6_D:
        c.append("network %s set { %s nexthop %s }" % (p, sa, nh6))
    for p in V6_E:
        c.append("network %s set { %s nexthop %s }" % (p, sb, nh6))
    c += ["", "neighbor %s {" % lip, "  remote-as %d" % peer_as, "  passive", "  local-address %s" % dip,
          "  holdtime 90", "  announce IPv4 unicast", "  announce IPv6 unicast", "  announce restart yes",
          "  announce add-path recv yes", "}" if not ebgp else "  multihop 2\n}",
          "allow from any", "allow to any", ""]
    if ebgp:
        c[c.index("  announce add-path recv yes")] = "  announce as-4byte yes"
    if addpath:
        c.insert(c.index("  announce add-path recv yes") + 1, "  announce add-path send all")
    cpath = write_conf(tmp, "bgpd.conf", "\n".join(c))
    os.chmod(cpath, 0o600)
    inner = ("set -e; mount -n -t tmpfs -o mode=0755 capture-run /run; mkdir -p /run/openbgpd; "
             "exec /usr/sbin/bgpd -d -v -f %s" % cpath)
    proc = Proc(["unshare", "-m", "--propagation", "private", "sh", "-c", inner], tmp, "openbgpd")
    try:
        deadline = time.monotonic() + SCENARIO_TIMEOUT
        our_open = build_open(peer_as, "10.255.255.%d" % idx, four_octet=not ebgp)
        sess = run_session_connect(lip, dip, port, our_open, deadline, proc, log)
    finally:
        proc.stop()
    if sess.peer_open is None:
        log(tail(os.path.join(tmp, "openbgpd.stdout")))
    scen = {
        "openbgpd-ibgp": "iBGP AS %d, OpenBGPD passive on %s, us %s; 'network ... set {}' routes: group A "
                         "communities/MED/LOCAL_PREF, group B large+extended communities, origin "
                         "incomplete; IPv6 next hop set to %s" % (LOCAL_AS, dip, lip, nh6),
        "openbgpd-ebgp-as2": "eBGP: OpenBGPD AS %d, our OPEN has NO 4-octet AS capability (AS %d); group B "
                             "adds prepend-self 2 -> AS_TRANS in AS_PATH plus AS4_PATH"
                             % (BIG_AS, PEER_AS_EBGP),
        "openbgpd-addpath": "as openbgpd-ibgp plus 'announce add-path send all' (one path per prefix, but "
                            "path ids are encoded)",
    }[sc]
    return Result(sc, daemon_label("OpenBGPD", "openbgpd"), scen, sess)


# ---- ExaBGP ---------------------------------------------------------------

def run_exabgp(sc, tmp, log):
    idx = {"exabgp-ibgp": 41, "exabgp-addpath": 42}[sc]
    dip, lip = "127.10.%d.1" % idx, "127.10.%d.2" % idx
    addpath = sc == "exabgp-addpath"
    # ExaBGP connects to us: we listen on lip:port
    lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind((lip, 0))
    lsock.listen(4)
    port = lsock.getsockname()[1]
    nh4 = dip
    nh6 = "2001:db8:ffff::%d" % idx
    ca = "med 50 local-preference 250 community [ 65001:100 65001:200 ]"
    cb = ("origin incomplete large-community [ 65001:1:1 4200000001:2:3 ] "
          "extended-community [ target:65001:1 origin:65001:7 ]")
    routes = []
    # ExaBGP 4.2.21 caches NetMask objects by value across address families, so an IPv6 /32 in the
    # config turns the IPv4 neighbor's /32 into a "range" and the config is rejected
    # ("can only use ip ranges for the peer address with passive neighbors"): use /34 instead.
    v6_d = ["2001:db8::/34" if p == "2001:db8::/32" else p for p in V6_D]
    pi = " path-information 0.0.0.1" if addpath else ""
    for p in V4_A:
        routes.append("route %s next-hop %s %s%s;" % (p, nh4, ca, pi))
    for p in V4_B:
        routes.append("route %s next-hop %s %s%s;" % (p, nh4, cb, pi))
    for p in V4_C:
        routes.append("route %s next-hop %s%s;" % (p, nh4, pi))
    for p in v6_d:
        routes.append("route %s next-hop %s %s%s;" % (p, nh6, ca, pi))
    for p in V6_E:
        routes.append("route %s next-hop %s %s%s;" % (p, nh6, cb, pi))
    if addpath:
        for p in V4_A[:3]:
            routes.append("route %s next-hop 127.10.%d.7 med 77 community [ 65001:999 ] path-information 0.0.0.7;"
                          % (p, idx))
        for p in v6_d[:2]:
            routes.append("route %s next-hop 2001:db8:ffff::7 med 77 community [ 65001:999 ] "
                          "path-information 0.0.0.7;" % p)
    conf = """neighbor %s {
  router-id 10.255.0.%d;
  local-address %s;
  local-as %d;
  peer-as %d;
  connect %d;
  hold-time 90;
  group-updates true;
  capability {
    asn4 enable;
    route-refresh enable;
    graceful-restart 120;
    extended-message enable;
    %s
  }
  family {
    ipv4 unicast;
    ipv6 unicast;
  }
  %s
  static {
    %s
  }
}
""" % (lip, idx, dip, LOCAL_AS, LOCAL_AS, port, "add-path send;" if addpath else "",
       "add-path { ipv4 unicast; ipv6 unicast; }" if addpath else "", "\n    ".join(routes))
    cpath = write_conf(tmp, "exabgp.conf", conf)
    env = dict(os.environ)
    env.update({"exabgp.daemon.drop": "false", "exabgp.daemon.daemonize": "false",
                "exabgp.daemon.user": "root" if os.geteuid() == 0 else (os.environ.get("USER") or "nobody"),
                "exabgp.api.cli": "false", "exabgp.tcp.bind": "", "exabgp.log.destination": "stdout",
                "exabgp.log.level": "INFO", "exabgp.cache.attributes": "false"})
    proc = Proc(["/usr/sbin/exabgp", cpath], tmp, "exabgp", env=env)
    try:
        deadline = time.monotonic() + SCENARIO_TIMEOUT
        s = accept_one(lsock, deadline, proc)
        try:
            sess = Session(s, build_open(LOCAL_AS, "10.255.255.%d" % idx), deadline, log)
            sess.run()
        finally:
            s.close()
    finally:
        lsock.close()
        proc.stop()
    if sess.peer_open is None:
        log(tail(os.path.join(tmp, "exabgp.stdout")))
    scen = {
        "exabgp-ibgp": "iBGP AS %d, ExaBGP connects from %s to us on %s; static routes: group A "
                       "communities/MED/LOCAL_PREF, group B large+extended communities, origin incomplete"
                       % (LOCAL_AS, dip, lip),
        "exabgp-addpath": "as exabgp-ibgp with 'add-path send' for both families; every route carries "
                          "path-information 0.0.0.1, some prefixes also a second path 0.0.0.7",
    }[sc]
    return Result(sc, daemon_label("ExaBGP", "exabgp"), scen, sess)


SCENARIOS = [
    ("bird2-ibgp", run_bird), ("bird2-addpath", run_bird), ("bird2-ebgp-as2", run_bird),
    ("bird2-extmsg", run_bird),
    ("frr-ibgp", run_frr), ("frr-addpath", run_frr), ("frr-ebgp", run_frr),
    ("gobgp-ibgp", run_gobgp), ("gobgp-addpath", run_gobgp),
    ("openbgpd-ibgp", run_openbgpd), ("openbgpd-addpath", run_openbgpd), ("openbgpd-ebgp-as2", run_openbgpd),
    ("exabgp-ibgp", run_exabgp), ("exabgp-addpath", run_exabgp),
]


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------

def context_line(ctx):
    ap = ",".join(fam_name(f) for f in sorted(ctx["add_path_rx"])) or "none"
    return "four_octet_as=%d add_path_rx=%s extended_message=%d" % (ctx["as4"], ap, ctx["ext_msg"])


def write_result(res, outdir):
    sess = res.session
    if sess.peer_open is None or sess.ctx is None:
        raise RuntimeError("no OPEN received")
    lines = ["# daemon: %s" % res.daemon,
             "# scenario: %s" % res.scenario,
             "# context: %s" % context_line(sess.ctx),
             "# families: %s" % ",".join(fam_name(f) for f in sorted(sess.families)),
             "# end-of-rib: %s" % (",".join(fam_name(f) for f in sorted(sess.eors)) or "none"),
             "# our-open: %s" % sess.our_open.hex(),
             "# messages: %d recorded (direction daemon -> capture script; KEEPALIVEs after the first "
             "dropped; %d received in total)" % (len(sess.msgs), sess.all_count)]
    for n in res.notes:
        lines.append("# note: %s" % n)
    lines.append("")
    for m in sess.msgs:
        d, _ = describe(m, sess.ctx)
        lines.append("# " + d)
        lines.append(m.hex())
    path = os.path.join(outdir, res.name + ".msgs")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def verify_file(path):
    """Parse a .msgs file; check hex, length fields and comment types.  Returns list of errors."""
    errs = []
    ctx = None
    pending = None
    count = 0
    with open(path) as f:
        for ln, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line:
                continue
            if line.startswith("# context:"):
                kv = dict(x.split("=", 1) for x in line[len("# context:"):].split())
                aps = set()
                for name in kv["add_path_rx"].split(","):
                    for fam, nm in FAMILY_NAMES.items():
                        if nm == name:
                            aps.add(fam)
                ctx = {"as4": kv["four_octet_as"] == "1", "add_path_rx": aps,
                       "ext_msg": kv["extended_message"] == "1"}
                continue
            if line.startswith("#"):
                pending = line[2:]
                continue
            try:
                m = bytes.fromhex(line)
            except ValueError:
                errs.append("%s:%d: bad hex" % (path, ln))
                continue
            count += 1
            if len(m) < 19 or m[:16] != MARKER:
                errs.append("%s:%d: bad header" % (path, ln))
                continue
            if struct.unpack("!H", m[16:18])[0] != len(m):
                errs.append("%s:%d: length field %d != %d" % (path, ln, struct.unpack("!H", m[16:18])[0], len(m)))
            maxlen = 65535 if ctx and ctx["ext_msg"] else 4096
            if len(m) > maxlen:
                errs.append("%s:%d: message longer than %d" % (path, ln, maxlen))
            tname = TYPE_NAMES.get(m[18], "TYPE%d" % m[18])
            if pending is None or pending.split()[0] != tname:
                errs.append("%s:%d: comment %r does not match type %s" % (path, ln, pending, tname))
            try:
                d, _ = describe(m, ctx)
                if pending != d:
                    errs.append("%s:%d: comment differs from decode: %r" % (path, ln, d))
            except Exception as e:  # noqa: BLE001 - report any decode failure
                errs.append("%s:%d: decode failed: %s" % (path, ln, e))
            pending = None
    if ctx is None:
        errs.append("%s: no context line" % path)
    if count == 0:
        errs.append("%s: no messages" % path)
    return errs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", help="output directory for <scenario>.msgs files")
    ap.add_argument("--only", help="comma-separated scenario names (default: all)")
    ap.add_argument("--list", action="store_true", help="list scenarios")
    ap.add_argument("--verify", metavar="DIR", help="verify existing .msgs files in DIR and exit")
    ap.add_argument("--keep-tmp", action="store_true", help="keep the per-daemon temp dirs (debugging)")
    args = ap.parse_args()
    if args.list:
        for n, _ in SCENARIOS:
            print(n)
        return 0
    if args.verify:
        bad = 0
        for fn in sorted(os.listdir(args.verify)):
            if fn.endswith(".msgs"):
                errs = verify_file(os.path.join(args.verify, fn))
                print("%-28s %s" % (fn, "OK" if not errs else "FAIL"))
                for e in errs:
                    print("   " + e)
                bad += bool(errs)
        return 1 if bad else 0
    if not args.out:
        ap.error("--out is required")
    os.makedirs(args.out, exist_ok=True)

    def on_signal(signum, _frame):
        raise SystemExit("terminated by signal %d" % signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    only = set(args.only.split(",")) if args.only else None
    if only:
        unknown = only - {n for n, _ in SCENARIOS}
        if unknown:
            ap.error("unknown scenario(s): %s" % ",".join(sorted(unknown)))
    failed = []

    def log(msg):
        print(msg, flush=True)

    for name, fn in SCENARIOS:
        if only and name not in only:
            continue
        tmp = tempfile.mkdtemp(prefix="rrd-capture-%s-" % name)
        log("== %s (tmp %s)" % (name, tmp))
        try:
            res = fn(name, tmp, log)
            path = write_result(res, args.out)
            sess = res.session
            missing = sess.families - sess.eors
            log("  wrote %s: %d messages, context %s%s" % (path, len(sess.msgs), context_line(sess.ctx),
                                                           ", MISSING EoR " + ",".join(map(fam_name, missing))
                                                           if missing else ""))
            if missing or sess.notification:
                failed.append(name)
        except Skip as e:
            log("  SKIPPED: %s" % e)
        except Exception as e:  # noqa: BLE001 - keep going with the other daemons
            log("  FAILED: %s" % e)
            failed.append(name)
        finally:
            if args.keep_tmp:
                log("  kept %s" % tmp)
            else:
                shutil.rmtree(tmp, ignore_errors=True)
    if failed:
        log("incomplete: %s" % ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
