"""pytest fixtures of the end-to-end tests: the rrd and rrctl binaries (from $RRD_BINARY and
$RRCTL_BINARY, which meson sets, else the newest build directory in the source tree), the
session driver for many-session tests, and a temp dir per test, kept when the test fails."""

import glob
import itertools
import os
import shutil
import sys
import tempfile

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "interop"))

import daemons  # noqa: E402

SOURCE_ROOT = os.path.dirname(os.path.dirname(HERE))


def _binary(env, *parts):
    path = os.environ.get(env)
    if not path:
        found = sorted(glob.glob(os.path.join(SOURCE_ROOT, "build*", *parts)), key=os.path.getmtime, reverse=True)
        path = found[0] if found else None
    if not path or not os.access(path, os.X_OK):
        pytest.skip("%s not found: build it and set %s (got %r)" % (parts[-1], env, path))
    return path


@pytest.fixture(scope="session")
def rrd_binary():
    return _binary("RRD_BINARY", "mgmt", "daemon", "rrd")


@pytest.fixture(scope="session")
def rrctl_binary():
    return _binary("RRCTL_BINARY", "mgmt", "rrctl", "rrctl")


@pytest.fixture(scope="session")
def driver_binary():
    return _binary("RRD_SESSION_DRIVER", "tests", "interop", "rrd-session-driver")


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)


_numbers = itertools.count(1)


@pytest.fixture
def workdir(request):
    path = tempfile.mkdtemp(prefix="rrd-e2e-%02d-" % next(_numbers))
    os.chmod(path, 0o755)
    yield path
    daemons.stop_all()
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    if failed:
        print("\nkept %s for inspection" % path)
    else:
        shutil.rmtree(path, ignore_errors=True)
