"""`make stack` (.ci/stack): the production processes start, serve /healthz, and all stop on
Ctrl-C, leaving no process behind."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import _database_url

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / ".ci" / "stack"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _session_processes(session: int) -> list[str]:
    ps = subprocess.run(["ps", "-eo", "pid=,sid=,args="], capture_output=True, text=True)
    return [line for line in ps.stdout.splitlines() if line.split()[1] == str(session)]


def _collect_static_uncompressed(static_root: Path) -> Path:
    """collectstatic with the production settings (DEBUG=0: hashed names, the manifest) into
    a directory of the test's own, without the gzip and Brotli copies that make it take
    about a minute (STATIC_COMPRESS=0, docs/deploy.md)."""
    clean = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TZ")}
    env = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "quizapp.settings",
        "DEBUG": "0",
        "SECRET_KEY": "collectstatic-in-a-test-only-0123456789abcdefghijklmnopqrstuvwxyz",
        "STATIC_ROOT": str(static_root),
        "STATIC_COMPRESS": "0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (static_root / "staticfiles.json").exists()
    assert not list(static_root.rglob("*.br")) and not list(static_root.rglob("*.gz"))
    return static_root


def test_the_script_stops_its_children_on_interrupt_and_terminate():
    text = SCRIPT.read_text()
    assert "trap 'stop; exit 0' INT TERM" in text
    assert 'wait "$pid"' in text


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_the_stack_serves_and_ctrl_c_leaves_no_process_behind(tmp_path):
    if not settings.REDIS_URL or connection.vendor != "postgresql":
        pytest.fail("this test needs PostgreSQL and Redis: run it with `make test`")
    static_root = _collect_static_uncompressed(tmp_path / "static")
    port = _free_port()
    env = {
        **os.environ,
        "STACK_PORT": str(port),
        "STACK_STATE": str(tmp_path),
        # Collected above: the script finds the manifest newer than static/ and skips it.
        "STATIC_ROOT": str(static_root),
        "STATIC_COMPRESS": "0",
        "DATABASE_URL": _database_url(connection.settings_dict),
        "REDIS_URL": settings.REDIS_URL,
        "WEB_CONCURRENCY": "1",
        "WORKER_CONCURRENCY": "1",
        "LOG_LEVEL": "WARNING",
    }
    log = tmp_path / "stack.log"
    with log.open("w") as out:
        stack = subprocess.Popen(
            ["bash", str(SCRIPT)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 90
        while "Stack serving" not in log.read_text():
            assert stack.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.5)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as reply:
            assert reply.status == 200
        # WhiteNoise serves the hashed name from STATIC_ROOT, as in production.
        hashed = json.loads((static_root / "staticfiles.json").read_text())["paths"][
            "vendor/htmx/htmx.min.js"
        ]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/{hashed}", timeout=5) as reply:
            assert reply.status == 200
        assert len(_session_processes(stack.pid)) >= 4  # script, gunicorn, worker, beat
        os.killpg(stack.pid, signal.SIGINT)  # what Ctrl-C does in a terminal
        assert stack.wait(timeout=40) == 0
        assert _session_processes(stack.pid) == []
        assert "stack stopped" in log.read_text()
    finally:
        if stack.poll() is None:
            os.killpg(stack.pid, signal.SIGKILL)
