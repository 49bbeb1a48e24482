"""Bad input to the API is a JSON 4xx with a message, never a 500: oversized bodies, JSON
nested too deeply, NUL bytes in queries and JSON, and a property-based sweep (Hypothesis)
over every JSON field of the student's endpoints."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from quizapp.models import Part

TOO_LARGE = 3 * 1024 * 1024  # over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB)


@pytest.fixture
def api(student) -> APIClient:
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(student)
    return client


@pytest.fixture
def staff(instructor) -> APIClient:
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(instructor)
    return client


@pytest.fixture
def practice(api, small_exam) -> int:
    return api.post("/api/exams/small/attempts/", {"mode": "practice"}).json()["id"]


@pytest.mark.parametrize("url", ["/api/validate/", "/api/auth/token/", "/api/auth/register/"])
def test_an_oversized_body_is_a_json_413(api, url):
    body = json.dumps({"username": "x" * TOO_LARGE, "answer": "x"})
    reply = api.generic("POST", url, body, content_type="application/json")
    assert reply.status_code == 413
    assert "too large" in reply.json()["detail"]


def test_json_nested_100000_deep_is_a_400(api, small_exam):
    reply = api.generic(
        "POST", "/api/validate/", "[" * 100_000 + "]" * 100_000, content_type="application/json"
    )
    assert reply.status_code == 400
    assert "nested too deeply" in reply.json()["detail"]


def test_a_nul_byte_in_a_query_is_a_json_400(api, staff):
    assert api.get("/api/exams/?page=%00").status_code == 400
    reply = staff.get("/api/instructor/attempts/?exam=a%00b")
    assert reply.status_code == 400
    assert "NUL character" in reply.json()["detail"]


def test_a_nul_byte_in_an_instructor_exam_slug_is_a_400(staff):
    body = {"slug": "a\x00b", "title": "T", "course": "C", "date": "2024-01-18"}
    reply = staff.post("/api/instructor/exams/", body, format="json")
    assert reply.status_code == 400


def test_a_nul_byte_in_a_parts_json_answer_is_a_400(staff, small_exam):
    question = small_exam.questions.first()
    body = {"question": question.pk, "kind": "text", "points": 1, "answer": {"rubric": "a\x00"}}
    reply = staff.post("/api/instructor/parts/", body, format="json")
    assert reply.status_code == 400


def test_a_nul_byte_in_an_answer_is_a_400(api, practice):
    part = Part.objects.get(kind=Part.Kind.TEXT)
    reply = api.put(
        f"/api/attempts/{practice}/parts/{part.pk}/", {"answer": "a\x00"}, format="json"
    )
    assert reply.status_code == 400


@pytest.mark.parametrize("value", ["²", "¹²", 10**30, -1])
def test_odd_numbers_as_ids_and_revisions_are_not_500s(api, practice, value):
    part = Part.objects.get(kind=Part.Kind.NUMERIC)
    assert (
        api.post("/api/validate/", {"part_id": value, "answer": "1"}, format="json").status_code
        == 400
    )
    body = {"answer": "1", "revision": value}
    reply = api.put(f"/api/attempts/{practice}/parts/{part.pk}/", body, format="json")
    assert reply.status_code < 500  # a huge revision is simply newer than the saved one
    assert api.get(f"/api/attempts/{10**30}/").status_code == 404


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | st.sampled_from(["²", "¹²", "\x00", "1e309", ""]),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=6,
)
FIELDS = ("answer", "revision", "score", "part_id", "mode", "topic", "username", "password")


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    body=st.fixed_dictionaries({}, optional={k: JSON for k in FIELDS}),
    target=st.sampled_from(["put", "self-assessment", "validate", "start", "token", "register"]),
)
def test_no_json_field_value_gives_a_500(api, practice, body, target):
    part = Part.objects.get(
        kind=Part.Kind.TEXT if target == "self-assessment" else Part.Kind.NUMERIC
    )
    url, method = {
        "put": (f"/api/attempts/{practice}/parts/{part.pk}/", "put"),
        "self-assessment": (f"/api/attempts/{practice}/parts/{part.pk}/self-assessment/", "post"),
        "validate": ("/api/validate/", "post"),
        "start": ("/api/exams/small/attempts/", "post"),
        "token": ("/api/auth/token/", "post"),
        "register": ("/api/auth/register/", "post"),
    }[target]
    reply = getattr(api, method)(url, body, format="json")
    assert reply.status_code < 500, (url, body, reply.content[:300])
