"""A small scripted hall of API clients: log in, start an exam attempt, autosave, submit.
Each student records what the site acknowledged, so that a drill can read it back."""

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests
import yaml

ROOT = Path(__file__).resolve().parents[2]
EXAM = ROOT / "fixtures" / "cs433-2024.yaml"
SLUG = "cs433-2024"
PASSWORD = "hall-password-2026"  # benchmarks/hall_accounts.py's default
TIMEOUT = 10  # seconds: a request that takes longer counts as a hang


def _keys() -> dict[tuple[int, str], dict]:
    keys = {}
    for question in yaml.safe_load(EXAM.read_text())["questions"]:
        for part in question.get("parts", []):
            keys[(question["number"], part.get("label", ""))] = part.get("answer") or {}
    return keys


KEYS = _keys()


@dataclass
class Reply:
    status: int  # 0: no answer (refused connection, timeout)
    seconds: float
    json: bool
    detail: str
    body: dict | None = None


@dataclass
class Student:
    host: str
    username: str
    session: requests.Session = field(default_factory=requests.Session)
    attempt: dict | None = None
    # part id -> (answer, revision) the site said it saved; and answers sent since, unacked.
    acked: dict[int, tuple[str, int]] = field(default_factory=dict)
    unacked: dict[int, list[str]] = field(default_factory=dict)

    def call(self, method: str, path: str, **kwargs) -> Reply:
        began = time.monotonic()
        try:
            reply = self.session.request(method, self.host + path, timeout=TIMEOUT, **kwargs)
        except requests.RequestException as error:
            return Reply(0, time.monotonic() - began, False, type(error).__name__)
        seconds = time.monotonic() - began
        is_json = reply.headers.get("Content-Type", "").startswith("application/json")
        body = reply.json() if is_json else None
        detail = (body or {}).get("detail", "") if isinstance(body, dict) else reply.text[:80]
        return Reply(reply.status_code, seconds, is_json, str(detail), body)

    def log_in(self) -> None:
        reply = self.call(
            "POST", "/api/auth/token/", json={"username": self.username, "password": PASSWORD}
        )
        assert reply.status == 200, (self.username, reply)
        self.session.headers["Authorization"] = f"Token {reply.body['token']}"

    def start_exam(self) -> None:
        reply = self.call("POST", f"/api/exams/{SLUG}/attempts/", json={"mode": "exam"})
        assert reply.status == 201, (self.username, reply)
        self.attempt = reply.body

    def parts(self, count: int) -> list[tuple[int, str]]:
        """(part id, a readable answer) for the first `count` numeric or expression parts."""
        found = []
        for question in self.attempt["questions"]:
            for part in question["parts"]:
                key = KEYS.get((question["number"], part["label"]), {})
                if part["kind"] == "numeric" and "value" in key:
                    found.append((part["id"], str(key["value"])))
                elif part["kind"] == "expression" and "expected" in key:
                    found.append((part["id"], str(key["expected"])))
        return found[:count]

    def save(self, part_id: int, answer: str) -> Reply:
        revision = self.acked.get(part_id, ("", 0))[1]
        reply = self.call(
            "PUT",
            f"/api/attempts/{self.attempt['id']}/parts/{part_id}/",
            json={"answer": answer, "revision": revision},
        )
        if reply.status == 200:
            self.acked[part_id] = (reply.body["answer"], reply.body["revision"])
            self.unacked[part_id] = []
        else:
            self.unacked.setdefault(part_id, []).append(answer)
            if reply.status == 409:  # a save whose reply was lost went through: catch up
                self.refresh(part_id)
        return reply

    def refresh(self, part_id: int) -> None:
        reply = self.call("GET", f"/api/attempts/{self.attempt['id']}/parts/{part_id}/")
        if reply.status == 200:
            self.acked[part_id] = (reply.body["answer"], reply.body["revision"])

    def submit(self) -> Reply:
        return self.call("POST", f"/api/attempts/{self.attempt['id']}/submit/")

    def lost_answers(self) -> int:
        """Parts whose stored answer is older than the last one acknowledged (and is not one
        sent later whose acknowledgement never came)."""
        reply = self.call("GET", f"/api/attempts/{self.attempt['id']}/")
        assert reply.status == 200, reply
        stored = {
            part["id"]: (part["answer"], part["revision"])
            for question in reply.body["questions"]
            for part in question["parts"]
        }
        lost = 0
        for part_id, (answer, revision) in self.acked.items():
            now_answer, now_revision = stored[part_id]
            if now_revision < revision or (
                now_answer != answer and now_answer not in self.unacked.get(part_id, [])
            ):
                lost += 1
        return lost


def seat(host: str, count: int, answers: int) -> list[Student]:
    """`count` students logged in, each with an exam attempt and `answers` answers saved."""

    def one(number: int) -> Student:
        student = Student(host, f"hall-{number:04d}")
        student.log_in()
        student.start_exam()
        for part_id, answer in student.parts(answers):
            assert student.save(part_id, answer).status == 200
        return student

    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(one, range(1, count + 1)))


def tally(replies: list[Reply]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for reply in replies:
        key = str(reply.status) + ("" if reply.json or reply.status in (0, 200, 201) else " html")
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items()))
