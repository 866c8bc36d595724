#!/usr/bin/env python3
"""Writes the seed corpora of the codec fuzz targets: tests/fuzz/corpus/<target>/<seed>.bin.

Every seed is spelled in hex below; the helpers only add what is computed (header, lengths).
Seeds of `message` and `update` start with the context byte of fuzz_support.hpp (bit 0 4-octet AS,
bit 1 ADD-PATH IPv4, bit 2 ADD-PATH IPv6, bit 3 extended message, bit 4 extended next hop IPv4).
Files this script does not know (crash reproducers saved by hand) are left alone.

    python3 tests/fuzz/make_seeds.py           # (re)write the corpora
    python3 tests/fuzz/make_seeds.py --check   # exit 1 if a committed seed differs
"""

import pathlib
import sys

CORPUS = pathlib.Path(__file__).resolve().parent / "corpus"

# Context bytes.
CTX_2OCTET = "00"
CTX_4OCTET = "01"
CTX_ADDPATH_V4 = "03"
CTX_ADDPATH_V6 = "05"
CTX_EXTENDED = "09"
CTX_EXT_NEXTHOP = "11"


def h(text: str) -> bytes:
    """Hex to bytes; spaces and newlines are ignored."""
    return bytes.fromhex("".join(text.split()))


def message(msg_type: int, body_hex: str) -> str:
    """A whole BGP message (RFC 4271 §4.1): marker, length, type, body."""
    body = h(body_hex)
    return "ff" * 16 + f"{19 + len(body):04x}{msg_type:02x}" + body.hex()


OPEN, UPDATE, NOTIFICATION, KEEPALIVE, ROUTE_REFRESH = 1, 2, 3, 4, 5


def attr(flags: int, type_code: int, value_hex: str) -> str:
    """A path attribute; the extended-length form only when the value needs it."""
    value = h(value_hex)
    if len(value) > 255:
        return f"{flags | 0x10:02x}{type_code:02x}{len(value):04x}" + value.hex()
    return f"{flags:02x}{type_code:02x}{len(value):02x}" + value.hex()


def update_body(withdrawn: str = "", attrs: str = "", nlri: str = "") -> str:
    w, a = h(withdrawn), h(attrs)
    return f"{len(w):04x}" + w.hex() + f"{len(a):04x}" + a.hex() + h(nlri).hex()


def cap(code: int, value_hex: str) -> str:
    value = h(value_hex)
    return f"{code:02x}{len(value):02x}" + value.hex()


def param(param_type: int, value_hex: str) -> str:
    value = h(value_hex)
    return f"{param_type:02x}{len(value):02x}" + value.hex()


def open_body(my_as: str, hold: str, bgp_id: str, params_hex: str) -> str:
    params = h(params_hex)
    return "04" + my_as + hold + bgp_id + f"{len(params):02x}" + params.hex()


def open_body_rfc9072(my_as: str, hold: str, bgp_id: str, caps_hex: str) -> str:
    """RFC 9072: Non-Ext OP Len 255, Non-Ext OP Type 255, 2-octet lengths."""
    caps = h(caps_hex)
    params = f"02{len(caps):04x}" + caps.hex()
    return "04" + my_as + hold + bgp_id + "ff" + "ff" + f"{len(h(params)):04x}" + params


# ---- Capabilities (RFC 5492 and friends) ------------------------------------------------------
CAP_MP_V4 = cap(1, "0001 00 01")
CAP_MP_V6 = cap(1, "0002 00 01")
CAP_RR = cap(2, "")
CAP_RR_CISCO = cap(128, "")
CAP_ERR = cap(70, "")
CAP_EXT_MSG = cap(6, "")
CAP_AS4_64512 = cap(65, "0000fc00")
CAP_AS4_65537 = cap(65, "00010001")
CAP_GR = cap(64, "0078 0001 01 80")                          # 120 s, IPv4 unicast F bit
CAP_GR_RN = cap(64, "c0b4 0001 01 80 0002 01 00")            # R and N bits, 180 s, two families
CAP_LLGR = cap(71, "0001 01 80 000e10 0002 01 00 015180")    # stale 3600 s / 86400 s
CAP_ADDPATH = cap(69, "0001 01 03 0002 01 01")
CAP_EXT_NH = cap(5, "0001 0001 0002")                        # IPv4 unicast over IPv6 next hop
CAP_FQDN = cap(73, "05 6e6f646531 05 6c6f63616c")           # "node1" "local"
CAP_ROLE = cap(9, "03")                                      # customer
CAP_UNKNOWN = cap(0x83, "010203")
CAP_ORF = cap(3, "0001 00 01 01 40 03")

BIRD_CAPS = CAP_MP_V4 + CAP_MP_V6 + CAP_RR + CAP_ERR + CAP_GR + CAP_AS4_64512 + CAP_ADDPATH + CAP_EXT_MSG
MORE_CAPS = CAP_EXT_NH + CAP_LLGR + CAP_FQDN + CAP_ROLE + CAP_RR_CISCO + CAP_UNKNOWN + CAP_ORF

ID_1 = "0a000001"
OPEN_BIRD = open_body("fc00", "00f0", ID_1, param(2, BIRD_CAPS))
OPEN_GOBGP = open_body(
    "fc00", "005a", "0a000002",
    "".join(param(2, c) for c in (CAP_MP_V4, CAP_MP_V6, CAP_RR, CAP_AS4_64512, CAP_GR_RN, CAP_ADDPATH)),
)
OPEN_MINIMAL = open_body("fde8", "00b4", ID_1, "")
OPEN_AS_TRANS = open_body("5ba0", "0003", ID_1, param(2, CAP_MP_V4 + CAP_AS4_65537))
OPEN_ALL_CAPS = open_body("fc00", "0000", ID_1, param(2, BIRD_CAPS + MORE_CAPS))
OPEN_RFC9072 = open_body_rfc9072("fc00", "00f0", ID_1, BIRD_CAPS + MORE_CAPS)

# ---- Path attributes (RFC 4271 §5, RFC 4456, RFC 6793, ...) ----------------------------------
ORIGIN_IGP = attr(0x40, 1, "00")
AS_PATH_EMPTY = attr(0x40, 2, "")
AS_PATH4 = attr(0x40, 2, "02 02 0000fde9 0000fdea")          # 65001 65002
NEXT_HOP = attr(0x40, 3, "0a000001")
MED = attr(0x80, 4, "00000032")
LOCAL_PREF = attr(0x40, 5, "00000064")
ATOMIC = attr(0x40, 6, "")
AGGREGATOR4 = attr(0xC0, 7, "0000fde9 0a000001")
COMMUNITIES = attr(0xC0, 8, "fc000064 fc0000c8")             # 64512:100 64512:200
ORIGINATOR = attr(0x80, 9, "0a000002")
CLUSTER = attr(0x80, 10, "0a0000fe")
CLUSTER2 = attr(0x80, 10, "0a0000fe 0a0000fd")
EXT_COMM = attr(0xC0, 16, "0002fde900000064")                # RT 65001:100
LARGE_COMM = attr(0xC0, 32, "0000fde9 00000001 00000002")
UNKNOWN_TRANSITIVE = attr(0xC0, 0x63, "deadbeef")
UNKNOWN_NON_TRANSITIVE = attr(0x80, 0x64, "01")

CALICO = ORIGIN_IGP + AS_PATH_EMPTY + NEXT_HOP + LOCAL_PREF + COMMUNITIES + ORIGINATOR + CLUSTER
CALICO_NO_NH = ORIGIN_IGP + AS_PATH_EMPTY + LOCAL_PREF + COMMUNITIES + ORIGINATOR + CLUSTER
V4_NLRI = "18 0a0101  18 0a0102  1a c0a80040  20 0a000005  00"  # /24 /24 /26 /32 default
NH6 = "fd000000000000000000000000000001"
NH6_LL = "20010db8000000000000000000000001" "fe800000000000000000000000000001"
V6_NLRI = "40 fd00001000000001  30 fd0000000002  80 fd000010000000010000000000000001"

BIG_NLRI = "".join(f"18 0a{i >> 8:02x}{i & 0xFF:02x} " for i in range(1500))  # 6000 octets

UPD_EOR_V4 = update_body()
UPD_CALICO = update_body(attrs=CALICO, nlri=V4_NLRI)
UPD_ALL_ATTRS = update_body(
    attrs=ORIGIN_IGP + AS_PATH4 + NEXT_HOP + MED + LOCAL_PREF + ATOMIC + AGGREGATOR4 + COMMUNITIES
    + ORIGINATOR + CLUSTER2 + EXT_COMM + LARGE_COMM + UNKNOWN_TRANSITIVE + UNKNOWN_NON_TRANSITIVE,
    nlri="18 0a0101",
)
UPD_WITHDRAW = update_body(withdrawn="18 0a0101 18 0a0102 00")
UPD_TWO_OCTET = update_body(
    attrs=ORIGIN_IGP + attr(0x40, 2, "02 03 fde9 5ba0 5ba0") + NEXT_HOP
    + attr(0xC0, 7, "5ba0 0a000001") + attr(0xC0, 17, "02 03 0000fde9 00010001 00010002")
    + attr(0xC0, 18, "00010001 0a000001"),
    nlri="18 0a0101",
)
UPD_MP_V6 = update_body(attrs=attr(0x80, 14, "0002 01 10" + NH6 + "00" + V6_NLRI) + CALICO_NO_NH)
UPD_MP_V6_LL = update_body(attrs=CALICO_NO_NH + attr(0x80, 14, "0002 01 20" + NH6_LL + "00" + V6_NLRI))
UPD_MP_UNREACH_V6 = update_body(attrs=attr(0x80, 15, "0002 01" + V6_NLRI))
UPD_EOR_V6 = update_body(attrs=attr(0x80, 15, "0002 01"))
UPD_ADDPATH_V4 = update_body(
    withdrawn="00000003 18 0a0202", attrs=CALICO, nlri="00000001 18 0a0101 00000002 18 0a0101"
)
UPD_ADDPATH_V6 = update_body(
    attrs=CALICO_NO_NH
    + attr(0x80, 14, "0002 01 10" + NH6 + "00 00000001 40 fd00001000000001 00000002 40 fd00001000000001")
)
UPD_EXT_NH = update_body(attrs=CALICO_NO_NH + attr(0x80, 14, "0001 01 10" + NH6 + "00 18 0a0101 18 0a0102"))
UPD_EVPN = update_body(
    attrs=CALICO_NO_NH + attr(0xC0, 16, "0002fde900000064")
    + attr(0x80, 14, "0019 46 04 0a000001 00 03 11 0000fde900000064 00000000 20 0a000001")
)
UPD_BIG = update_body(attrs=CALICO, nlri=BIG_NLRI)

NOTIF_SHUTDOWN = "0602 12" + b"maintenance window".hex()

UPDATE_SEEDS = {
    "eor_ipv4": CTX_4OCTET + UPD_EOR_V4,
    "calico_reflected_ipv4": CTX_4OCTET + UPD_CALICO,
    "all_attributes_ipv4": CTX_4OCTET + UPD_ALL_ATTRS,
    "withdraw_ipv4": CTX_4OCTET + UPD_WITHDRAW,
    "two_octet_as4_path": CTX_2OCTET + UPD_TWO_OCTET,
    "mp_reach_ipv6": CTX_4OCTET + UPD_MP_V6,
    "mp_reach_ipv6_link_local": CTX_4OCTET + UPD_MP_V6_LL,
    "mp_unreach_ipv6": CTX_4OCTET + UPD_MP_UNREACH_V6,
    "eor_ipv6": CTX_4OCTET + UPD_EOR_V6,
    "add_path_ipv4": CTX_ADDPATH_V4 + UPD_ADDPATH_V4,
    "add_path_ipv6": CTX_ADDPATH_V6 + UPD_ADDPATH_V6,
    "extended_next_hop_ipv4": CTX_EXT_NEXTHOP + UPD_EXT_NH,
    "evpn_opaque": CTX_4OCTET + UPD_EVPN,
    "extended_message_6000_octets": CTX_EXTENDED + UPD_BIG,
    # Malformed (RFC 7606 verdicts).
    "bad_origin_value": CTX_4OCTET + update_body(attrs=attr(0x40, 1, "03") + NEXT_HOP + AS_PATH_EMPTY, nlri="18 0a0101"),
    "attribute_length_overrun": CTX_4OCTET + "0000 0004 40010500",
    "withdrawn_length_overrun": CTX_4OCTET + "ffff 0000",
    "next_hop_length_5": CTX_4OCTET + update_body(attrs=ORIGIN_IGP + AS_PATH_EMPTY + attr(0x40, 3, "0a00000101"), nlri="18 0a0101"),
    "as_path_bad_segment_type": CTX_4OCTET + update_body(attrs=ORIGIN_IGP + attr(0x40, 2, "05 01 0000fde9") + NEXT_HOP, nlri="18 0a0101"),
    "communities_length_5": CTX_4OCTET + update_body(attrs=ORIGIN_IGP + AS_PATH_EMPTY + NEXT_HOP + attr(0xC0, 8, "fc00006401"), nlri="18 0a0101"),
    "duplicate_origin": CTX_4OCTET + update_body(attrs=ORIGIN_IGP + CALICO, nlri="18 0a0101"),
    "missing_origin": CTX_4OCTET + update_body(attrs=AS_PATH_EMPTY + NEXT_HOP, nlri="18 0a0101"),
    "origin_flags_optional": CTX_4OCTET + update_body(attrs=attr(0xC0, 1, "00") + AS_PATH_EMPTY + NEXT_HOP, nlri="18 0a0101"),
    "mp_reach_next_hop_length_5": CTX_4OCTET + update_body(attrs=CALICO_NO_NH + attr(0x80, 14, "0002 01 05 0102030405 00 40 fd00001000000001")),
    "mp_reach_truncated_prefix": CTX_4OCTET + update_body(attrs=CALICO_NO_NH + attr(0x80, 14, "0002 01 10" + NH6 + "00 40 fd0000")),
    "nlri_prefix_length_33": CTX_4OCTET + update_body(attrs=CALICO, nlri="21 0a00000100"),
    "body_3_octets": CTX_4OCTET + "000000",
}

MESSAGE_SEEDS = {
    "session_ibgp": CTX_4OCTET
    + message(OPEN, OPEN_BIRD)
    + message(KEEPALIVE, "")
    + message(UPDATE, UPD_CALICO)
    + message(UPDATE, UPD_MP_V6)
    + message(UPDATE, UPD_EOR_V4)
    + message(UPDATE, UPD_EOR_V6)
    + message(ROUTE_REFRESH, "0001 01 01")
    + message(UPDATE, UPD_WITHDRAW)
    + message(ROUTE_REFRESH, "0001 02 01")
    + message(KEEPALIVE, "")
    + message(NOTIFICATION, NOTIF_SHUTDOWN),
    "keepalive": CTX_2OCTET + message(KEEPALIVE, ""),
    "open_one_parameter_per_capability": CTX_4OCTET + message(OPEN, OPEN_GOBGP),
    "open_rfc9072": CTX_4OCTET + message(OPEN, OPEN_RFC9072),
    "update_two_octet": CTX_2OCTET + message(UPDATE, UPD_TWO_OCTET),
    "update_add_path": CTX_ADDPATH_V4 + message(UPDATE, UPD_ADDPATH_V4),
    "update_extended_message": CTX_EXTENDED + message(UPDATE, UPD_BIG),
    "route_refresh_request": CTX_4OCTET + message(ROUTE_REFRESH, "0002 00 01"),
    "notification_hold_timer": CTX_4OCTET + message(NOTIFICATION, "0400"),
    # Malformed framing.
    "bad_marker": CTX_4OCTET + "00" + message(KEEPALIVE, "")[2:],
    "length_18": CTX_4OCTET + "ff" * 16 + "0012" + "04",
    "length_4097_without_extended": CTX_4OCTET + "ff" * 16 + "1001" + "02" + "00" * 4078,
    "type_6": CTX_4OCTET + "ff" * 16 + "0013" + "06",
    "keepalive_length_20": CTX_4OCTET + "ff" * 16 + "0014" + "04" + "00",
    "truncated_update": CTX_4OCTET + message(UPDATE, UPD_CALICO)[:100],
    "partial_header": CTX_4OCTET + "ff" * 10,
    "open_body_too_short": CTX_4OCTET + message(OPEN, "04fc00"),
}

OPEN_SEEDS = {
    "bird_one_parameter": OPEN_BIRD,
    "gobgp_parameter_per_capability": OPEN_GOBGP,
    "no_parameters": OPEN_MINIMAL,
    "as_trans_4octet_as": OPEN_AS_TRANS,
    "all_capabilities": OPEN_ALL_CAPS,
    "rfc9072_extended_parameters": OPEN_RFC9072,
    # Malformed (RFC 4271 §6.2).
    "version_3": "03" + OPEN_MINIMAL[2:],
    "hold_time_1": open_body("fde8", "0001", ID_1, ""),
    "bgp_identifier_0": open_body("fde8", "00b4", "00000000", ""),
    "parameters_length_overrun": "04 fde8 00b4 0a000001 10 0204 01040001",
    "authentication_parameter": open_body("fde8", "00b4", ID_1, param(1, "00")),
    "multiprotocol_length_3": open_body("fde8", "00b4", ID_1, param(2, cap(1, "000101"))),
    "truncated": "04 fde8 00",
}

CAPABILITY_SEEDS = {
    "bird_set": BIRD_CAPS,
    "more": MORE_CAPS,
    "graceful_restart_r_n": CAP_GR_RN,
    "long_lived_graceful_restart": CAP_LLGR,
    "add_path_two_families": CAP_ADDPATH,
    "extended_next_hop": CAP_EXT_NH,
    "fqdn": CAP_FQDN,
    "role": CAP_ROLE,
    "route_refresh_cisco": CAP_RR_CISCO,
    "four_octet_as_twice": CAP_AS4_64512 + CAP_AS4_65537,
    "empty": "",
    # Malformed (RFC 5492 §3).
    "truncated_header": "01",
    "length_overrun": "01 08 0001",
    "multiprotocol_length_3": cap(1, "000101"),
    "graceful_restart_length_3": cap(64, "007800"),
    "fqdn_hostname_overrun": cap(73, "05 6e6f"),
    "four_octet_as_length_2": cap(65, "fc00"),
    "add_path_length_3": cap(69, "000101"),
    "role_length_2": cap(9, "0101"),
}

NOTIFICATION_SEEDS = {
    "cease_admin_shutdown_communication": NOTIF_SHUTDOWN,
    "cease_admin_reset_utf8": "0604 0e" + "Wartung läuft".encode("utf-8").hex(),
    "cease_unspecific": "0600",
    "cease_admin_shutdown_empty": "0602 00",
    "cease_admin_shutdown_bad_utf8": "0602 03 fffe41",
    "cease_communication_overrun": "0602 10 6162",
    "cease_hard_reset": "0609 0602",
    "hold_timer_expired": "0400",
    "open_unsupported_version": "0201 0004",
    "update_malformed_attribute_list": "0301",
    "header_bad_length": "0102 0fff",
    "unknown_code": "0905 aabb",
    "one_octet": "06",
    "empty": "",
}

ROUTE_REFRESH_SEEDS = {
    "ipv4_unicast_request": "0001 00 01",
    "ipv6_unicast_request": "0002 00 01",
    "begin_of_rib": "0001 01 01",
    "end_of_rib": "0002 02 01",
    "l2vpn_evpn": "0019 00 46",
    "reserved_subtype": "0001 03 01",
    "length_3": "0001 00",
    "length_5": "0001 00 01 00",
    "empty": "",
}

AS_PATH_SEEDS = {
    "empty": "",
    "sequence_4octet": "02 01 0000fde9",
    "sequence_2octet": "02 02 fde9 fdea",
    "sequence_and_set_4octet": "02 02 0000fde9 0000fdea 01 02 00010001 00010002",
    "confederation_4octet": "03 01 0000fc01 04 02 0000fc02 0000fc03 02 01 0000fde9",
    "as_trans": "02 02 00005ba0 00010001",
    "segment_255_ases_4octet": "02 ff" + "".join(f"{65000 + i:08x}" for i in range(255)),
    "two_segments_2octet": "02 02 fde9 fdea 01 01 fdeb",
    # Found by as_path_fuzzer: merge_as4_path joins adjacent AS_SEQUENCEs (a fuzzer false alarm).
    "adjacent_sequences_4octet": "02 02 03027de9 fdea0101 02 02 f7fffffc 3debfde9",
    # Malformed (RFC 7606 §7.2).
    "bad_segment_type": "05 01 0000fde9",
    "zero_length_segment": "02 00",
    "segment_overrun": "02 03 00000001",
    "trailing_octet": "02 01 0000fde9 00",
}

CORPORA = {
    "message": MESSAGE_SEEDS,
    "open": OPEN_SEEDS,
    "capabilities": CAPABILITY_SEEDS,
    "update": UPDATE_SEEDS,
    "notification": NOTIFICATION_SEEDS,
    "route_refresh": ROUTE_REFRESH_SEEDS,
    "as_path": AS_PATH_SEEDS,
}


def main() -> int:
    check = "--check" in sys.argv[1:]
    stale = 0
    written = 0
    for target, seeds in CORPORA.items():
        directory = CORPUS / target
        directory.mkdir(parents=True, exist_ok=True)
        for name, hex_text in seeds.items():
            path = directory / f"{name}.bin"
            data = h(hex_text)
            if check:
                if not path.exists() or path.read_bytes() != data:
                    print(f"stale seed: {path}", file=sys.stderr)
                    stale += 1
                continue
            path.write_bytes(data)
            written += 1
    if check:
        return 1 if stale else 0
    print(f"wrote {written} seeds under {CORPUS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
