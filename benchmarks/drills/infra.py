"""The drills' own services: a private PostgreSQL cluster and Redis server on free loopback
ports (the machine's shared ones are never stopped), and the app's processes against them.

Every process started here is tracked and stopped by the object that started it."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv" / "bin"
PG_BIN = Path(os.environ.get("DRILL_PG_BIN", "/usr/lib/postgresql/15/bin"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, seconds: float, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


def _stop(process: subprocess.Popen, sig: int = signal.SIGTERM, grace: float = 20) -> None:
    """Signal a process started in its own session, and all its children, and reap it."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    # A pool child may outlive its killed parent for a moment: the session is ours alone.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


class PrivateRedis:
    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log = workdir / "redis.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("a") as out:
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no", "--daemonize", "no"],
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        wait_until(self.ready, 10)

    def ready(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process:
            _stop(self.process)
            self.process = None


class PrivatePostgres:
    """A throwaway cluster, trust auth on 127.0.0.1 only, run as the `postgres` user when
    this is root (initdb refuses root)."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.dir = workdir / "pg"
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/quizapp"
        self.log = workdir / "postgres.log"

    def _run(self, *args: str) -> None:
        command = [str(PG_BIN / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def create(self) -> None:
        self.dir.mkdir(parents=True)
        self.log.touch()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
            shutil.chown(self.log, "postgres")
        self._run("initdb", "-D", str(self.dir / "data"), "-U", "postgres", "--auth=trust", "-N")
        self.start()
        subprocess.run(
            ["psql", f"postgres://postgres@127.0.0.1:{self.port}/postgres", "-qc",
             "CREATE DATABASE quizapp"], check=True,
        )  # fmt: skip

    def _ctl(self, action: str, *extra: str) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-o", options, "-l", str(self.log),
                  "-w", "-m", "fast", action, *extra)  # fmt: skip

    def start(self) -> None:
        self._ctl("start")

    def stop(self) -> None:
        if (self.dir / "data" / "postmaster.pid").exists():
            self._ctl("stop")


class Stack:
    """gunicorn, one Celery worker on every queue and beat, DEBUG=0, on a free port."""

    made = 0

    def __init__(self, workdir: Path, env: dict[str, str]) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.host = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, **env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        self.processes: dict[str, subprocess.Popen] = {}
        self.worker_starts = 0
        # Logs of its own (1-web.log, 1-worker.log...): counts in them are this stack's.
        Stack.made += 1
        self.tag = f"{Stack.made}-"

    def _spawn(self, name: str, command: list[str], log: str) -> subprocess.Popen:
        with (self.workdir / f"{self.tag}{log}").open("a") as out:
            process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        self.processes[name] = process
        return process

    def start(self, *worker_args: str) -> None:
        self.start_web()
        self.start_worker(*worker_args)
        self._spawn(
            "beat", [str(VENV / "celery"), "-A", "quizapp", "beat", "--loglevel", "INFO",
                     "--schedule", str(self.workdir / "beat-schedule")], "beat.log",
        )  # fmt: skip
        if not wait_until(self.healthy, 60, 0.5):
            raise RuntimeError(f"the stack did not come up: see {self.workdir}/{self.tag}web.log")

    def start_web(self, wait: bool = False) -> None:
        self._spawn(
            "web", [str(VENV / "gunicorn"), "--config", "quizapp/gunicorn.conf.py",
                    "--control-socket", str(self.workdir / "gunicorn.ctl"), "quizapp.wsgi"],
            "web.log",
        )  # fmt: skip
        if wait and not wait_until(self.healthy, 60, 0.5):
            raise RuntimeError(f"the site did not come up: see {self.workdir}/{self.tag}web.log")

    def start_worker(
        self, *extra: str, concurrency: int = 2, cpus: str | None = None
    ) -> subprocess.Popen:
        """One worker on every queue; `cpus` pins it (and its pool) with taskset."""
        self.worker_starts += 1
        pin = ["taskset", "-c", cpus] if cpus else []
        return self._spawn(
            "worker",
            [*pin, str(VENV / "celery"), "-A", "quizapp", "worker", "-Q",
             "submit,practice,celery", "-n", f"drill{self.worker_starts}@%h", "--concurrency",
             str(concurrency), "--loglevel", "INFO", "--without-mingle", "--without-gossip",
             *extra],
            "worker.log",
        )  # fmt: skip

    def stop_one(self, name: str) -> None:
        _stop(self.processes.pop(name))

    def kill_worker(self) -> None:
        """SIGKILL to the worker and its pool at once: a lost machine, not a shutdown."""
        _stop(self.processes["worker"], signal.SIGKILL)

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.host}/healthz", timeout=3) as reply:
                return reply.status == 200
        except OSError:
            return False

    def worker_log(self) -> str:
        return (self.workdir / f"{self.tag}worker.log").read_text(errors="replace")

    def stop(self) -> None:
        for process in self.processes.values():
            _stop(process)
        self.processes.clear()
