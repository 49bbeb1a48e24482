"""Bad input to the pages is a 4xx with a message, never a 500: NUL bytes, oversized bodies,
ids out of range; and a property-based sweep (Hypothesis) over every form field."""

import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web.conftest import part_of

TOO_LARGE = 3 * 1024 * 1024  # over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB)


@pytest.fixture
def alice(student) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(student)
    return client


@pytest.mark.parametrize("field", ["answer", "revision"])
def test_a_nul_byte_in_an_answer_is_a_400(alice, practice, field):
    part = part_of(practice, "expression")
    data = {"answer": "2x", "revision": "0", field: "2\x00x"}
    response = alice.post(f"/attempts/{practice.pk}/parts/{part.pk}/answer/", data)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


def test_a_nul_byte_in_the_query_or_the_path_is_a_400(alice, small_exam):
    assert alice.get("/exams/small/?x=%00").status_code == 400
    assert alice.get("/exams/sm%00all/").status_code in (400, 404)


def test_a_nul_byte_when_starting_an_attempt_is_a_400(alice, small_exam):
    response = alice.post("/exams/small/start/", {"mode": "practice", "topic": "1\x00"})
    assert response.status_code == 400


@pytest.mark.parametrize("url", ["/login/", "/signup/", "/exams/small/start/"])
def test_an_oversized_body_is_a_413(alice, small_exam, url):
    response = alice.post(url, {"username": "x" * TOO_LARGE, "mode": "practice"})
    assert response.status_code == 413
    assert "too large" in response.content.decode()


def test_an_answer_with_an_oversized_body_is_a_413(alice, practice):
    part = part_of(practice, "text")
    response = alice.post(
        f"/attempts/{practice.pk}/parts/{part.pk}/answer/", {"answer": "x" * TOO_LARGE}
    )
    assert response.status_code == 413


def test_an_id_beyond_the_database_range_is_a_404(alice, practice):
    huge = 10**30
    assert alice.get(f"/attempts/{huge}/").status_code == 404
    part = part_of(practice, "choice")
    assert alice.get(f"/attempts/{practice.pk}/parts/{huge}/feedback/").status_code == 404
    assert alice.post(f"/attempts/{huge}/parts/{part.pk}/answer/", {}).status_code == 404


TEXT = st.text(
    alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Z", "Cc"]),
    max_size=40,
) | st.sampled_from(["²", "¹²", "\x00", "-1", "1e309", "9" * 40, "", " ", "0x10"])


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    form=st.fixed_dictionaries(
        {}, optional={k: TEXT for k in ("answer", "revision", "score", "mode", "topic")}
    ),
    target=st.sampled_from(["answer", "preview", "check", "self-mark", "start"]),
)
def test_no_form_field_value_gives_a_500(alice, practice, form, target):
    part = part_of(practice, "numeric" if target != "self-mark" else "text")
    url = (
        "/exams/small/start/"
        if target == "start"
        else f"/attempts/{practice.pk}/parts/{part.pk}/{target}/"
    )
    response = alice.post(url, form)
    assert response.status_code < 500, (url, json.dumps(form), response.content[:300])
