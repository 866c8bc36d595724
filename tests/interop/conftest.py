"""pytest fixtures for the rrd session-layer interop and stress tests.

The driver binary comes from $RRD_SESSION_DRIVER (meson sets it), else from a build directory
in the source tree (build*/tests/interop/rrd-session-driver). Every test gets its own temp dir
and addresses; every process a test started is stopped after it, pass or fail. A failing
test's temp dir (configs and logs) is kept and its path printed.
"""

import glob
import itertools
import os
import shutil
import sys
import tempfile

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import daemons  # noqa: E402  (needs the path above)

SOURCE_ROOT = os.path.dirname(os.path.dirname(HERE))


def _driver_path():
    env = os.environ.get("RRD_SESSION_DRIVER")
    if env:
        return env
    found = sorted(glob.glob(os.path.join(SOURCE_ROOT, "build*", "tests", "interop", "rrd-session-driver")),
                   key=os.path.getmtime, reverse=True)
    return found[0] if found else None


@pytest.fixture(scope="session")
def driver_binary():
    path = _driver_path()
    if not path or not os.access(path, os.X_OK):
        pytest.skip("rrd-session-driver not found: build it and set RRD_SESSION_DRIVER (got %r)" % path)
    return path


@pytest.fixture(scope="session", autouse=True)
def _frr_scratch_dir():
    created = not os.path.exists("/var/tmp/frr")
    yield
    daemons.cleanup_frr_scratch(created)


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)


_numbers = itertools.count(1)


@pytest.fixture
def workdir(request):
    """A fresh temp dir; every process started in the test is stopped afterwards."""
    tmp = tempfile.mkdtemp(prefix="rrd-interop-")
    os.chmod(tmp, 0o755)
    try:
        yield tmp
    finally:
        daemons.stop_all()
        rep = getattr(request.node, "rep_call", None)
        if rep is not None and rep.failed or os.environ.get("RRD_INTEROP_KEEP"):
            sys.stderr.write("\n[interop] kept %s for %s\n" % (tmp, request.node.nodeid))
        else:
            shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture
def lab(request, driver_binary, workdir):
    n = next(_numbers)
    assert n < 250, "too many tests for the 127.30.n.0/24 address plan"
    the_lab = daemons.Lab(driver_binary, workdir, n, pytest.skip)
    yield the_lab
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        sys.stderr.write("\n" + the_lab.logs()[-6000:] + "\n")
