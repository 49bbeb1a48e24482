"""The API keeps the promises of its OpenAPI schema: schemathesis generates requests for every
operation of /api/schema/ and checks every answer (no 5xx, documented status codes, content
types, headers and bodies that match the schema, auth not ignored).

Requests carry a token: a student's, or an instructor's for the /api/instructor/ operations.
Path parameters and the ids in bodies are either what schemathesis generates (mostly a 404
or a 400) or the ids of real rows, so the happy paths are exercised too. Left out by design:
- the `auth` throttle is raised for the run, or the register/token operations would only
  see 429 after the 20th example (429 is documented; it is tested in test_auth.py);
- `negative_data_rejection` needs negative data generation, which this run does not use:
  malformed bodies are covered by the endpoint tests.
"""

import json
import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from knox.models import AuthToken
from rest_framework.throttling import SimpleRateThrottle
from schemathesis import GenerationConfig

from quizapp.models import Option, Part, Question
from quizapp.services import attempt_start

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "15"))


def _schema() -> dict:
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


# The token is sent by the test, not made up by schemathesis from the security schemes.
SCHEMA = schemathesis.from_dict(
    _schema(),
    app=WSGIHandler(),
    generation_config=GenerationConfig(with_security_parameters=False),
)
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


@pytest.fixture
def same_connection_for_requests():
    """Requests through the WSGI handler run inside the test's transaction: Django must not
    close the connection at the start and end of each one (as its test client does)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(small_exam, student, instructor, settings, monkeypatch, same_connection_for_requests):
    """Real rows for the path parameters, and a token for each side of the API."""
    settings.ALLOWED_HOSTS = ["localhost"]  # the host of schemathesis's WSGI client
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "auth", "10000/min")
    attempt = attempt_start(student=student, exam=small_exam, mode="practice")
    part = Part.objects.filter(kind="expression").get()
    return {
        "ids": {
            "attempt_id": attempt.pk,
            "part_id": part.pk,
            "slug": small_exam.slug,
        },
        "pks": {
            "questions": Question.objects.first().pk,
            "parts": part.pk,
            "options": Option.objects.first().pk,
            "choice_part": Option.objects.first().part_id,
        },
        "student": AuthToken.objects.create(user=student)[1],
        "instructor": AuthToken.objects.create(user=instructor)[1],
    }


def _real_path(path: str, parameters: dict, world: dict) -> dict:
    real = {name: world["ids"].get(name, value) for name, value in parameters.items()}
    if "id" in parameters:  # /api/instructor/<resource>/{id}/
        real["id"] = world["pks"][path.removeprefix("/api/instructor/").split("/")[0]]
    return real


def _real_body(body: dict, world: dict) -> dict:
    """Point the ids in a body at real rows: the part to preview, the parent of a new row."""
    real = {
        "part_id": world["pks"]["parts"],
        "question": world["pks"]["questions"],
        "part": world["pks"]["choice_part"],
        "exam": world["ids"]["slug"],
    }
    return {name: real.get(name, value) for name, value in body.items()}


@pytest.mark.django_db
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.verbose_name)
def test_the_api_conforms_to_its_schema(operation, world):
    role = "instructor" if operation.path.startswith("/api/instructor/") else "student"
    headers = {"Authorization": f"Token {world[role]}"}

    @given(case=operation.as_strategy(), real_ids=st.booleans())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def conforms(case, real_ids):
        # schemathesis's auth check writes into these; it fails on None.
        case.headers, case.cookies = case.headers or {}, case.cookies or {}
        if real_ids and case.path_parameters:
            case.path_parameters = _real_path(operation.path, case.path_parameters, world)
        if real_ids and isinstance(case.body, dict):
            case.body = _real_body(case.body, world)
        case.call_and_validate(headers=headers)

    conforms()


def test_the_schema_is_valid_openapi_and_generates_without_warnings(tmp_path):
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )
