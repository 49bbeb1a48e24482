"""Under /api/ every error is JSON, whatever raised it; writes are throttled."""

import psycopg
import pytest
from django.db import connection
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from quizapp.api import attempts as attempt_views
from quizapp.models import Part

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/api/nothing/", "/api/attempts/abc/", "/api/exams", "/api/exams/%0A/attempts/"]
)
@pytest.mark.parametrize("signed_in", [True, False])
def test_an_unknown_address_is_a_json_404(api, path, signed_in):
    client = api if signed_in else APIClient()
    reply = client.get(path)
    assert reply.status_code == 404
    assert reply["Content-Type"] == "application/json"
    assert reply.json() == {"detail": "No such API endpoint."}


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_write_to_an_unknown_address_is_a_json_404_not_a_csrf_page(method):
    client = APIClient(enforce_csrf_checks=True)
    reply = getattr(client, method)("/api/attempts/-1/submit/")
    assert reply.status_code == 404
    assert reply.json() == {"detail": "No such API endpoint."}


def test_a_missing_attempt_is_a_json_404(api):
    reply = api.get("/api/attempts/999999/")
    assert reply.status_code == 404
    assert reply.json() == {"detail": "No such attempt."}


def test_a_wrong_method_is_a_json_405(api):
    reply = api.delete("/api/exams/")
    assert reply.status_code == 405
    assert reply.json()["detail"]


def test_a_body_that_is_not_json_is_a_json_400(api, small_exam):
    reply = api.post("/api/exams/small/attempts/", "{mode:", content_type="application/json")
    assert reply.status_code == 400
    assert "JSON" in reply.json()["detail"]


def test_an_unexpected_error_is_a_logged_json_500(api, small_exam, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(attempt_views, "attempt_submit", broken)
    attempt = api.post("/api/exams/small/attempts/", {"mode": "exam"}).json()["id"]
    reply = api.post(f"/api/attempts/{attempt}/submit/")
    assert reply.status_code == 500
    assert reply["Content-Type"] == "application/json"
    assert "fire" not in reply.json()["detail"]
    assert "the disk is on fire" in caplog.text


def test_writes_are_throttled_per_user_and_reads_are_not(
    api, client_for, outsider, small_exam, monkeypatch
):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "writes", "3/min")
    attempt = api.post("/api/exams/small/attempts/", {"mode": "exam"}).json()["id"]
    numeric = Part.objects.get(kind="numeric")
    statuses = [
        api.put(f"/api/attempts/{attempt}/parts/{numeric.pk}/", {"answer": str(n)}).status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]
    assert (
        "throttled"
        in api.put(f"/api/attempts/{attempt}/parts/{numeric.pk}/", {"answer": "1"}).json()["detail"]
    )
    assert api.get(f"/api/attempts/{attempt}/parts/{numeric.pk}/").status_code == 200
    assert (
        client_for(outsider).post("/api/exams/small/attempts/", {"mode": "exam"}).status_code == 201
    )


def test_the_schema_and_its_browsable_docs_are_served_with_local_assets(client_for):
    schema = client_for(None).get("/api/schema/", {"format": "json"})
    assert schema.status_code == 200
    assert "/api/attempts/{attempt_id}/parts/{part_id}/" in schema.json()["paths"]
    docs = client_for(None).get("/api/docs/")
    assert docs.status_code == 200
    page = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn.jsdelivr.net" not in page and "unpkg.com" not in page


def test_a_database_outage_is_a_json_503_with_retry_after(api, database_down, caplog):
    reply = api.get("/api/exams/")
    assert reply.status_code == 503
    assert reply["Content-Type"] == "application/json"
    assert reply["Retry-After"] == "5"
    assert "try again" in reply.json()["detail"]


def test_a_database_outage_is_one_warning_line_not_a_traceback(api, database_down, caplog):
    api.get("/api/exams/")
    assert [record.levelname for record in caplog.records] == ["WARNING"]
    assert "database unavailable" in caplog.text
    assert "Connection refused" in caplog.text
    assert caplog.records[0].exc_info is None


def test_a_lock_timeout_is_not_an_outage_and_stays_a_500(api, small_exam, monkeypatch):
    def lock_timeout(**kwargs):
        # As Django raises it: its own OperationalError, the driver's as the cause.
        with connection.wrap_database_errors:
            raise psycopg.errors.LockNotAvailable("canceling statement due to lock timeout")

    monkeypatch.setattr(attempt_views, "attempt_submit", lock_timeout)
    attempt = api.post("/api/exams/small/attempts/", {"mode": "exam"}).json()["id"]
    reply = api.post(f"/api/attempts/{attempt}/submit/")
    assert reply.status_code == 500
    assert "Retry-After" not in reply


def test_every_endpoint_documents_the_503(client_for):
    schema = client_for(None).get("/api/schema/", {"format": "json"}).json()
    operations = [op for path in schema["paths"].values() for op in path.values()]
    assert all("503" in operation["responses"] for operation in operations)
