"""Loading and exporting the exam file: a round trip loses nothing, a reload updates in place,
and a malformed file is refused whole with a message naming the question and field."""

import copy
import io

import pytest
import yaml
from django.core.management import CommandError, call_command

from quizapp.bank.exporter import dump_bank, export_bank
from quizapp.bank.loader import load_bank
from quizapp.bank.schema import BankError
from quizapp.models import Attempt, Exam, Option, Part, Question, Response
from quizapp.services import answer_save, attempt_start

pytestmark = pytest.mark.django_db


def test_export_of_a_loaded_file_is_the_file(exam, exam_data):
    assert yaml.safe_load(dump_bank(export_bank(exam))) == exam_data


def test_export_command_writes_yaml_that_loads_back_identically(exam, exam_data):
    out = io.StringIO()
    call_command("export_exam", "cs433-2024", stdout=out)
    exported = yaml.safe_load(out.getvalue())
    load_bank(exported)
    assert yaml.safe_load(dump_bank(export_bank(Exam.objects.get()))) == exam_data


def test_export_writes_multi_line_text_as_block_scalars(exam):
    assert "prompt: |" in dump_bank(export_bank(exam))


def test_export_of_an_unknown_exam_names_the_loaded_ones(exam):
    with pytest.raises(CommandError, match="cs433-2024"):
        call_command("export_exam", "no-such-exam")


def test_loading_twice_updates_in_place(exam, exam_data):
    counts = (Question.objects.count(), Part.objects.count(), Option.objects.count())
    ids = set(Option.objects.values_list("pk", flat=True))
    report = load_bank(exam_data)
    assert (report.created, report.updated) == (0, len(exam_data["questions"]))
    assert (Question.objects.count(), Part.objects.count(), Option.objects.count()) == counts
    assert set(Option.objects.values_list("pk", flat=True)) == ids


def test_reloading_keeps_students_attempts_and_answers(exam, exam_data, student):
    attempt = attempt_start(student=student, exam=exam, mode=Attempt.Mode.PRACTICE)
    part = Part.objects.filter(kind=Part.Kind.CHOICE).first()
    chosen = part.options.first()
    answer_save(attempt=attempt, part_id=part.pk, answer=str(chosen.pk))
    edited = copy.deepcopy(exam_data)
    edited["questions"][0]["prompt"] += "\nA clarification."
    del edited["questions"][-1]
    load_bank(edited)
    response = Response.objects.get(attempt=attempt, part=part)
    assert response.answer == str(chosen.pk)
    assert Response.objects.filter(attempt=attempt).count() == attempt.responses.count()
    dropped = Question.objects.get(number=exam_data["questions"][-1]["number"])
    assert dropped.retired, "a question missing from the file is retired, not deleted"


def test_a_retired_question_returns_when_the_file_has_it_again(exam, exam_data):
    shorter = copy.deepcopy(exam_data)
    del shorter["questions"][0]
    load_bank(shorter)
    load_bank(exam_data)
    assert not Question.objects.filter(retired=True).exists()


def test_load_command_reports_progress_and_counts(db, capsys):
    out, err = io.StringIO(), io.StringIO()
    call_command("load_exam", "fixtures/cs433-2024.yaml", stdout=out, stderr=err)
    assert "questions created" in out.getvalue()
    assert "[1/" in err.getvalue()


def _broken(exam_data: dict, change) -> dict:
    data = copy.deepcopy(exam_data)
    change(data)
    return data


def _question(data: dict, number: int) -> dict:
    return next(q for q in data["questions"] if q["number"] == number)


def _set_all_correct(data: dict) -> None:
    for option in _question(data, 1)["parts"][0]["options"]:
        option["correct"] = True


def _set_points(data: dict) -> None:
    _question(data, 2)["parts"][0]["points"] = "two"


def _unknown_kind(data: dict) -> None:
    _question(data, 3)["kind"] = "essay"


def _missing_prompt(data: dict) -> None:
    del _question(data, 4)["prompt"]


def _missing_figure(data: dict) -> None:
    _question(data, 1)["figure"] = "figures/nowhere.svg"


def _unreadable_expression(data: dict) -> None:
    part = next(p for p in _question(data, 35)["parts"] if p["kind"] == "expression")
    part["answer"]["expected"] = "sum(w(x_n) q_kn x_n, n"


def _failing_test_case(data: dict) -> None:
    part = next(p for p in _question(data, 35)["parts"] if p["kind"] == "expression")
    part["answer"]["tests"] = [{"answer": "sum(x_n, n) / N", "verdict": "correct"}]


def _duplicate_number(data: dict) -> None:
    data["questions"].append(copy.deepcopy(_question(data, 5)))


def _duplicate_label(data: dict) -> None:
    parts = _question(data, 33)["parts"]
    parts[1]["label"] = parts[0]["label"]


def _no_rubric(data: dict) -> None:
    part = next(p for p in _question(data, 40)["parts"] if p["kind"] == "text")
    del part["answer"]["rubric"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_set_all_correct, r"question 1, parts\[0\], options: exactly one option must be correct"),
        (_set_points, r"question 2, parts\[0\], points"),
        (_unknown_kind, r"question 3, kind: 'essay'"),
        (_missing_prompt, r"question 4: `prompt` is required"),
        (_missing_figure, r"question 1, figure: figures/nowhere.svg does not exist"),
        (_unreadable_expression, r"question 35, parts\[\d\].answer: cannot read"),
        (
            _failing_test_case,
            r"question 35, parts\[0\].answer: test 1 \(`sum\(x_n, n\) / N`\): expected "
            r"correct, got wrong",
        ),
        (_duplicate_number, r"questions: numbers \[5\] appear more than once"),
        (_duplicate_label, r"question 33, parts: labels must be unique"),
        (_no_rubric, r"question 40, parts\[\d\].answer: `rubric` is required"),
    ],
)
def test_a_malformed_file_is_refused_naming_question_and_field(exam_data, change, message):
    with pytest.raises(BankError, match=message):
        load_bank(_broken(exam_data, change))


def test_a_malformed_file_loads_nothing_even_after_good_questions(exam_data):
    with pytest.raises(BankError):
        load_bank(_broken(exam_data, _no_rubric))
    assert not Exam.objects.exists() and not Question.objects.exists()


def test_a_malformed_reload_leaves_the_loaded_exam_as_it_was(exam, exam_data):
    before = Question.objects.get(number=1).prompt
    data = _broken(exam_data, _no_rubric)
    _question(data, 1)["prompt"] = "changed"
    with pytest.raises(BankError):
        load_bank(data)
    assert Question.objects.get(number=1).prompt == before


def test_the_load_command_refuses_invalid_yaml_with_the_file_name(db, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("exam: [unclosed\n")
    with pytest.raises(CommandError, match="bad.yaml: nothing was loaded. .*not valid YAML"):
        call_command("load_exam", str(bad))


def test_the_load_command_refuses_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("load_exam", str(tmp_path / "missing.yaml"))


def _mistake_equal_to_expected(data: dict) -> None:
    part = next(p for p in _question(data, 34)["parts"] if p["kind"] == "expression")
    part["answer"]["mistakes"].append(
        {"expected": "sigma(cz) + cz sigma(cz)(1 - sigma(cz))", "feedback": "?"}
    )


def test_a_mistake_that_equals_the_reference_is_refused(exam_data):
    with pytest.raises(BankError, match=r"question 34, parts\[0\].answer: .*equivalent"):
        load_bank(_broken(exam_data, _mistake_equal_to_expected))
