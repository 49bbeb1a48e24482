"""Fault drills: break one thing under a small hall of API clients and check that nothing is
lost, nothing graded twice, and every refusal is a clear one (docs/performance.md, "Fault
drills").

    .venv/bin/python benchmarks/drills/run.py worker-kill|redis-stop|postgres-restart|hard-limit|all
    make drills                      # all; DRILL=redis-stop make drills for one

Each run makes its own PostgreSQL cluster and Redis server on free loopback ports (the
machine's shared ones are never touched), serves the app against them with DEBUG=0 (gunicorn,
one Celery worker, beat) and stops everything it started, whatever happens.
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from infra import ROOT, VENV, PrivatePostgres, PrivateRedis, Stack  # noqa: E402

BASE_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "drills-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "LOG_LEVEL": "WARNING",
    "WEB_CONCURRENCY": "2",
    # One address plays the whole hall: per-address throttles would count it as one client.
    "THROTTLE_AUTH": "100000/min",
    "THROTTLE_WRITES": "100000/min",
    "THROTTLE_STARTS": "100000/min",
}


class Run:
    """The run's private services, and a fresh stack per drill."""

    here = HERE

    def __init__(self, students: int) -> None:
        self.students = students
        self.workdir = Path(tempfile.mkdtemp(prefix="drills-"))
        self.workdir.chmod(0o755)  # the postgres user reaches its cluster inside
        self.pg = PrivatePostgres(self.workdir)
        self.redis = PrivateRedis(self.workdir)
        self.current: Stack | None = None
        os.environ.update(BASE_ENV, DATABASE_URL=self.pg.url, REDIS_URL=self.redis.url)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizapp.settings")
        import django

        django.setup()  # connects to nothing yet

    def setup(self) -> None:
        self.pg.create()
        self.redis.start()
        manage = [str(VENV / "python"), "manage.py"]
        subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], cwd=ROOT, check=True)
        subprocess.run(
            [*manage, "load_exam", "fixtures/cs433-2024.yaml"],
            cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        import ledger

        ledger.install()

    def reset(self) -> None:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import ledger
        from hall_accounts import PREFIX, hall_create

        from quizapp.models import Attempt

        ledger.reset()
        # Not hall_create's reset=True: it deletes DRF Token rows, a model not installed here.
        Attempt.objects.filter(student__username__startswith=PREFIX).delete()
        hall_create(students=self.students, password="hall-password-2026", reset=False)

    def stack(self, worker_args: tuple[str, ...] = (), **env: str) -> Stack:
        self.current = Stack(self.workdir, {**BASE_ENV, **env})
        self.current.start(*worker_args)
        return self.current

    def close(self) -> None:
        if self.current:
            self.current.stop()
        self.redis.stop()
        self.pg.stop()


def _interrupted(signum, frame):
    raise KeyboardInterrupt


NAMES = ["worker-kill", "redis-stop", "postgres-restart", "hard-limit"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("drill", choices=[*NAMES, "all"])
    parser.add_argument("--students", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the logs' directory")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _interrupted)
    run = Run(args.students)
    from scenarios import DRILLS  # the models, once Django is set up

    assert list(DRILLS) == NAMES
    results = {}
    try:
        run.setup()
        for name in DRILLS if args.drill == "all" else [args.drill]:
            run.reset()
            began = time.monotonic()
            passed, lines = DRILLS[name](run)
            run.current.stop()
            results[name] = passed
            print(f"\n{name}: {'PASS' if passed else 'FAIL'} ({time.monotonic() - began:.0f} s)")
            for line in lines:
                print(f"  {line}")
            sys.stdout.flush()
    finally:
        run.close()
        if args.keep or not all(results.values()):
            print(f"\nlogs kept in {run.workdir}")
        else:
            shutil.rmtree(run.workdir, ignore_errors=True)
    sys.exit(0 if results and all(results.values()) else 1)


if __name__ == "__main__":
    main()
