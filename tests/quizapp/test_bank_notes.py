"""A question's notes: `reconstructed` lists the fields written anew, `corrected` the changes
to the source's text with its own wording. Every entry names a field the question has; the
loader and exporter keep them; the model and the admin apply the same rule."""

import copy
import re

import pytest
from django.core.exceptions import ValidationError

from quizapp.bank.exporter import export_bank
from quizapp.bank.formats import bank_export, bank_import
from quizapp.bank.loader import load_bank
from quizapp.bank.schema import CORRECTION_KEYS, NOTED_FIELDS, BankError, present_fields
from quizapp.models import Question, QuestionNote
from tests.factories import OptionFactory, PartFactory, QuestionFactory

CORRECTION = {"field": "solution", "change": "Added the factor 1/n.", "source": "sum_i l_i"}


def _question(exam_data: dict, number: int) -> dict:
    return next(q for q in exam_data["questions"] if q["number"] == number)


def test_every_note_in_the_bank_names_a_field_its_question_has(exam_data):
    for question in exam_data["questions"]:
        has_options = any(part.get("options") for part in question["parts"])
        present = present_fields(question, has_options=has_options)
        named = [*question.get("reconstructed", [])]
        named += [entry["field"] for entry in question.get("corrected", [])]
        assert set(named) <= present, question["number"]


def test_every_correction_in_the_bank_quotes_the_source(exam_data):
    corrections = [c for q in exam_data["questions"] for c in q.get("corrected", [])]
    assert corrections
    for entry in corrections:
        assert tuple(entry) == CORRECTION_KEYS
        assert entry["source"].strip() and entry["change"].strip()


@pytest.mark.parametrize(
    ("number", "change", "message"),
    [
        (5, {"reconstructed": ["figure"]}, "question 5, reconstructed: names `figure`"),
        (5, {"reconstructed": ["statement"]}, "question 5, reconstructed: expected a list"),
        (5, {"reconstructed": "options"}, "question 5, reconstructed: expected a list"),
        (
            33,
            {"corrected": [{**CORRECTION, "field": "figure"}]},
            "question 33, corrected: names `figure`, which the question does not have",
        ),
        (
            35,
            {"corrected": [{**CORRECTION, "field": "options"}]},
            "question 35, corrected: names `options`",
        ),
        (
            30,
            {"corrected": [{"field": "solution", "change": "Fixed."}]},
            "question 30, corrected[0]: expected a mapping with exactly field, change, source",
        ),
        (
            30,
            {"corrected": [{**CORRECTION, "source": " "}]},
            "question 30, corrected[0]: field, change and source must be non-empty text",
        ),
        (
            30,
            {"corrected": [{**CORRECTION, "field": "rubric"}]},
            "question 30, corrected[0], field: 'rubric' is not one of",
        ),
        (30, {"corrected": CORRECTION}, "question 30, corrected: expected a list"),
    ],
)
def test_a_note_on_a_field_the_question_lacks_is_refused(exam_data, number, change, message):
    _question(exam_data, number).update(change)
    with pytest.raises(BankError, match=re.escape(message)):
        load_bank(exam_data)


@pytest.mark.django_db
def test_corrections_load_and_export_in_the_files_order(exam, exam_data):
    question = Question.objects.get(exam=exam, number=33)
    assert question.corrected == _question(exam_data, 33)["corrected"]
    exported = next(q for q in export_bank(exam)["questions"] if q["number"] == 33)
    assert [list(entry) for entry in exported["corrected"]] == [list(CORRECTION_KEYS)] * 2
    assert "corrected" not in next(q for q in export_bank(exam)["questions"] if q["number"] == 1)


@pytest.mark.django_db
def test_a_reload_replaces_the_notes(exam, exam_data):
    edited = copy.deepcopy(exam_data)
    _question(edited, 30).pop("corrected")
    _question(edited, 5)["corrected"] = [CORRECTION]
    load_bank(edited)
    assert Question.objects.get(number=30).corrected == []
    assert Question.objects.get(number=5).corrected == [CORRECTION]


@pytest.mark.django_db
def test_notes_list_the_fields_written_anew_then_the_corrections():
    question = QuestionFactory(reconstructed=["options", "key"], corrected=[CORRECTION])
    assert question.notes() == [
        QuestionNote("reconstructed", "options"),
        QuestionNote("reconstructed", "key"),
        QuestionNote("corrected", "solution", CORRECTION["change"], CORRECTION["source"]),
    ]
    assert [note.label for note in question.notes()] == [
        NOTED_FIELDS["options"],
        NOTED_FIELDS["key"],
        NOTED_FIELDS["solution"],
    ]
    assert [note.about_solution for note in question.notes()] == [False, True, True]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "error_field", "message"),
    [
        ({"reconstructed": ["figure"]}, "reconstructed", "names `figure`"),
        ({"corrected": [{**CORRECTION, "field": "figure"}]}, "corrected", "names `figure`"),
        ({"corrected": [{"field": "prompt"}]}, "corrected", "exactly field, change, source"),
        ({"reconstructed": ["options"]}, "reconstructed", "names `options`"),
    ],
)
def test_the_model_refuses_a_note_on_a_field_the_question_lacks(fields, error_field, message):
    # The admin and the instructors' API save through Question.clean: the file's rule.
    question = QuestionFactory(solution="", **{"reconstructed": [], "corrected": []})
    PartFactory(question=question, kind="text", answer={"rubric": "Says why."})
    for name, value in fields.items():
        setattr(question, name, value)
    with pytest.raises(ValidationError) as refused:
        question.clean()
    assert error_field in refused.value.message_dict
    assert message in refused.value.message_dict[error_field][0]


@pytest.mark.django_db
def test_the_model_accepts_notes_on_fields_the_question_has():
    question = QuestionFactory(reconstructed=["options", "solution"], corrected=[CORRECTION])
    OptionFactory(part=PartFactory(question=question), correct=True)
    question.clean()


@pytest.mark.django_db
def test_instructors_edit_the_notes_in_the_admin(client, instructor, exam):
    client.force_login(instructor)
    question = Question.objects.get(exam=exam, number=30)
    page = client.get(f"/admin/quizapp/question/{question.pk}/change/").content.decode()
    assert 'name="reconstructed"' in page
    assert 'name="corrected"' in page
    assert "The training error is an average" in page
    # The preview shows the notes as students read them.
    assert "<strong>Corrected from the original exam</strong> (the solution)" in page


@pytest.mark.django_db
def test_moodle_xml_carries_the_corrections_and_refuses_them_unreadable(exam):
    xml = bank_export(exam, format="moodle-xml").value.encode()
    copied = bank_import(xml, slug="cs433-copy").load.exam
    assert Question.objects.get(exam=copied, number=30).corrected == (
        Question.objects.get(exam=exam, number=30).corrected
    )
    broken = re.sub(rb'(<corrected format="json">)\[', rb"\1{", xml, count=1)
    with pytest.raises(BankError, match="`corrected` is not JSON"):
        bank_import(broken, slug="cs433-broken")
