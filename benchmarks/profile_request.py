"""Where one request's time goes: queries and CPU per API request, in-process.

Plays one student's exam through the real URL routing, middleware and views (Django's test
client, no network), and for each endpoint prints the median CPU and wall time and the
number of SQL queries; `--sql autosave` lists one request's queries, `--cprofile autosave`
its hottest functions. It uses the database of DATABASE_URL (loads the exam if missing)
and creates its own accounts (`profile-*`), so point it at a scratch database:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/quizapp_hall \\
    REDIS_URL=redis://127.0.0.1:6379/14 .venv/bin/python benchmarks/profile_request.py

With REDIS_URL set, grading tasks are only queued (no worker needed); without it they run
in-process and the submit figure includes the grading.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
import uuid
import warnings
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizapp.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "profile-request-only-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
# The profile repeats requests faster than any student: throttles would answer instead.
os.environ.setdefault("THROTTLE_AUTH", "100000/min")
os.environ.setdefault("THROTTLE_WRITES", "100000/min")

# WhiteNoise looks for collectstatic's output, which an API profile does not need.
warnings.filterwarnings("ignore", "No directory at", UserWarning)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from quizapp.models import Exam, Part  # noqa: E402

SLUG = "cs433-2024"
PASSWORD = "profile-request-password"


def _client() -> Client:
    # DEBUG=0 redirects plain HTTP and checks the host: ask as the proxy would forward.
    return Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")


class Recorder:
    def __init__(self, client: Client, sql: str | None, profile: str | None) -> None:
        self.client = client
        self.samples: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
        self.sql, self.profile = sql, profile
        self.profiler = cProfile.Profile(time.process_time) if profile else None

    def __call__(self, name: str, method: str, path: str, data=None, **headers):
        call = getattr(self.client, method)
        kwargs = {"data": data} if method != "put" else {"data": data or "", **headers}
        if method == "put":
            kwargs["content_type"] = "application/json"
        profiling = self.profiler is not None and name == self.profile
        with CaptureQueriesContext(connection) as queries:
            cpu, wall = time.process_time(), time.perf_counter()
            if profiling:
                self.profiler.enable()
            reply = call(path, secure=True, **{**kwargs, **headers})
            if profiling:
                self.profiler.disable()
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        if reply.status_code >= 400:
            raise SystemExit(
                f"{name}: {method.upper()} {path} -> {reply.status_code} {reply.content!r}"
            )
        self.samples[name].append((cpu * 1000, wall * 1000, len(queries)))
        if self.sql == name and len(self.samples[name]) == 2:  # the second: caches are warm
            print(f"\nQueries of one {name} request:")
            for query in queries.captured_queries:
                print(f"  {query['time']}s  {query['sql'][:160]}")
        return reply


def _answers(detail: dict) -> list[tuple[int, str]]:
    """A plausible answer to every part that the API accepts (read from the bank)."""
    keys = {part.pk: part for part in Part.objects.filter(question__exam__slug=SLUG)}
    answers = []
    for question in detail["questions"]:
        for part in question["parts"]:
            if part["kind"] == "choice":
                answers.append((part["id"], str(part["options"][-1]["id"])))
            elif part["kind"] == "text":
                answers.append((part["id"], "Because the gradient vanishes."))
            elif part["kind"] == "numeric":
                answers.append((part["id"], str(keys[part["id"]].answer.get("value", 1))))
            else:
                answers.append((part["id"], keys[part["id"]].answer["expected"]))
    return answers


def run(students: int, saves: int, record: Recorder) -> None:
    for _ in range(students):
        name = f"profile-{uuid.uuid4().hex[:10]}"
        from django.contrib.auth.models import User

        User.objects.create_user(name, password=PASSWORD)
        token = record(
            "token", "post", "/api/auth/token/", {"username": name, "password": PASSWORD}
        )
        auth = {"HTTP_AUTHORIZATION": f"Token {token.json()['token']}"}
        start = record("start", "post", f"/api/exams/{SLUG}/attempts/", {"mode": "exam"}, **auth)
        attempt = start.json()["id"]
        record("attempt", "get", f"/api/attempts/{attempt}/", **auth)
        answers = _answers(start.json())
        for i in range(saves):
            part_id, answer = answers[i % len(answers)]
            # Alternately the whole part in reply, and the acknowledgement an exam client asks
            # for (`Prefer: return=minimal`): both measured in the same run.
            minimal = i % 2 == 1
            record(
                "autosave minimal" if minimal else "autosave",
                "put",
                f"/api/attempts/{attempt}/parts/{part_id}/",
                {"answer": answer},
                **auth,
                **({"HTTP_PREFER": "return=minimal"} if minimal else {}),
            )
        record("poll part", "get", f"/api/attempts/{attempt}/parts/{answers[0][0]}/", **auth)
        practice = record(
            "start practice", "post", f"/api/exams/{SLUG}/attempts/", {"mode": "practice"}, **auth
        )
        practice_id = practice.json()["id"]
        for part_id, answer in _answers(practice.json())[:3]:
            record(
                "practice check",
                "put",
                f"/api/attempts/{practice_id}/parts/{part_id}/",
                {"answer": answer},
                **auth,
            )
        record("submit", "post", f"/api/attempts/{attempt}/submit/", **auth)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=5, help="exams played (default 5)")
    parser.add_argument("--saves", type=int, default=40, help="autosaves per exam (default 40)")
    parser.add_argument("--sql", metavar="ENDPOINT", help="list one request's queries")
    parser.add_argument("--cprofile", metavar="ENDPOINT", help="profile this endpoint")
    parser.add_argument(
        "--sort", default="tottime", help="cProfile order: tottime (default) or cumulative"
    )
    parser.add_argument("--only", default="", help="list only functions whose path matches")
    args = parser.parse_args()
    if not settings.DEBUG and not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)  # figure URLs need it
    if not Exam.objects.filter(slug=SLUG).exists():
        call_command("load_exam", str(ROOT / "fixtures" / "cs433-2024.yaml"), verbosity=0)
    record = Recorder(_client(), args.sql, args.cprofile)
    run(args.students, args.saves, record)
    print(f"\n{args.students} exams, {args.saves} autosaves each; medians per request\n")
    print("| endpoint | requests | CPU ms | wall ms | queries |")
    print("|---|---:|---:|---:|---:|")
    for name, samples in record.samples.items():
        cpu, wall, queries = (statistics.median(column) for column in zip(*samples, strict=True))
        print(f"| {name} | {len(samples)} | {cpu:.1f} | {wall:.1f} | {queries:g} |")
    if record.profiler is not None:
        print(f"\nHottest functions of {args.cprofile} (CPU time, by {args.sort}):")
        pstats.Stats(record.profiler).sort_stats(args.sort).print_stats(args.only, 30)


if __name__ == "__main__":
    main()
