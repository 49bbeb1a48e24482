"""A question's notes in the API: `reconstructed` names the fields this version wrote anew,
`corrected` lists the changes to the original exam's text with its wording. Notes on the
solution or the key come with the solution; instructors see them all; the schema says so."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from quizapp.models import Part, Question
from tests.factories import correct_answer

pytestmark = pytest.mark.django_db

ON_PROMPT = {"field": "prompt", "change": "Restated 0 < alpha < 1.", "source": "alpha > 0"}
ON_SOLUTION = {"field": "solution", "change": "Added the factor 1/n.", "source": "sum_i l_i"}


@pytest.fixture(autouse=True)
def noted(small_exam) -> Question:
    question = small_exam.questions.get(number=1)
    question.reconstructed = ["options", "key"]
    question.corrected = [ON_PROMPT, ON_SOLUTION]
    question.save()
    return question


def _question(attempt: dict, number: int) -> dict:
    return next(q for q in attempt["questions"] if q["number"] == number)


def test_a_question_says_what_was_written_anew_or_corrected(api):
    attempt = api.post("/api/exams/small/attempts/", {"mode": "exam"}).json()
    noted = _question(attempt, 1)
    assert noted["reconstructed"] == ["options"]
    assert noted["corrected"] == [ON_PROMPT]
    assert (_question(attempt, 3)["reconstructed"], _question(attempt, 3)["corrected"]) == ([], [])


def test_notes_on_the_solution_and_key_come_with_the_solution(
    api, django_capture_on_commit_callbacks
):
    attempt = api.post("/api/exams/small/attempts/", {"mode": "practice"}).json()["id"]
    part = Part.objects.get(question__number=1)
    with django_capture_on_commit_callbacks(execute=True):
        api.put(f"/api/attempts/{attempt}/parts/{part.pk}/", {"answer": correct_answer(part)})
    noted = _question(api.get(f"/api/attempts/{attempt}/").json(), 1)
    assert "solution" in noted["parts"][0]
    assert noted["reconstructed"] == ["options", "key"]
    assert noted["corrected"] == [ON_PROMPT, ON_SOLUTION]


def test_an_instructor_sees_every_note(api, client_for, instructor):
    attempt = api.post("/api/exams/small/attempts/", {"mode": "exam"}).json()["id"]
    detail = client_for(instructor).get(f"/api/instructor/attempts/{attempt}/").json()
    noted = _question(detail, 1)
    assert (noted["reconstructed"], noted["corrected"]) == (
        ["options", "key"],
        [ON_PROMPT, ON_SOLUTION],
    )


def test_instructors_edit_the_notes_under_the_files_rule(client_for, instructor, noted):
    staff = client_for(instructor)
    url = f"/api/instructor/questions/{noted.pk}/"
    assert staff.get(url).json()["corrected"] == [ON_PROMPT, ON_SOLUTION]
    reply = staff.patch(url, {"corrected": [{**ON_SOLUTION, "field": "figure"}]}, format="json")
    assert reply.status_code == 400
    assert "names `figure`" in str(reply.json())
    reply = staff.patch(url, {"reconstructed": ["statement"]}, format="json")
    assert reply.status_code == 400
    reply = staff.patch(url, {"corrected": [ON_SOLUTION]}, format="json")
    assert reply.status_code == 200
    noted.refresh_from_db()
    assert noted.corrected == [ON_SOLUTION]


def test_the_schema_documents_the_notes():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    question = schema["components"]["schemas"]["QuestionOut"]
    assert {"reconstructed", "corrected"} <= set(question["required"])
    assert question["properties"]["reconstructed"]["items"] == {
        "$ref": "#/components/schemas/NotedFieldEnum"
    }
    noted_fields = schema["components"]["schemas"]["NotedFieldEnum"]["enum"]
    assert noted_fields == ["number", "topic", "prompt", "figure", "options", "key", "solution"]
    correction = schema["components"]["schemas"]["CorrectionOut"]
    assert set(correction["properties"]) == {"field", "change", "source"}
    assert "once every part is revealed" in question["properties"]["corrected"]["description"]
