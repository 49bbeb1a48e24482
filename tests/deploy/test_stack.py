"""`make stack` (.ci/stack): the production processes start, serve /healthz and static files,
and all stop on Ctrl-C or SIGTERM, leaving no process behind."""

import contextlib
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


def _kill_session(session: int) -> None:
    """The script's children have process groups of their own: kill by session."""
    for line in _session_processes(session):
        with contextlib.suppress(ProcessLookupError):
            os.kill(int(line.split()[0]), signal.SIGKILL)


def test_the_script_stops_its_children_on_interrupt_and_terminate():
    text = SCRIPT.read_text()
    assert "trap 'stop INT; exit 0' INT" in text
    assert "trap 'stop TERM; exit 0' TERM" in text
    assert "set -m" in text  # the children's own groups: one interrupt each, the forwarded one
    assert 'wait "$pid"' in text


FAKE_CHILD = """#!/usr/bin/env python3
# Stands in for gunicorn or `celery worker|beat`: logs each signal; beat ignores SIGINT.
import os, signal, sys, time
name = "gunicorn" if sys.argv[0].endswith("gunicorn") else sys.argv[3]

def note(number, frame):
    with open(os.environ["FAKE_LOG"], "a") as log:
        log.write(f"{name} {signal.Signals(number).name} {time.monotonic()}\\n")
    if number == signal.SIGTERM or name != "beat":
        sys.exit(0)

signal.signal(signal.SIGINT, note)
signal.signal(signal.SIGTERM, note)
while True:
    time.sleep(0.05)
"""


def _fake_checkout(root: Path) -> dict[str, str]:
    """The script in a checkout whose tools are stand-ins: no database, no Redis."""
    (root / ".ci").mkdir()
    (root / ".ci" / "stack").write_text(SCRIPT.read_text())
    bin_dir, venv = root / "bin", root / ".venv" / "bin"
    for directory in (bin_dir, venv, root / "static", root / "fixtures", root / "staticfiles"):
        directory.mkdir(parents=True)
    (root / "staticfiles" / "staticfiles.json").write_text("{}")  # newer than static/
    tools = {
        bin_dir / "psql": "#!/bin/sh\necho 1\n",
        bin_dir / "curl": "#!/bin/sh\nexit 0\n",
        venv / "python": "#!/bin/sh\nexit 0\n",  # migrate, load_exam
        venv / "gunicorn": FAKE_CHILD,
        venv / "celery": FAKE_CHILD,
    }
    for path, text in tools.items():
        path.write_text(text)
        path.chmod(0o755)
    return {
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "FAKE_LOG": str(root / "signals.log"),
        "STACK_STATE": str(root / "state"),
    }


def _start_stack(script: Path, env: dict[str, str], log: Path, wait: float) -> subprocess.Popen:
    """The script in a session of its own (as a terminal's foreground job), once it says it
    serves; its output goes to `log`."""
    with log.open("w") as out:
        stack = subprocess.Popen(
            ["bash", str(script)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + wait
    while "Stack serving" not in log.read_text():
        if stack.poll() is not None or time.monotonic() > deadline:
            _kill_session(stack.pid)
            pytest.fail(log.read_text())
        time.sleep(0.1)
    return stack


def test_ctrl_c_passes_the_interrupt_on_and_sigterms_only_what_still_runs_2_s_later(tmp_path):
    env = _fake_checkout(tmp_path)
    out = tmp_path / "stack.log"
    stack = _start_stack(tmp_path / ".ci" / "stack", {**os.environ, **env}, out, wait=20)
    try:
        time.sleep(0.5)  # the stand-ins' handlers are set
        os.killpg(stack.pid, signal.SIGINT)
        assert stack.wait(timeout=20) == 0, out.read_text()
    finally:
        _kill_session(stack.pid)
    signals = {}
    for line in (tmp_path / "signals.log").read_text().splitlines():
        name, signal_name, at = line.split()
        signals.setdefault(name, []).append((signal_name, float(at)))
    assert [s for s, _ in signals["gunicorn"]] == ["SIGINT"]
    assert [s for s, _ in signals["worker"]] == ["SIGINT"]
    # Beat ignored the interrupt: the SIGTERM came alone, about 2 s later.
    assert [s for s, _ in signals["beat"]] == ["SIGINT", "SIGTERM"]
    (_, interrupted), (_, terminated) = signals["beat"]
    assert 1.5 < terminated - interrupted < 5
    assert "still running 2 s after the interrupt" in out.read_text()


# Ctrl-C in a terminal signals the whole foreground process group; a supervisor the script.
STOPS = {
    "ctrl-c": (lambda pid: os.killpg(pid, signal.SIGINT), "Handling signal: int"),
    "sigterm": (lambda pid: os.kill(pid, signal.SIGTERM), "Handling signal: term"),
}


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("how", STOPS)
def test_the_stack_serves_and_stopping_it_leaves_no_process_behind(tmp_path, how):
    if not settings.REDIS_URL or connection.vendor != "postgresql":
        pytest.fail("this test needs PostgreSQL and Redis: run it with `make test`")
    send, gunicorn_saw = STOPS[how]
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
        "GUNICORN_LOG_LEVEL": "info",  # its "Handling signal: ..." lines
    }
    log = tmp_path / "stack.log"
    stack = _start_stack(SCRIPT, env, log, wait=90)
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as reply:
            assert reply.status == 200
        # WhiteNoise serves the hashed name from STATIC_ROOT, as in production.
        hashed = json.loads((static_root / "staticfiles.json").read_text())["paths"][
            "vendor/htmx/htmx.min.js"
        ]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/{hashed}", timeout=5) as reply:
            assert reply.status == 200
        assert len(_session_processes(stack.pid)) >= 4  # script, gunicorn, worker, beat
        send(stack.pid)
        assert stack.wait(timeout=40) == 0
        assert _session_processes(stack.pid) == []
        text = log.read_text()
        assert "stack stopped" in text
        # Gunicorn stops within the 2 s: it got the signal passed on, and only that one.
        assert text.count("Handling signal:") == 1, text
        assert gunicorn_saw in text
    finally:
        _kill_session(stack.pid)
