"""Moodle XML both ways: the whole exam survives a round trip (expression parts as essays,
listed), a Moodle bank from elsewhere is read, and a file that cannot be imported is refused
whole with the reason, unsafe XML included."""

import copy
import datetime
import io
from decimal import Decimal

import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from quizapp.bank.exporter import dump_bank, export_bank
from quizapp.bank.formats import bank_export, bank_import
from quizapp.bank.moodle import moodle_to_bank
from quizapp.bank.schema import BankError
from quizapp.models import Exam, Part, Question

pytestmark = pytest.mark.django_db

EXPRESSION_PARTS = [(34, "a"), (35, ""), (36, ""), (37, "")]


def _as_moodle_reads_it(questions: list[dict]) -> list[dict]:
    """The exam's questions with each expression part as the text part an essay becomes."""
    expected = copy.deepcopy(questions)
    for question in expected:
        for part in question["parts"]:
            if part["kind"] == "expression":
                reference = f"Reference answer: `{part['answer']['expected']}`"
                part.update(kind="text", answer={"rubric": reference})
    return expected


@pytest.fixture
def moodle_xml(exam) -> bytes:
    return bank_export(exam, format="moodle-xml").value.encode()


def test_round_trip_of_the_whole_exam_keeps_every_question_option_key_point_and_solution(
    exam, moodle_xml
):
    original = export_bank(exam)
    copied = export_bank(bank_import(moodle_xml, slug="cs433-copy").load.exam)
    assert copied["questions"] == _as_moodle_reads_it(original["questions"])
    assert (copied["exam"]["title"], copied["exam"]["instructions"]) == (
        original["exam"]["title"],
        original["exam"]["instructions"],
    )


def test_round_trip_keeps_choice_questions_exactly(exam, moodle_xml):
    original = [q for q in export_bank(exam)["questions"] if q["kind"] != "open"]
    copied = export_bank(bank_import(moodle_xml, slug="cs433-copy").load.exam)
    assert [q for q in copied["questions"] if q["kind"] != "open"] == original
    assert len(original) == 21


def test_reimporting_the_export_over_the_exam_changes_nothing_but_the_expression_parts(
    exam, moodle_xml
):
    before = export_bank(exam)
    report = bank_import(moodle_xml)
    assert (report.load.created, report.load.updated) == (0, 31)
    after = export_bank(Exam.objects.get(slug="cs433-2024"))
    assert after["exam"] == before["exam"]
    assert after["questions"] == _as_moodle_reads_it(before["questions"])


def test_export_lists_the_expression_parts_exported_as_essays(exam):
    notes = bank_export(exam, format="moodle-xml").notes
    assert notes == [
        f"question {number} part {label!r}: an expression part, exported as an essay "
        "(the reference is in its general feedback)"
        if label
        else f"question {number}: an expression part, exported as an essay "
        "(the reference is in its general feedback)"
        for number, label in EXPRESSION_PARTS
    ]


def test_export_writes_moodle_question_types_points_feedback_and_categories(moodle_xml):
    text = moodle_xml.decode()
    assert text.count('<question type="multichoice">') == 12 + 6
    assert text.count('<question type="truefalse">') == 9
    assert text.count('<question type="numerical">') == 2
    assert text.count('<question type="essay">') == 8 + 4
    assert text.count('<question type="description">') == 10
    assert "<text>$course$/top/Machine Learning (CS-433) final exam, January 2024</text>" in text
    assert "January 2024/Linear regression // Loss functions</text>" in text
    assert "<defaultgrade>0.25</defaultgrade>" in text
    assert "<idnumber>q33/a-why</idnumber>" in text
    assert "Reference answer: `sigma(c z) (1 + c z (1 - sigma(c z)))`" in text
    assert '<file name="figure1.svg" path="/" encoding="base64">' in text


def test_export_command_writes_moodle_xml_and_lists_essays_on_stderr(exam):
    out, err = io.StringIO(), io.StringIO()
    call_command("export_exam", "cs433-2024", "--format", "moodle-xml", stdout=out, stderr=err)
    assert out.getvalue().startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')
    assert err.getvalue().count("exported as an essay") == 4


def test_import_command_reads_moodle_xml_under_a_new_slug(exam, moodle_xml, tmp_path):
    path = tmp_path / "bank.xml"
    path.write_bytes(moodle_xml)
    out = io.StringIO()
    call_command("import_exam", str(path), "--slug", "cs433-copy", stdout=out)
    assert "cs433-copy (moodle-xml): 31 questions created, 0 updated." in out.getvalue()
    assert "cs433-copy is not published" in out.getvalue()
    copied = Exam.objects.get(slug="cs433-copy")
    assert (copied.published, copied.duration_minutes, copied.course) == (False, 60, "")


def test_import_command_reads_yaml_too(exam_data, tmp_path):
    path = tmp_path / "bank.yaml"
    path.write_text(dump_bank(exam_data), encoding="utf-8")
    # A YAML file's figures are found beside it, as with load_exam.
    (tmp_path / "figures").symlink_to(settings.FIXTURES_DIR / "figures")
    out = io.StringIO()
    call_command("import_exam", str(path), stdout=out)
    assert "cs433-2024 (yaml): 31 questions created, 0 updated." in out.getvalue()


MOODLE_BANK = b"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category">
    <category><text>$course$/top/Default for STAT101</text></category>
  </question>
  <question type="category">
    <category><text>$course$/top/Default for STAT101/Means</text></category>
  </question>
  <question type="multichoice">
    <name><text>Mean</text></name>
    <questiontext format="html"><text><![CDATA[<p>The mean of 1, 2, 3?</p>]]></text></questiontext>
    <generalfeedback format="html"><text>Add and divide by 3.</text></generalfeedback>
    <defaultgrade>2.0000000</defaultgrade>
    <single>true</single>
    <answer fraction="100"><text>2</text><feedback><text>Yes.</text></feedback></answer>
    <answer fraction="0">
      <text>3</text><feedback><text>That is the largest.</text></feedback>
    </answer>
  </question>
  <question type="truefalse">
    <name><text>Median</text></name>
    <questiontext><text>The median of 1, 2, 9 is 2.</text></questiontext>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text></answer>
  </question>
  <question type="numerical">
    <name><text>Variance</text></name>
    <questiontext><text>The variance of 1 and 3?</text></questiontext>
    <defaultgrade>1.5</defaultgrade>
    <answer fraction="100"><text>1</text><tolerance>0.01</tolerance></answer>
  </question>
  <question type="shortanswer">
    <name><text>Symbol</text></name>
    <questiontext><text>The usual symbol of the mean?</text></questiontext>
    <answer fraction="100"><text>mu</text></answer>
  </question>
  <question type="essay">
    <name><text>Why</text></name>
    <questiontext><text>Why is the median robust?</text></questiontext>
    <defaultgrade>3</defaultgrade>
    <graderinfo format="html"><text>Mentions outliers.</text></graderinfo>
  </question>
</quiz>
"""


def test_a_moodle_bank_from_elsewhere_is_read_into_the_exam_format():
    converted = moodle_to_bank(MOODLE_BANK, slug="stat101")
    data = converted.value
    assert data["exam"]["title"] == "Default for STAT101"
    assert [(q["number"], q["topic"], q["kind"]) for q in data["questions"]] == [
        (1, "Means", "choice"),
        (2, "Means", "truefalse"),
        (3, "Means", "open"),
        (4, "Means", "open"),
        (5, "Means", "open"),
    ]
    assert data["questions"][0]["parts"] == [
        {
            "label": "",
            "points": "2.0000000",
            "kind": "choice",
            "options": [
                {"text": "2", "correct": True, "feedback": "Yes."},
                {"text": "3", "correct": False, "feedback": "That is the largest."},
            ],
        }
    ]
    assert data["questions"][0]["solution"] == "Add and divide by 3."
    assert data["questions"][2]["parts"][0]["answer"] == {"value": 1, "tolerance": 0.01}
    assert data["questions"][4]["parts"][0]["answer"] == {"rubric": "Mentions outliers."}
    assert converted.notes == [
        "question 'Symbol': a short-answer question, imported as a text part marked by hand"
    ]


def test_a_moodle_bank_from_elsewhere_loads_with_its_points():
    exam = bank_import(MOODLE_BANK, slug="stat101").load.exam
    parts = Part.objects.filter(question__exam=exam).order_by("question__number")
    assert [(p.kind, p.points) for p in parts] == [
        ("choice", Decimal("2.00")),
        ("choice", Decimal("1.00")),
        ("numeric", Decimal("1.50")),
        ("text", Decimal("1.00")),
        ("text", Decimal("3.00")),
    ]
    assert exam.date == datetime.date.today() and not exam.published


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [
  <!ENTITY a "aaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<quiz><question type="essay"><name><text>&c;</text></name></question></quiz>
"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<quiz><question type="essay"><name><text>&secret;</text></name></question></quiz>
"""


def _replace(xml: bytes, old: bytes, new: bytes) -> bytes:
    assert old in xml
    return xml.replace(old, new, 1)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<quiz><question>", "not well-formed XML: no element found: line 1, column 16"),
        (b"<?xml version='1.0'?><rss/>", "not a Moodle XML file: the root element is <rss>"),
        (BILLION_LAUGHS, "the file declares a DTD, which is refused (entities are unsafe)"),
        (XXE, "the file declares a DTD, which is refused (entities are unsafe)"),
        (
            _replace(
                MOODLE_BANK, b'fraction="0">\n      <text>3', b'fraction="50">\n      <text>3'
            ),
            "question 'Mean': an answer worth 50% (only 100% or 0% can be imported",
        ),
        (
            _replace(MOODLE_BANK, b'type="essay"', b'type="matching"'),
            "question 'Why': the Moodle question type 'matching' cannot be imported",
        ),
        (
            _replace(MOODLE_BANK, b'fraction="100"><text>1<', b'fraction="0"><text>1<'),
            "question 'Variance': a numerical question needs exactly one 100% answer",
        ),
        (
            _replace(MOODLE_BANK, b'fraction="100"><text>mu', b'fraction="all"><text>mu'),
            "question 'Symbol': answer fraction 'all' is not a number",
        ),
        (
            _replace(MOODLE_BANK, b'fraction="100"><text>2', b'fraction="0"><text>2'),
            "question 1, parts[0], options: exactly one option must be correct (found 0)",
        ),
        (
            _replace(MOODLE_BANK, b"<defaultgrade>3<", b"<defaultgrade>-3<"),
            "question 5, parts[0], points: '-3' must be from 0 to 999.99 with at most two decimals",
        ),
        (
            _replace(MOODLE_BANK, b"<defaultgrade>3<", b"<defaultgrade>100000<"),
            "question 5, parts[0], points: '100000' must be from 0 to 999.99",
        ),
    ],
    ids=[
        "malformed",
        "not-moodle",
        "billion-laughs",
        "xxe",
        "partial-credit",
        "unsupported-type",
        "numerical-without-answer",
        "fraction-not-a-number",
        "no-correct-option",
        "negative-points",
        "points-beyond-the-column",
    ],
)
def test_a_file_that_cannot_be_imported_is_refused_whole_with_the_reason(content, message):
    with pytest.raises(BankError) as refused:
        bank_import(content, slug="stat101")
    assert str(refused.value).startswith(message)
    assert not Exam.objects.exists() and not Question.objects.exists()


def test_a_refused_import_leaves_the_loaded_exam_as_it_was(exam, moodle_xml):
    before = export_bank(exam)
    broken = moodle_xml.replace(
        b"<defaultgrade>1.5</defaultgrade>", b"<defaultgrade>x</defaultgrade>"
    )
    with pytest.raises(
        BankError, match=r"question 17, parts\[0\], points: expected a number, got 'x'"
    ):
        bank_import(broken)
    assert export_bank(Exam.objects.get()) == before


def test_import_command_refuses_unsafe_xml_with_the_reason(tmp_path):
    path = tmp_path / "bank.xml"
    path.write_bytes(BILLION_LAUGHS)
    with pytest.raises(CommandError, match="nothing was imported. the file declares a DTD"):
        call_command("import_exam", str(path), "--slug", "x")


def test_an_idnumber_with_a_number_too_large_to_store_is_numbered_by_position():
    content = _replace(
        MOODLE_BANK, b"<name><text>Mean", b"<idnumber>q9999999999</idnumber><name><text>Mean"
    )
    numbers = [q["number"] for q in moodle_to_bank(content, slug="s").value["questions"]]
    assert numbers == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("slug", ["no spaces", "../x", "x" * 51])
def test_an_exam_slug_that_is_not_a_slug_is_refused(slug):
    with pytest.raises(BankError, match="is not a slug"):
        bank_import(MOODLE_BANK, slug=slug)
    assert not Exam.objects.exists()


def test_a_moodle_file_without_an_exam_idnumber_needs_a_slug():
    with pytest.raises(BankError, match="does not name its exam"):
        bank_import(MOODLE_BANK)


# --- the admin, as an instructor who is not a superuser ------------------------------------


def test_an_instructor_imports_a_moodle_file_from_the_admin(client, instructor):
    client.force_login(instructor)
    url = reverse("admin:quizapp_exam_import")
    assert client.get(url).status_code == 200
    upload = io.BytesIO(MOODLE_BANK)
    upload.name = "stat101.xml"
    response = client.post(url, {"file": upload, "slug": "stat101"})
    exam = Exam.objects.get(slug="stat101")
    assert response.status_code == 302
    assert response.url == reverse("admin:quizapp_exam_change", args=[exam.pk])
    assert exam.questions.count() == 5


def test_the_admin_shows_why_a_file_was_refused(client, instructor):
    client.force_login(instructor)
    upload = io.BytesIO(XXE)
    upload.name = "evil.xml"
    response = client.post(reverse("admin:quizapp_exam_import"), {"file": upload, "slug": "x"})
    assert response.status_code == 200
    assert "Nothing was imported. the file declares a DTD" in response.content.decode()
    assert not Exam.objects.exists()


def test_the_exam_list_links_to_the_import(client, instructor):
    client.force_login(instructor)
    page = client.get(reverse("admin:quizapp_exam_changelist")).content.decode()
    assert reverse("admin:quizapp_exam_import") in page


def test_an_instructor_downloads_an_exam_as_moodle_xml(client, instructor, exam, moodle_xml):
    client.force_login(instructor)
    response = client.post(
        reverse("admin:quizapp_exam_changelist"),
        {"action": "download_moodle_xml", "_selected_action": [exam.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="cs433-2024.xml"'
    assert response.content == moodle_xml


def test_an_instructor_downloads_an_exam_as_yaml(client, instructor, exam, exam_data):
    client.force_login(instructor)
    response = client.post(
        reverse("admin:quizapp_exam_changelist"),
        {"action": "download_yaml", "_selected_action": [exam.pk]},
    )
    assert response["Content-Disposition"] == 'attachment; filename="cs433-2024.yaml"'
    assert yaml.safe_load(response.content) == exam_data


def test_a_student_cannot_import(client, student):
    client.force_login(student)
    response = client.get(reverse("admin:quizapp_exam_import"))
    assert response.status_code == 302 and "/admin/login/" in response.url
