"""Moodle XML, both ways, through the exam file's own dict (`exporter.export_bank`,
`loader.load_bank`): one set of rules (`bank.schema`) checks whatever comes in.

How an exam maps onto Moodle's one-part questions:
- a choice or true/false question is one `multichoice` or `truefalse` question;
- an open question is a `description` (its prompt, figure and solution) followed by one
  question per part: choice → `multichoice`, numeric → `numerical`, text → `essay` (the rubric
  as grader information), expression → `essay` with the reference in its general feedback
  (Moodle cannot grade it: listed in the notes, and read back as a text part);
- `idnumber` carries the identity (`q33` for a question, `q33/a-why` for a part), categories
  the topics under one category for the exam (its instructions in the category's info),
  tags `reconstructed:<field>`, a `<corrected>` element (JSON, which Moodle ignores) the
  corrections of the source's text, and a figure is embedded and linked at the end of the text.

A Moodle file from elsewhere is read too: questions without our idnumbers are numbered after
the others, a short-answer question becomes a text part marked by hand (noted), and anything
the exam format cannot hold (partial credit, other question types, a DTD) refuses the file.
"""

import base64
import datetime
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import defusedxml
import defusedxml.ElementTree

from quizapp.bank.schema import BankError

SUPPORTED = ("multichoice", "truefalse", "numerical", "shortanswer", "essay", "description")
_FIGURE = re.compile(r"\n*!\[\]\(@@PLUGINFILE@@/([^)\s]+)\)\n?$")
# Bounded: a number the database's integer column holds.
_QUESTION_ID = re.compile(r"^q(\d{1,6})$")
_PART_ID = re.compile(r"^q(\d{1,6})/(.*)$")
_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,50}$")
NAME_LENGTH = 200  # Exam.title, Topic.name


@dataclass
class Converted:
    """A conversion's result and what it could not carry over, one line each."""

    value: Any
    notes: list[str] = field(default_factory=list)


def looks_like_xml(content: bytes) -> bool:
    return content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


# --- export -------------------------------------------------------------------------------


def _text(parent: ET.Element, tag: str, text: str, *, markdown: bool = True) -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": "markdown"} if markdown else {})
    ET.SubElement(element, "text").text = text
    return element


def _value(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, tag).text = text


def _category(quiz: ET.Element, path: list[str], info: str = "", idnumber: str = "") -> None:
    element = ET.SubElement(quiz, "question", {"type": "category"})
    # Moodle writes a "/" inside a category's name as "//".
    joined = "/".join(name.replace("/", "//") for name in path)
    ET.SubElement(ET.SubElement(element, "category"), "text").text = f"$course$/top/{joined}"
    _text(element, "info", info)
    if idnumber:
        _value(element, "idnumber", idnumber)


def _question(
    quiz: ET.Element, kind: str, name: str, idnumber: str, text: str, feedback: str
) -> ET.Element:
    element = ET.SubElement(quiz, "question", {"type": kind})
    ET.SubElement(ET.SubElement(element, "name"), "text").text = name
    _text(element, "questiontext", text)
    _text(element, "generalfeedback", feedback)
    _value(element, "idnumber", idnumber)
    return element


def _attach_figure(question: ET.Element, figure: str, fixtures_dir: Path) -> None:
    name = Path(figure).name
    text_holder = question.find("questiontext")
    text = text_holder.find("text")
    text.text = f"{text.text.rstrip(chr(10))}\n\n![](@@PLUGINFILE@@/{name})\n"
    attached = ET.SubElement(text_holder, "file", {"name": name, "path": "/", "encoding": "base64"})
    attached.text = base64.b64encode((fixtures_dir / figure).read_bytes()).decode("ascii")


def _tags(question: ET.Element, entry: dict) -> None:
    if entry.get("reconstructed"):
        tags = ET.SubElement(question, "tags")
        for name in entry["reconstructed"]:
            ET.SubElement(ET.SubElement(tags, "tag"), "text").text = f"reconstructed:{name}"
    if entry.get("corrected"):
        # Moodle has no place for them and skips an element it does not know; a round trip
        # through this module keeps them.
        corrected = json.dumps(entry["corrected"], ensure_ascii=False)
        ET.SubElement(question, "corrected", {"format": "json"}).text = corrected


def _grade(question: ET.Element, points: Any) -> None:
    _value(question, "defaultgrade", str(points))
    _value(question, "penalty", "0")
    _value(question, "hidden", "0")


def _answer(question: ET.Element, fraction: int, text: str, feedback: str = "") -> ET.Element:
    answer = ET.SubElement(question, "answer", {"fraction": str(fraction), "format": "markdown"})
    _value(answer, "text", text)
    _text(answer, "feedback", feedback)
    return answer


def _part_question(
    quiz: ET.Element,
    part: dict,
    name: str,
    idnumber: str,
    text: str,
    feedback: str,
    *,
    truefalse: bool = False,
) -> ET.Element:
    kind = part["kind"]
    if kind == "choice":
        question = _question(
            quiz, "truefalse" if truefalse else "multichoice", name, idnumber, text, feedback
        )
        _grade(question, part["points"])
        if not truefalse:
            _value(question, "single", "true")
            _value(question, "shuffleanswers", "0")
            _value(question, "answernumbering", "abc")
        for option in part["options"]:
            label = option["text"].lower() if truefalse else option["text"]
            _answer(question, 100 if option["correct"] else 0, label, option.get("feedback", ""))
    elif kind == "numeric":
        question = _question(quiz, "numerical", name, idnumber, text, feedback)
        _grade(question, part["points"])
        answer = _answer(question, 100, repr(part["answer"]["value"]))
        if "tolerance" in part["answer"]:
            _value(answer, "tolerance", repr(part["answer"]["tolerance"]))
    else:
        if kind == "expression":
            reference = f"Reference answer: `{part['answer']['expected']}`"
            feedback = f"{feedback}\n\n{reference}".strip()
            rubric = reference
        else:
            rubric = part["answer"]["rubric"]
        question = _question(quiz, "essay", name, idnumber, text, feedback)
        _grade(question, part["points"])
        _value(question, "responseformat", "editor")
        _value(question, "responserequired", "1")
        _value(question, "responsefieldlines", "10")
        _value(question, "attachments", "0")
        _text(question, "graderinfo", rubric)
        _text(question, "responsetemplate", "")
    return question


def bank_to_moodle(data: dict, *, fixtures_dir: Path) -> Converted:
    """The exam file's dict as a Moodle XML document (text); notes name the expression parts,
    which Moodle receives as essays."""
    header = data["exam"]
    quiz = ET.Element("quiz")
    _category(quiz, [header["title"]], header["instructions"], header["slug"])
    notes: list[str] = []
    topic = None
    for entry in data["questions"]:
        number = entry["number"]
        if entry["topic"] != topic:
            topic = entry["topic"]
            _category(quiz, [header["title"], topic])
        solution = entry.get("solution", "")
        if entry["kind"] != "open":
            question = _part_question(
                quiz,
                entry["parts"][0],
                f"Q{number}",
                f"q{number}",
                entry["prompt"],
                solution,
                truefalse=entry["kind"] == "truefalse",
            )
        else:
            question = _question(
                quiz, "description", f"Q{number}", f"q{number}", entry["prompt"], solution
            )
            for part in entry["parts"]:
                label = part["label"]
                name = f"Q{number} ({label})" if label else f"Q{number}"
                _part_question(quiz, part, name, f"q{number}/{label}", part.get("prompt", ""), "")
                if part["kind"] == "expression":
                    where = f"question {number} part {label!r}" if label else f"question {number}"
                    notes.append(
                        f"{where}: an expression part, exported as an essay "
                        "(the reference is in its general feedback)"
                    )
        if entry.get("figure"):
            _attach_figure(question, entry["figure"], fixtures_dir)
        _tags(question, entry)
    ET.indent(quiz)
    xml = ET.tostring(quiz, encoding="unicode", xml_declaration=False)
    return Converted(f'<?xml version="1.0" encoding="UTF-8"?>\n{xml}\n', notes)


# --- import -------------------------------------------------------------------------------


def _parse(content: bytes) -> ET.Element:
    try:
        # No DTD at all: entity expansion (billion laughs) and external entities (XXE) are
        # refused before anything is read.
        root = defusedxml.ElementTree.fromstring(content, forbid_dtd=True)
    except defusedxml.DTDForbidden as error:
        raise BankError(
            "the file declares a DTD, which is refused (entities are unsafe)"
        ) from error
    except defusedxml.DefusedXmlException as error:
        raise BankError(f"the file uses an unsafe XML feature: {error}") from error
    except ET.ParseError as error:
        raise BankError(f"not well-formed XML: {error}") from error
    if root.tag != "quiz":
        raise BankError(f"not a Moodle XML file: the root element is <{root.tag}>, not <quiz>")
    return root


def _read(element: ET.Element, path: str, default: str = "") -> str:
    found = element.find(path)
    return found.text or "" if found is not None else default


def _category_path(text: str) -> list[str]:
    text = re.sub(r"^\$[a-z]+\$/", "", text.strip())
    names = [name.replace("\0", "/") for name in text.replace("//", "\0").split("/")]
    return [name.strip() for name in (names[1:] if names[:1] == ["top"] else names) if name]


def _percent(answer: ET.Element, where: str) -> float:
    raw = answer.get("fraction", "0")
    try:
        return float(raw)
    except ValueError as error:
        raise BankError(f"{where}: answer fraction {raw!r} is not a number") from error


def _fraction(answer: ET.Element, where: str) -> bool:
    """Whether an answer is the right one: the exam format has no partial credit."""
    fraction = _percent(answer, where)
    if fraction not in (0, 100):
        raise BankError(
            f"{where}: an answer worth {fraction:g}% (only 100% or 0% can be imported: "
            "the exam format has no partial credit or negative marking)"
        )
    return fraction == 100


def _number(text: str, where: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError as error:
            raise BankError(f"{where}: {text!r} is not a number") from error


def _options(question: ET.Element, where: str, *, truefalse: bool) -> list[dict]:
    options = []
    for answer in question.findall("answer"):
        text = _read(answer, "text")
        if truefalse:
            text = text.strip().capitalize()
        option: dict = {"text": text, "correct": _fraction(answer, where)}
        feedback = _read(answer, "feedback/text")
        if feedback:
            option["feedback"] = feedback
        options.append(option)
    return options


def _part(question: ET.Element, kind: str, where: str, notes: list[str]) -> dict:
    part: dict = {"points": _read(question, "defaultgrade", "1").strip()}
    if kind in ("multichoice", "truefalse"):
        part.update(kind="choice", options=_options(question, where, truefalse=kind == "truefalse"))
    elif kind == "numerical":
        right = [a for a in question.findall("answer") if _fraction(a, where)]
        if len(right) != 1:
            raise BankError(f"{where}: a numerical question needs exactly one 100% answer")
        answer: dict = {"value": _number(_read(right[0], "text").strip(), where)}
        if right[0].find("tolerance") is not None:
            answer["tolerance"] = _number(_read(right[0], "tolerance").strip(), where)
        part.update(kind="numeric", answer=answer)
    elif kind == "shortanswer":
        accepted = [
            f"- `{_read(a, 'text')}` ({_percent(a, where):g}%)" for a in question.findall("answer")
        ]
        rubric = "Accepted answers (a Moodle short-answer question):\n" + "\n".join(accepted)
        part.update(kind="text", answer={"rubric": rubric})
        notes.append(f"{where}: a short-answer question, imported as a text part marked by hand")
    else:
        rubric = _read(question, "graderinfo/text") or _read(question, "generalfeedback/text")
        part.update(kind="text", answer={"rubric": rubric})
    return part


def _question_fields(question: ET.Element, prompt: str, solution: str) -> dict:
    entry: dict = {"prompt": prompt}
    figure = _FIGURE.search(prompt)
    if figure:
        entry["prompt"] = prompt[: figure.start()] + "\n"
        entry["figure"] = f"figures/{figure.group(1)}"
    if solution:
        entry["solution"] = solution
    reconstructed = [
        tag.text.removeprefix("reconstructed:")
        for tag in question.findall("tags/tag/text")
        if tag.text and tag.text.startswith("reconstructed:")
    ]
    if reconstructed:
        entry["reconstructed"] = reconstructed
    corrected = question.findtext("corrected")
    if corrected:
        try:
            entry["corrected"] = json.loads(corrected)
        except ValueError as error:
            raise BankError(f"`corrected` is not JSON: {error}") from error
    return entry


def moodle_to_bank(content: bytes, *, slug: str | None = None) -> Converted:
    """A Moodle XML document as the exam file's dict, for `loader.load_bank` to check and
    write. Moodle carries no course, date or duration: defaults, unpublished until an
    instructor has looked. `slug` overrides the exam category's idnumber. Raises BankError
    naming the question."""
    root = _parse(content)
    notes: list[str] = []
    categories: list[list[str]] = []
    exam_info = {"instructions": "", "slug": ""}
    questions: list[dict] = []
    foreign: list[dict] = []
    open_question: dict | None = None
    topic: list[str] = []
    for index, element in enumerate(root.findall("question"), start=1):
        kind = element.get("type", "")
        name = _read(element, "name/text").strip() or f"#{index}"
        where = f"question {name!r}"
        if kind == "category":
            topic = _category_path(_read(element, "category/text"))
            if not categories:
                exam_info = {
                    "instructions": _read(element, "info/text"),
                    "slug": _read(element, "idnumber").strip(),
                }
            categories.append(topic)
            continue
        if kind not in SUPPORTED:
            raise BankError(
                f"{where}: the Moodle question type {kind!r} cannot be imported "
                f"(supported: {', '.join(SUPPORTED)})"
            )
        idnumber = _read(element, "idnumber").strip()
        text = _read(element, "questiontext/text")
        solution = _read(element, "generalfeedback/text")
        as_part = _PART_ID.match(idnumber)
        if as_part and open_question and int(as_part.group(1)) == open_question["number"]:
            part = _part(element, kind, where, notes)
            part["label"] = as_part.group(2)
            if text:
                part["prompt"] = text
            open_question["parts"].append(part)
            continue
        if as_part:
            raise BankError(f"{where}: part of question {as_part.group(1)} outside its question")
        entry: dict = {"topic": list(topic)}
        whole = _QUESTION_ID.match(idnumber)
        if whole:
            entry["number"] = int(whole.group(1))
        if kind == "description":
            if not whole:
                notes.append(f"{where}: a description without graded parts, skipped")
                open_question = None
                continue
            entry.update(kind="open", parts=[], **_question_fields(element, text, solution))
            open_question = entry
        else:
            open_question = None
            entry.update(
                kind={"multichoice": "choice", "truefalse": "truefalse"}.get(kind, "open"),
                parts=[{"label": "", **_part(element, kind, where, notes)}],
                **_question_fields(element, text, solution),
            )
        (questions if whole else foreign).append(entry)
    next_number = max((q["number"] for q in questions), default=0) + 1
    for offset, entry in enumerate(foreign):
        entry["number"] = next_number + offset
    questions += foreign
    title, prefix = _exam_title(categories)
    for entry in questions:
        entry["topic"] = " / ".join(entry["topic"][prefix:]) or title or "General"
        if len(entry["topic"]) > NAME_LENGTH:
            raise BankError(f"question {entry['number']}: its category's name is too long")
    if len(title) > NAME_LENGTH:
        raise BankError(f"the exam's category name is longer than {NAME_LENGTH} characters")
    slug = slug or exam_info["slug"]
    if not slug:
        raise BankError(
            "the file does not name its exam (no idnumber on its top category): give a slug"
        )
    check_slug(slug)
    exam = {
        "course": "",
        "date": datetime.date.today(),
        "duration_minutes": 60,
        "published": False,
        "slug": slug,
        "title": title or slug,
        "instructions": exam_info["instructions"],
    }
    return Converted({"exam": exam, "questions": questions}, notes)


def check_slug(slug: str) -> None:
    """An exam's slug names it in addresses: refused unless it is one."""
    if not _SLUG.match(slug):
        raise BankError(f"{slug[:60]!r} is not a slug (letters, digits, - and _, up to 50)")


def _exam_title(categories: list[list[str]]) -> tuple[str, int]:
    """The exam's title and how many category levels it takes: the first category, if every
    other one is inside it."""
    if len(categories) > 1:
        first = categories[0]
        if first and all(path[: len(first)] == first for path in categories[1:]):
            return first[-1], len(first)
    return "", len(categories[0]) - 1 if len(categories) == 1 and categories[0] else 0
