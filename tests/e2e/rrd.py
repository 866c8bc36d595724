"""The rrd daemon and rrctl as end-to-end tests run them: a real `rrd --config rrd.yaml` process
on loopback addresses with its embedded datastore (or etcd) in the test's temp dir, its ops API
on 127.0.0.1, and the rrctl binary pointed at it."""

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "interop"))

from daemons import Proc, free_port, wait_until, write  # noqa: E402


class Rrd:
    """One rrd process. `listen`: (address, port) for BGP; the API gets a free port."""

    def __init__(self, binary, rrctl, tmp, node, listen, datastore=None, threads=2, name="rrd"):
        self.binary, self.rrctl_binary, self.tmp, self.node = binary, rrctl, tmp, node
        self.listen = listen
        self.api_port = free_port("127.0.0.1")
        self.url = "http://127.0.0.1:%d" % self.api_port
        self.token_file = os.path.join(tmp, "token")
        self.datastore = datastore or {"type": "embedded", "path": os.path.join(tmp, "datastore")}
        self.threads = threads
        self.name = name
        self.proc = None
        self.config_path = os.path.join(tmp, "rrd.yaml")

    def config_text(self):
        ds = self.datastore
        if ds["type"] == "embedded":
            ds_text = "{type: embedded, path: %s}" % ds["path"]
        else:
            ds_text = "{type: etcd, endpoints: [%s]}" % ", ".join('"%s"' % e for e in ds["endpoints"])
        return "\n".join([
            "node: %s" % self.node,
            'listen: {addresses: ["%s"], port: %d}' % self.listen,
            "mgmt: {address: 127.0.0.1, port: %d, token_file: %s}" % (self.api_port, self.token_file),
            "datastore: %s" % ds_text,
            "state_dir: %s" % os.path.join(self.tmp, "state"),
            "threads: %d" % self.threads,
            "log_level: debug",
        ]) + "\n"

    def start(self, timeout=30):
        write(self.config_path, self.config_text())
        self.proc = Proc([self.binary, "--config", self.config_path], self.tmp, self.name)
        wait_until(lambda: self._alive() and self.healthy(), timeout, "rrd /healthz")
        return self

    def _alive(self):
        if not self.proc.alive():
            raise AssertionError("rrd exited; log:\n%s" % self.proc.tail(80))
        return True

    def healthy(self):
        try:
            return self.get("/healthz", raw=True).strip() == "ok"
        except (OSError, urllib.error.URLError):
            return False

    def stop(self):
        if self.proc:
            self.proc.stop()

    def kill(self):
        self.proc.kill()

    def log(self, n=80):
        return self.proc.tail(n) if self.proc else ""

    # -- the API
    def token(self):
        with open(self.token_file) as f:
            return f.read().strip()

    def request(self, method, path, body=None, token=True, content_type="application/json"):
        data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        req = urllib.request.Request(self.url + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", content_type)
        if token:
            req.add_header("Authorization", "Bearer " + self.token())
        try:
            with urllib.request.urlopen(req, timeout=20) as r:
                text = r.read().decode()
                return r.status, (json.loads(text) if text.startswith(("{", "[")) else text)
        except urllib.error.HTTPError as e:
            text = e.read().decode()
            return e.code, (json.loads(text) if text.startswith("{") else text)

    def get(self, path, raw=False):
        status, body = self.request("GET", path, token=False)
        if status != 200:
            raise AssertionError("GET %s: %s %s" % (path, status, body))
        return body

    def peers(self):
        return self.get("/status/peers")["items"]

    def peer(self, name):
        return next((p for p in self.peers() if p["name"] == name), None)

    def established(self, names):
        state = {p["name"]: p["bgpState"] for p in self.peers()}
        return all(state.get(n) == "Established" for n in names)

    # -- rrctl
    def rrctl(self, *args, check=True, stdin=None, timeout=30):
        argv = [self.rrctl_binary, "--server", self.url, "--token-file", self.token_file] + list(args)
        r = subprocess.run(argv, input=stdin, capture_output=True, text=True, timeout=timeout)
        if check and r.returncode != 0:
            raise AssertionError("rrctl %s failed (%d):\n%s%s" % (" ".join(args), r.returncode, r.stdout, r.stderr))
        return r
