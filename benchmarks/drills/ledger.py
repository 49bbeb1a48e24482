"""What the database says after a drill, read through the ORM of the private database.

A trigger (installed once per run) writes a row to drill_gradings every time a response's
graded_at changes and the change commits: the number of gradings per response, exactly,
whatever happened to the workers that did them."""

from django.db import connection

from quizapp.models import Attempt, Response

TRIGGER = """
CREATE TABLE IF NOT EXISTS drill_gradings (response_id bigint NOT NULL);
CREATE OR REPLACE FUNCTION drill_count_grading() RETURNS trigger AS $$
BEGIN
  IF NEW.graded_at IS NOT NULL AND NEW.graded_at IS DISTINCT FROM OLD.graded_at THEN
    INSERT INTO drill_gradings (response_id) VALUES (NEW.id);
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS drill_count_grading ON quizapp_response;
CREATE TRIGGER drill_count_grading AFTER UPDATE ON quizapp_response
  FOR EACH ROW EXECUTE FUNCTION drill_count_grading();
"""


def install() -> None:
    with connection.cursor() as cursor:
        cursor.execute(TRIGGER)


def reset() -> None:
    connection.close()  # a drill may have restarted PostgreSQL under this connection
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE drill_gradings")


def hall_responses(attempt_ids: list[int]):
    connection.close()
    return Response.objects.filter(attempt_id__in=attempt_ids)


def pending(attempt_ids: list[int]) -> int:
    return hall_responses(attempt_ids).filter(status=Response.Status.PENDING).count()


def attempts_by_status(attempt_ids: list[int]) -> dict[str, int]:
    connection.close()
    counts: dict[str, int] = {}
    for status in Attempt.objects.filter(pk__in=attempt_ids).values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


def gradings(attempt_ids: list[int]) -> dict[str, int]:
    """Submitted answers that went through a worker, by how many times each was graded."""
    graded = hall_responses(attempt_ids).filter(queued_revision__isnull=False)
    ids = list(graded.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT response_id, count(*) FROM drill_gradings WHERE response_id = ANY(%s) "
            "GROUP BY response_id",
            [ids],
        )
        times = dict(cursor.fetchall())
    counts = {"queued": len(ids), "graded once": 0, "graded twice or more": 0, "never": 0}
    for pk in ids:
        n = times.get(pk, 0)
        counts["never" if n == 0 else "graded once" if n == 1 else "graded twice or more"] += 1
    return counts
