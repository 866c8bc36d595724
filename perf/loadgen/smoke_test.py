#!/usr/bin/python3
"""End-to-end self-test of rrd-loadgen against rrd-floor on loopback.

usage: smoke_test.py RRD_FLOOR RRD_LOADGEN [workload options...]

Starts the floor on a free port of 127.0.0.1, runs the generator against it with the same
workload options (W1, or W4 with --feeders), and checks that the generator saw full convergence with zero errors (its exit
code and JSON) and that the floor served every session and received exactly the expected
announcements.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile

LISTEN = "127.0.0.1"


def free_port(address):
    with socket.socket() as s:
        s.bind((address, 0))
        return s.getsockname()[1]


def main():
    floor_bin, loadgen_bin, workload = sys.argv[1], sys.argv[2], sys.argv[3:]
    port = str(free_port(LISTEN))
    common = ["--port", port, "--rr-id", LISTEN, "--timeout", "60"] + workload
    with tempfile.TemporaryDirectory() as tmp:
        floor_json = os.path.join(tmp, "floor.json")
        loadgen_json = os.path.join(tmp, "loadgen.json")
        floor = subprocess.Popen([floor_bin, "--listen", LISTEN, "--json", floor_json] + common,
                                 stdout=subprocess.PIPE, text=True)
        try:
            if floor.stdout.readline().strip() != "listening":
                print("floor did not start")
                return 1
            gen = subprocess.run([loadgen_bin, "--target", LISTEN, "--json", loadgen_json] + common,
                                 capture_output=True, text=True, timeout=90)
            print(gen.stdout, gen.stderr, end="")
            floor_out, _ = floor.communicate(timeout=30)
            print(floor_out, end="")
        finally:
            if floor.poll() is None:
                floor.kill()
        with open(loadgen_json) as f:
            result = json.load(f)
        with open(floor_json) as f:
            floor_result = json.load(f)
    errors = [k for k in ("bad_originator_id", "bad_cluster_list", "bad_next_hop", "bad_as_path",
                          "missing_local_pref", "echoes", "unexpected", "duplicates", "malformed",
                          "bad_attributes", "worse_path", "transient", "notifications_received",
                          "resets") if result[k] != 0]
    ok = (gen.returncode == 0 and floor.returncode == 0 and result["converged"] and not errors
          and result["prefixes_received"] == result["prefixes_expected"]
          and result["established"] == result["sessions"]
          and floor_result["served"] and floor_result["bad_input"] == 0)
    if not ok:
        print("FAILED: loadgen rc=%d floor rc=%d errors=%s" % (gen.returncode, floor.returncode, errors))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
