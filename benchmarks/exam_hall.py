"""An exam hall on a load generator (Locust, headless): students log in, start, answer at a
human pace with edits, a few practise first, all submit within a minute; then the time until
every attempt is graded, whether any answer was lost, and what each process cost.

    .venv/bin/python benchmarks/exam_hall.py --host http://127.0.0.1:8765 --students 300

The accounts come from benchmarks/hall_accounts.py; `make hall` starts a DEBUG=0 stack
(gunicorn, a Celery worker, PostgreSQL, Redis), creates them and runs this. The timeline
(seconds): logins spread over --login-window, starts over --start-window after it, answers
for --answer-seconds, submits over --submit-window. The real hall is 600/60/..../30: the
defaults compress the login phase so that a run takes a few minutes. The whole run is
bounded by --time-limit. Only loopback hosts are played against unless --allow-remote.
Autosaves ask for the minimal reply (`Prefer: return=minimal`), as an exam client that needs
only the new revision would; --full-replies asks for the whole part instead.

It reports, per endpoint: requests, mean and peak requests/s, p50/p95/p99 (ms) and errors;
the time from the last submit until no attempt is left grading; answers lost (the last
answer each student was told was saved, read back once everything is graded); and for each
watched process (--watch NAME=PID, children included, or --watch NAME=~substring of the
command line) its peak memory and CPU, with the web's CPU per request while answering.
"""

import argparse
import itertools
import json
import os
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import gevent
import psutil
import yaml
from gevent.pool import Pool
from locust import FastHttpUser, events, task
from locust.env import Environment
from locust.exception import StopUser

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
AUTOSAVE = "PUT /api/attempts/[id]/parts/[id]/ (autosave)"


@dataclass
class Hall:
    """What the students share: the plan, and what happened."""

    args: argparse.Namespace
    keys: dict[tuple[int, str], dict]
    t0: float = 0.0
    numbers: itertools.count = field(default_factory=lambda: itertools.count(1))
    finished: int = 0
    last_submit: float = 0.0
    # username -> (token, attempt id, {part id: last answer acknowledged})
    saved: dict[str, tuple[str, int, dict[int, str]]] = field(default_factory=dict)
    submitted: int = 0

    def at(self, offset: float) -> float:
        return self.t0 + offset


def _bank_keys(path: Path) -> dict[tuple[int, str], dict]:
    """(question number, part label) -> the part's reference, to type readable answers."""
    keys = {}
    for question in yaml.safe_load(path.read_text())["questions"]:
        for part in question.get("parts", []):
            keys[(question["number"], part.get("label", ""))] = part.get("answer") or {}
    return keys


def _typed(part: dict, number: int, hall: Hall, edit: int) -> str:
    """An answer as a student types it; later edits change it."""
    if part["kind"] == "choice":
        return str(random.choice(part["options"])["id"])
    key = hall.keys.get((number, part["label"]), {})
    if part["kind"] == "numeric":
        return str(key.get("value", 1))
    if part["kind"] == "expression":
        expected = key.get("expected", "x")
        return expected if edit % 2 == 0 else f"({expected})"
    return "I would argue that " + "the objective decreases at every step, " * (edit + 1)


class Student(FastHttpUser):
    """One student, from login to submit. Runs its script once, then stops."""

    hall: Hall  # set by main()

    def _wait_until(self, moment: float) -> None:
        delay = moment - time.monotonic()
        if delay > 0:
            gevent.sleep(delay)

    def _json(self, method: str, path: str, name: str, **kwargs) -> dict | None:
        with self.client.request(method, path, name=name, catch_response=True, **kwargs) as r:
            if r.status_code >= 400 or r.status_code == 0:
                r.failure(f"{r.status_code}: {(r.text or '')[:120]}")
                return None
            return r.json()

    @task
    def sit_the_exam(self) -> None:
        hall, args = self.hall, self.hall.args
        number = next(hall.numbers)
        username = f"hall-{number:04d}"
        self._wait_until(hall.at(random.uniform(0, args.login_window)))
        body = self._json(
            "POST",
            "/api/auth/token/",
            "POST /api/auth/token/",
            json={"username": username, "password": args.password},
        )
        if body is None:
            return self._done()
        headers = {"Authorization": f"Token {body['token']}"}
        if random.random() < args.practice_share:
            self._practise(headers)
        self._wait_until(hall.at(args.login_window + random.uniform(0, args.start_window)))
        attempt = self._json(
            "POST",
            f"/api/exams/{args.slug}/attempts/",
            "POST /api/exams/[slug]/attempts/ (start)",
            json={"mode": "exam"},
            headers=headers,
        )
        if attempt is None:
            return self._done()
        # The page loads the attempt as well.
        self._json(
            "GET", f"/api/attempts/{attempt['id']}/", "GET /api/attempts/[id]/", headers=headers
        )
        parts = [
            (question["number"], part)
            for question in attempt["questions"]
            for part in question["parts"]
        ]
        random.shuffle(parts)
        saved: dict[int, str] = {}
        hall.saved[username] = (body["token"], attempt["id"], saved)
        revisions: dict[int, int] = {}
        edits: dict[int, int] = defaultdict(int)
        answer_end = args.login_window + args.start_window + args.answer_seconds
        submit_at = hall.at(answer_end + random.uniform(0, args.submit_window))
        turn = 0
        # An exam client needs only the new revision back (Prefer: return=minimal).
        save_headers = {} if args.full_replies else {"Prefer": "return=minimal"}
        while time.monotonic() < submit_at - args.save_interval:
            # Mostly the next part; sometimes back to one already answered (an edit).
            if saved and random.random() < args.edit_share:
                number_, part = random.choice([p for p in parts if p[1]["id"] in saved])
            else:
                number_, part = parts[turn % len(parts)]
                turn += 1
            edits[part["id"]] += 1
            answer = _typed(part, number_, hall, edits[part["id"]])
            reply = self._json(
                "PUT",
                f"/api/attempts/{attempt['id']}/parts/{part['id']}/",
                AUTOSAVE,
                json={"answer": answer, "revision": revisions.get(part["id"], 0)},
                headers={**headers, **save_headers},
            )
            if reply is not None:
                # The minimal reply does not echo the answer: the one sent is what was saved,
                # as the server stores it (without surrounding blanks).
                saved[part["id"]] = reply.get("answer", answer.strip())
                revisions[part["id"]] = reply["revision"]
            gevent.sleep(random.uniform(0.5, 1.5) * args.save_interval)
        self._wait_until(submit_at)
        if self._json(
            "POST",
            f"/api/attempts/{attempt['id']}/submit/",
            "POST /api/attempts/[id]/submit/",
            headers=headers,
        ):
            hall.submitted += 1
            hall.last_submit = max(hall.last_submit, time.monotonic())
        self._done()

    def _practise(self, headers: dict) -> None:
        """A short practice before the exam: check two parts and poll until graded."""
        practice = self._json(
            "POST",
            f"/api/exams/{self.hall.args.slug}/attempts/",
            "POST /api/exams/[slug]/attempts/ (practice)",
            json={"mode": "practice"},
            headers=headers,
        )
        if practice is None:
            return
        parts = [
            (q["number"], p)
            for q in practice["questions"]
            for p in q["parts"]
            if p["kind"] in ("choice", "expression")
        ]
        for number, part in random.sample(parts, 2):
            url = f"/api/attempts/{practice['id']}/parts/{part['id']}/"
            reply = self._json(
                "PUT",
                url,
                "PUT /api/attempts/[id]/parts/[id]/ (practice check)",
                json={"answer": _typed(part, number, self.hall, 0)},
                headers=headers,
            )
            for _ in range(60):
                if reply is None or reply["status"] != "pending":
                    break
                gevent.sleep(0.5)
                reply = self._json(
                    "GET", url, "GET /api/attempts/[id]/parts/[id]/ (poll)", headers=headers
                )

    def _done(self) -> None:
        self.hall.finished += 1
        raise StopUser()


class Watcher:
    """Peak memory and CPU of the watched processes (with their children)."""

    def __init__(self, specs: list[str]) -> None:
        self.specs = [spec.partition("=")[::2] for spec in specs]
        self.groups: dict[str, list[psutil.Process]] = {name: [] for name, _ in self.specs}
        self.discover()
        self.peak: dict[tuple[str, int], tuple[int, str]] = {}
        # The last CPU time read of each process: one that exits (a gunicorn worker recycled
        # after max_requests) still counts what it used up to the last sample.
        self.used: dict[tuple[str, int], float] = {}
        self.marks: dict[str, dict[str, float]] = {}

    def discover(self) -> None:
        """Processes started since (a database backend, a recycled worker) join their group."""
        for name, target in self.specs:
            if target.startswith("~"):
                found = [
                    p
                    for p in psutil.process_iter(["cmdline"])
                    if target[1:] in " ".join(p.info["cmdline"] or []) and p.pid != os.getpid()
                ]
            else:
                try:
                    root = psutil.Process(int(target))
                    found = [root, *root.children(recursive=True)]
                except psutil.Error:
                    continue
            known = {p.pid for p in self.groups[name]}
            self.groups[name].extend(p for p in found if p.pid not in known)

    def sample(self) -> None:
        self.discover()
        for name, processes in self.groups.items():
            for process in processes:
                try:
                    rss = process.memory_info().rss
                    label = " ".join(process.cmdline()[:4])[:70]
                except psutil.Error:
                    continue
                key = (name, process.pid)
                if rss > self.peak.get(key, (0, ""))[0]:
                    self.peak[key] = (rss, label)
        self.cpu()

    def cpu(self) -> dict[str, float]:
        """CPU seconds per group: of the live processes now, of those gone at their last
        sample."""
        for name, processes in self.groups.items():
            for process in processes:
                try:
                    times = process.cpu_times()
                except psutil.Error:
                    continue
                self.used[(name, process.pid)] = times.user + times.system
        seconds = dict.fromkeys(self.groups, 0.0)
        for (name, _), used in self.used.items():
            seconds[name] += used
        return seconds

    def mark(self, label: str) -> None:
        self.marks[label] = self.cpu()

    def run(self, interval: float = 0.5) -> None:
        while True:
            self.sample()
            gevent.sleep(interval)


def _check_saved(hall: Hall, host: str) -> tuple[int, int]:
    """(answers checked, answers lost): each answer acknowledged, read back over the API."""
    import urllib.request

    def read(item: tuple[str, tuple[str, int, dict[int, str]]]) -> tuple[int, int]:
        _, (token, attempt_id, saved) = item
        request = urllib.request.Request(
            f"{host}/api/attempts/{attempt_id}/", headers={"Authorization": f"Token {token}"}
        )
        with urllib.request.urlopen(request, timeout=30) as reply:
            body = json.load(reply)
        stored = {p["id"]: p["answer"] for q in body["questions"] for p in q["parts"]}
        return len(saved), sum(stored.get(part) != answer for part, answer in saved.items())

    results = Pool(8).map(read, list(hall.saved.items()))
    return sum(r[0] for r in results), sum(r[1] for r in results)


def _wait_graded(hall: Hall, host: str, deadline: float) -> float | None:
    """Seconds from the last submit until no exam attempt of the hall is still grading."""
    import urllib.request

    token_request = urllib.request.Request(
        f"{host}/api/auth/token/",
        data=f"username=hall-proctor&password={hall.args.password}".encode(),
        method="POST",
    )
    with urllib.request.urlopen(token_request, timeout=30) as reply:
        token = json.load(reply)["token"]
    headers = {"Authorization": f"Token {token}"}
    while time.monotonic() < deadline:
        counts = {}
        for status in ("in_progress", "grading"):
            url = f"{host}/api/instructor/attempts/?exam={hall.args.slug}&mode=exam&status={status}"
            with urllib.request.urlopen(
                urllib.request.Request(url, headers=headers), timeout=30
            ) as r:
                counts[status] = json.load(r)["count"]
        if counts == {"in_progress": 0, "grading": 0}:
            return time.monotonic() - hall.last_submit
        gevent.sleep(0.25)
    return None


def _percentile(entry, share: float) -> int:
    return entry.get_response_time_percentile(share) if entry.num_requests else 0


def report(env: Environment, hall: Hall, watcher: Watcher, graded: float | None, lost) -> dict:
    args = hall.args
    rows = []
    for entry in sorted(env.stats.entries.values(), key=lambda e: e.name):
        per_second = entry.num_reqs_per_sec.values()
        rows.append(
            {
                "endpoint": entry.name,
                "requests": entry.num_requests,
                "rps": round(entry.total_rps, 1),
                "peak_rps": max(per_second, default=0),
                "p50": _percentile(entry, 0.5),
                "p95": _percentile(entry, 0.95),
                "p99": _percentile(entry, 0.99),
                "max": round(entry.max_response_time or 0),
                "errors": entry.num_failures,
            }
        )
    answering = {
        name: watcher.marks["answer_end"][name] - watcher.marks["answer_start"][name]
        for name in watcher.groups
        if "answer_end" in watcher.marks and "answer_start" in watcher.marks
    }
    saves = hall_saves(env)
    result = {
        "students": args.students,
        "timeline": {
            "login_window": args.login_window,
            "start_window": args.start_window,
            "answer_seconds": args.answer_seconds,
            "submit_window": args.submit_window,
            "save_interval": args.save_interval,
        },
        "endpoints": rows,
        "submitted": hall.submitted,
        "seconds_to_all_graded": None if graded is None else round(graded, 1),
        "answers_checked": lost[0],
        "answers_lost": lost[1],
        "processes": [
            {"group": name, "pid": pid, "command": label, "peak_rss_mb": round(rss / 2**20)}
            for (name, pid), (rss, label) in sorted(watcher.peak.items())
        ],
        "cpu_seconds_while_answering": {k: round(v, 1) for k, v in answering.items()},
        "autosaves_while_answering": saves,
    }
    print(f"\n## Exam hall: {args.students} students against {args.host}\n")
    print(
        "| endpoint | requests | req/s (mean / peak) | p50 ms | p95 ms | p99 ms | max ms | errors |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['endpoint']} | {row['requests']} | {row['rps']} / {row['peak_rps']} | "
            f"{row['p50']} | {row['p95']} | {row['p99']} | {row['max']} | {row['errors']} |"
        )
    graded_text = "not within the limit" if graded is None else f"{graded:.1f} s"
    print(
        f"\nSubmitted: {hall.submitted} of {args.students}; "
        f"all graded {graded_text} after the last submit."
    )
    print(f"Answers read back: {lost[0]}, lost: {lost[1]}.")
    if answering:
        print(f"\nCPU while answering ({saves} autosaves):")
        for name, seconds in answering.items():
            per_save = f", {seconds / saves * 1000:.1f} ms per autosave" if saves else ""
            print(f"- {name}: {seconds:.1f} s{per_save}")
    print("\n| process | pid | peak RSS MB | command |\n|---|---:|---:|---|")
    for row in result["processes"]:
        print(f"| {row['group']} | {row['pid']} | {row['peak_rss_mb']} | `{row['command']}` |")
    return result


_marks: dict[str, int] = {}


def hall_saves(env: Environment) -> int:
    return _marks.get("answer_end", 0) - _marks.get("answer_start", 0)


def _autosaves(env: Environment) -> int:
    entry = env.stats.entries.get((AUTOSAVE, "PUT"))
    return entry.num_requests if entry else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="http://127.0.0.1:8765")
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--password", default="hall-password-2026")
    parser.add_argument("--slug", default="cs433-2024")
    parser.add_argument("--bank", type=Path, default=ROOT / "fixtures" / "cs433-2024.yaml")
    parser.add_argument("--login-window", type=float, default=60, help="seconds (hall: 600)")
    parser.add_argument("--start-window", type=float, default=60)
    parser.add_argument("--answer-seconds", type=float, default=90)
    parser.add_argument("--submit-window", type=float, default=30)
    parser.add_argument(
        "--save-interval", type=float, default=1.0, help="mean seconds between saves"
    )
    parser.add_argument("--edit-share", type=float, default=0.3, help="saves that edit an answer")
    parser.add_argument(
        "--practice-share", type=float, default=0.1, help="students who practise first"
    )
    parser.add_argument(
        "--full-replies",
        action="store_true",
        help="autosaves ask for the whole part back, not `Prefer: return=minimal`",
    )
    parser.add_argument("--grading-timeout", type=float, default=180)
    parser.add_argument("--time-limit", type=float, default=900, help="hard bound on the run (s)")
    parser.add_argument("--watch", action="append", default=[], metavar="NAME=PID|~TEXT")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--allow-remote", action="store_true")
    args = parser.parse_args()
    if urlparse(args.host).hostname not in LOOPBACK and not args.allow_remote:
        sys.exit(f"{args.host} is not a loopback address; add --allow-remote if you mean it")

    hall = Hall(args=args, keys=_bank_keys(args.bank))
    Student.hall = hall
    Student.host = args.host
    Student.network_timeout = Student.connection_timeout = 60.0
    env = Environment(user_classes=[Student], host=args.host, events=events)
    runner = env.create_local_runner()
    watcher = Watcher([*args.watch, f"load generator={os.getpid()}"])
    gevent.spawn(watcher.run)
    answer_start = args.login_window + args.start_window
    answer_end = answer_start + args.answer_seconds

    def mark(label: str, at: float) -> None:
        gevent.sleep(max(0.0, hall.at(at) - time.monotonic()))
        watcher.mark(label)
        _marks[label] = _autosaves(env)

    hall.t0 = time.monotonic() + 2  # time to spawn everyone
    gevent.spawn(mark, "answer_start", answer_start + 2)
    gevent.spawn(mark, "answer_end", answer_end)
    limit = hall.t0 + args.time_limit
    runner.start(args.students, spawn_rate=max(args.students, 1))
    while hall.finished < args.students and time.monotonic() < limit:
        gevent.sleep(0.5)
    runner.quit()
    graded = None
    if hall.submitted:
        graded = _wait_graded(hall, args.host, min(limit, time.monotonic() + args.grading_timeout))
    lost = _check_saved(hall, args.host)
    watcher.sample()
    result = report(env, hall, watcher, graded, lost)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
