"""Grading throughput by worker concurrency: the same burst of submitted exam attempts, queued
while no worker runs, then graded by one worker with --concurrency 1, 2, 4 (docs/performance.md,
"Fault drills", scaling table).

    .venv/bin/python benchmarks/grading_scale.py --attempts 20 --answers 5 --concurrency 1 2 4

Private PostgreSQL and Redis as in benchmarks/drills/; the site serves only while the hall
submits and is stopped before the worker starts, so the worker (pinned with taskset to
--cpus) has the machine's cores to itself, bar other people's runs. The time is from the
worker's "ready" line to the last answer graded.
"""

import argparse
import re
import shutil
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "drills"))

from infra import Stack, wait_until
from run import BASE_ENV, Run


def _ready_at(log: str, starts: int) -> float | None:
    """The wall-clock time of the `starts`-th worker's ready line, from its log."""
    found = re.search(rf"\[([0-9-]+ [0-9:,]+): INFO/MainProcess\] drill{starts}@\S+ ready", log)
    if not found:
        return None
    return datetime.strptime(found.group(1), "%Y-%m-%d %H:%M:%S,%f").timestamp()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attempts", type=int, default=20)
    parser.add_argument("--answers", type=int, default=5, help="answers saved per attempt")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--cpus", default="0-1", help="taskset's list for the worker")
    args = parser.parse_args()
    run = Run(args.attempts)
    import ledger
    from hall import seat

    rows = []
    try:
        run.setup()
        for concurrency in args.concurrency:
            run.reset()
            stack = run.current = Stack(run.workdir, dict(BASE_ENV))
            stack.start_web(wait=True)
            students = seat(stack.host, args.attempts, args.answers)
            for student in students:
                assert 200 <= student.submit().status < 300
            stack.stop_one("web")
            ids = [student.attempt["id"] for student in students]
            queued = ledger.pending(ids)
            stack.start_worker(concurrency=concurrency, cpus=args.cpus)
            assert wait_until(lambda ids=ids: ledger.pending(ids) == 0, 600, 0.2), "not all graded"
            done = time.time()
            ready = _ready_at(stack.worker_log(), stack.worker_starts)
            seconds = done - ready
            rows.append((concurrency, queued, seconds, queued / seconds))
            print(f"concurrency {concurrency}: {queued} answers in {seconds:.1f} s "
                  f"= {queued / seconds:.1f} answers/s", flush=True)  # fmt: skip
            stack.stop()
    finally:
        run.close()
        shutil.rmtree(run.workdir, ignore_errors=True)
    print("\n| worker concurrency | answers | seconds | answers/s |\n|---|---|---|---|")
    for concurrency, queued, seconds, rate in rows:
        print(f"| {concurrency} | {queued} | {seconds:.1f} | {rate:.1f} |")


if __name__ == "__main__":
    main()
