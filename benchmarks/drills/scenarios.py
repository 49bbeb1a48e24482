"""The four drills. Each takes the run's context, breaks one thing while a small hall works,
and returns (passed, the lines of its verdict)."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import ledger
from hall import KEYS, Reply, seat, tally
from infra import wait_until


def _submit_all(students) -> list[Reply]:
    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(lambda student: student.submit(), students))


def _wait_graded(ids: list[int], seconds: float) -> float | None:
    began = time.monotonic()
    if wait_until(lambda: ledger.pending(ids) == 0, seconds, 1):
        return time.monotonic() - began
    return None


def _accepted(replies: list[Reply]) -> bool:
    return all(200 <= r.status < 300 for r in replies)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _clean(replies: list[Reply]) -> bool:
    """No 500, no HTML error page, no request left without an answer."""
    return all(r.status not in (0, 500) and (r.json or r.status < 400) for r in replies)


def worker_kill(ctx) -> tuple[bool, list[str]]:
    stack = ctx.stack(
        # Redelivery by the broker, not the sweep: a short visibility timeout, no sweep.
        CELERY_VISIBILITY_TIMEOUT="10",
        CELERY_UNACKED_RESTORE_INTERVAL="2",
        GRADING_STALE_SECONDS="3600",
    )
    students = seat(stack.host, ctx.students, 6)
    ids = [s.attempt["id"] for s in students]
    with ThreadPoolExecutor(1) as pool:
        burst = pool.submit(_submit_all, students)
        wait_until(lambda: stack.worker_log().count("received") >= 4, 30, 0.05)
        stack.kill_worker()
        in_hand = stack.worker_log().count("received") - stack.worker_log().count("succeeded")
        replies = burst.result()
    pending_at_kill = ledger.pending(ids)
    time.sleep(2)
    stack.start_worker()
    seconds = _wait_graded(ids, 120)
    time.sleep(3)  # room for a late duplicate delivery to show itself
    counts = ledger.gradings(ids)
    deliveries = stack.worker_log().count("received")
    passed = (
        _accepted(replies) and seconds is not None and counts["graded once"] == counts["queued"]
    )
    return passed, [
        f"submits: {tally(replies)}",
        f"worker SIGKILLed (with its pool) with {in_hand} task(s) received and not finished; "
        f"{pending_at_kill} answers pending after the burst",
        f"restarted: all graded {seconds:.1f} s later" if seconds else "restarted: NOT graded",
        f"task deliveries seen by the workers: {deliveries}",
        f"answers through a worker: {counts}",
    ]


def redis_stop(ctx) -> tuple[bool, list[str]]:
    stack = ctx.stack(GRADING_STALE_SECONDS="10", GRADING_SWEEP_SECONDS="5")
    students = seat(stack.host, ctx.students, 6)
    ids = [s.attempt["id"] for s in students]
    half = len(students) // 2
    ctx.redis.stop()
    health = stack.healthy()
    down = _submit_all(students[:half])
    down_detail = [(r.status, r.seconds) for r in down]
    ctx.redis.start()
    back = wait_until(stack.healthy, 30)
    after = _submit_all(students[half:])
    refused = [s for s, r in zip(students[:half], down, strict=True) if not _accepted([r])]
    retried = _submit_all(refused)
    seconds = _wait_graded(ids, 180)
    counts = ledger.gradings(ids)
    statuses = ledger.attempts_by_status(ids)
    messages = sorted({r.detail for r in down if not _accepted([r])})
    passed = (
        _clean(down)
        and _accepted(after + retried)
        and statuses.get("graded") == len(ids)
        and counts["graded once"] == counts["queued"]
    )
    return passed, [
        f"/healthz with Redis down: {'200' if health else '503'}",
        f"submits while Redis was down: {tally(down)}; refusals said: {messages}; slowest "
        f"{max(seconds for _, seconds in down_detail):.1f} s",
        f"Redis started again (empty: no persistence); site healthy again: {back}",
        f"submits after: {tally(after)}; the refused ones again: {tally(retried)}",
        f"attempts: {statuses}; all graded {seconds:.1f} s after the last submit"
        if seconds
        else f"attempts: {statuses}; NOT all graded",
        f"answers through a worker: {counts}",
    ]


def postgres_restart(ctx) -> tuple[bool, list[str]]:
    stack = ctx.stack()
    students = seat(stack.host, ctx.students // 2, 0)
    began = time.monotonic()
    stop_at = began + 14
    log: list[tuple[float, Reply]] = []
    lock = threading.Lock()

    def autosave(student) -> None:
        parts = student.parts(4)
        turn = 0
        while time.monotonic() < stop_at:
            part_id, answer = parts[turn % len(parts)]
            edit = f"{turn}.5" if _is_number(answer) else f"{answer} + 0*{turn}"
            reply = student.save(part_id, edit)
            with lock:
                log.append((time.monotonic() - began, reply))
            turn += 1
            time.sleep(0.3)

    threads = [threading.Thread(target=autosave, args=(s,)) for s in students]
    for thread in threads:
        thread.start()
    time.sleep(4)
    restart_began = time.monotonic() - began
    ctx.pg.stop()  # pg_ctl stop -m fast: every connection cut
    time.sleep(3)  # a restart that takes a while, as after a crash or an upgrade
    ctx.pg.start()
    restart_ended = time.monotonic() - began
    for thread in threads:
        thread.join()
    replies = [reply for _, reply in log]
    failed = [(at, reply) for at, reply in log if reply.status != 200]
    last_failure = max((at for at, _ in failed), default=restart_ended)
    lost = sum(student.lost_answers() for student in students)
    slowest = max(reply.seconds for reply in replies)
    messages = sorted({reply.detail for _, reply in failed})
    # The expected failure is a JSON 503 (quizapp/outage.py: "try again", Retry-After); a 409
    # follows a save that committed as the connection was cut. A 500 means an outage error
    # was not recognised as one.
    clean = all(r.status == 200 or (r.json and r.status in (503, 409)) for r in replies)
    passed = clean and lost == 0 and last_failure < stop_at - began - 2
    return passed, [
        f"autosaves: {tally(replies)} from {len(students)} students over 14 s",
        f"PostgreSQL down from {restart_began:.1f} s to {restart_ended:.1f} s; "
        f"last failed save at {last_failure:.1f} s (recovered {last_failure - restart_ended:+.1f}"
        " s after the restart)",
        f"failures said: {messages}",
        f"slowest reply {slowest:.2f} s (a hang would be {10} s)",
        f"acknowledged answers read back: {lost} lost",
    ]


def hard_limit(ctx) -> tuple[bool, list[str]]:
    # An expression: choices and numbers are graded in the submit itself, never by a worker.
    stuck_key = min(key for key, answer in KEYS.items() if "expected" in answer)
    sleepy = f"{KEYS[stuck_key]['expected']} + 0*271828"
    stack = ctx.stack(
        GRADING_SOFT_TIME_LIMIT="2",  # ignored by the stuck answer (worker_hooks.py)
        GRADING_HARD_TIME_LIMIT="4",
        # Above the hard limit, as in production (120 > 60): else the sweep re-queues an
        # answer still in a worker's hands and its tries run out twice as fast.
        GRADING_STALE_SECONDS="5",
        GRADING_SWEEP_SECONDS="2",
        DRILL_SLEEP_ANSWER=sleepy,
        PYTHONPATH=str(ctx.here),
        worker_args=("--include", "worker_hooks"),
    )
    first, second = seat(stack.host, 2, 3)
    stuck_part = next(
        part["id"]
        for question in first.attempt["questions"]
        for part in question["parts"]
        if (question["number"], part["label"]) == stuck_key
    )
    assert first.save(stuck_part, sleepy).status == 200
    began = time.monotonic()
    assert _accepted([first.submit()])
    time.sleep(1)
    assert _accepted([second.submit()])
    ids = [first.attempt["id"], second.attempt["id"]]
    second_done = _wait_graded([second.attempt["id"]], 60)
    seconds = _wait_graded(ids, 120)
    stuck = ledger.hall_responses(ids).get(part_id=stuck_part, attempt_id=first.attempt["id"])
    worker_alive = stack.processes["worker"].poll() is None
    kills = stack.worker_log().count("Hard time limit")
    statuses = ledger.attempts_by_status(ids)
    passed = (
        stuck.status == "error"
        and worker_alive
        and statuses.get("graded") == 2
        and second_done is not None
    )
    return passed, [
        f"the sleeping answer: status {stuck.status!r} after {stuck.grading_tries} tries, "
        f"{time.monotonic() - began:.0f} s after its submit; feedback {stuck.feedback[:60]!r}",
        f"hard time limit hit {kills} times; worker main process alive: {worker_alive}",
        f"the next student's attempt graded {second_done:.1f} s after it was submitted"
        if second_done is not None
        else "the next student's attempt NOT graded",
        f"attempts: {statuses}" + ("" if seconds else " (timed out waiting)"),
    ]


DRILLS = {
    "worker-kill": worker_kill,
    "redis-stop": redis_stop,
    "postgres-restart": postgres_restart,
    "hard-limit": hard_limit,
}
