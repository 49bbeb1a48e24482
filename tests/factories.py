"""The one factories module: the bank's models, and two small exams built from them.

`exam_with_key_markers` (the pages' tests) marks every piece of the answer key with a string
that no page may show before it is revealed; `exam_of_every_kind` (the API's tests) has a
part of every kind, a true/false question among them.
"""

import datetime
import json
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from quizapp.admin_parts import answer_initial
from quizapp.models import Exam, Option, Part, Question, Topic


class ExamFactory(DjangoModelFactory):
    class Meta:
        model = Exam

    slug = factory.Sequence(lambda n: f"exam-{n}")
    title = factory.Sequence(lambda n: f"Exam {n}")
    course = "CS-000 Testing"
    date = datetime.date(2024, 1, 18)
    duration_minutes = 60
    instructions = "Answer what you can."
    published = True


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic

    exam = factory.SubFactory(ExamFactory)
    name = factory.Sequence(lambda n: f"Topic {n}")


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = Question

    exam = factory.SubFactory(ExamFactory)
    topic = factory.SubFactory(TopicFactory, exam=factory.SelfAttribute("..exam"))
    number = factory.Sequence(lambda n: n + 1)
    kind = Question.Kind.OPEN
    prompt = factory.Sequence(lambda n: f"Question {n}?")
    solution = factory.Sequence(lambda n: f"The official solution {n}.")


class PartFactory(DjangoModelFactory):
    class Meta:
        model = Part

    question = factory.SubFactory(QuestionFactory)
    label = ""
    kind = Part.Kind.CHOICE
    points = Decimal(2)
    answer = factory.LazyFunction(dict)


class OptionFactory(DjangoModelFactory):
    class Meta:
        model = Option

    part = factory.SubFactory(PartFactory)
    position = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Option {n}")
    correct = False


# Strings that only the answer key contains: a page showing one of them has leaked it.
RIGHT_OPTION_FEEDBACK = "KEY-FEEDBACK-right-option"
WRONG_OPTION_FEEDBACK = "KEY-FEEDBACK-wrong-option"
SOLUTION_CHOICE = "KEY-SOLUTION-choice-question"
SOLUTION_OPEN = "KEY-SOLUTION-open-question"
RUBRIC = "KEY-RUBRIC-written-part"
EXPECTED_VALUE = 0.375
SECRETS = [
    RIGHT_OPTION_FEEDBACK,
    WRONG_OPTION_FEEDBACK,
    SOLUTION_CHOICE,
    SOLUTION_OPEN,
    RUBRIC,
    "0.375",
    "2 x",
]


def exam_with_key_markers(**kwargs) -> Exam:
    """Two topics: a choice question (3 options) and an open question with an expression,
    a numeric and a written part."""
    exam = ExamFactory(**{"instructions": "Answer **what you can**.", **kwargs})
    basics = TopicFactory(exam=exam, name="Basics")
    algebra = TopicFactory(exam=exam, name="Algebra")
    choice = QuestionFactory(
        exam=exam,
        topic=basics,
        number=1,
        kind=Question.Kind.CHOICE,
        prompt="Pick the **right** one.",
        solution=SOLUTION_CHOICE,
    )
    part = PartFactory(question=choice, kind=Part.Kind.CHOICE, points=Decimal(2))
    OptionFactory(
        part=part, position=0, text="Alpha $a$", correct=True, feedback=RIGHT_OPTION_FEEDBACK
    )
    OptionFactory(part=part, position=1, text="Beta $b$", feedback=WRONG_OPTION_FEEDBACK)
    OptionFactory(part=part, position=2, text="Gamma $c$")
    open_question = QuestionFactory(
        exam=exam,
        topic=algebra,
        number=2,
        kind=Question.Kind.OPEN,
        prompt="Let $f(x) = x^2$.",
        solution=SOLUTION_OPEN,
    )
    PartFactory(
        question=open_question,
        label="a",
        position=0,
        kind=Part.Kind.EXPRESSION,
        points=Decimal(1),
        prompt="Give $f'(x)$.",
        answer={"expected": "2 x", "variables": ["x"]},
    )
    PartFactory(
        question=open_question,
        label="b",
        position=1,
        kind=Part.Kind.NUMERIC,
        points=Decimal(1),
        prompt="Give a number.",
        answer={"value": EXPECTED_VALUE, "tolerance": 1e-9},
    )
    PartFactory(
        question=open_question,
        label="c",
        position=2,
        kind=Part.Kind.TEXT,
        points=Decimal(1),
        prompt="Explain.",
        answer={"rubric": RUBRIC},
    )
    return exam


EXPECTED = "2 x sigma(x)"  # the expression part of exam_of_every_kind


def exam_of_every_kind(**fields) -> Exam:
    """Three questions worth 7.5 points: a choice (2), a true/false (1.5), and an open question
    with a numeric (1), an expression (2) and a text part (1)."""
    exam = ExamFactory(**fields)
    basics = TopicFactory(exam=exam, name="Basics")
    calculus = TopicFactory(exam=exam, name="Calculus")

    choice = PartFactory(
        question=QuestionFactory(exam=exam, topic=basics, number=1, kind=Question.Kind.CHOICE)
    )
    OptionFactory(part=choice, text="Right", correct=True, feedback="Yes, that one.", position=0)
    for position, text in enumerate(["Wrong", "Also wrong", "Far off"], start=1):
        OptionFactory(part=choice, text=text, position=position)

    truefalse = PartFactory(
        question=QuestionFactory(exam=exam, topic=basics, number=2, kind=Question.Kind.TRUEFALSE),
        points=Decimal("1.5"),
    )
    OptionFactory(part=truefalse, text="True", correct=True, position=0)
    OptionFactory(part=truefalse, text="False", position=1)

    open_question = QuestionFactory(exam=exam, topic=calculus, number=3)
    PartFactory(
        question=open_question,
        label="a",
        position=0,
        kind=Part.Kind.NUMERIC,
        points=Decimal(1),
        answer={"value": 0.5},
    )
    PartFactory(
        question=open_question,
        label="b",
        position=1,
        kind=Part.Kind.EXPRESSION,
        points=Decimal(2),
        answer={"expected": EXPECTED, "variables": ["x"]},
    )
    PartFactory(
        question=open_question,
        label="c",
        position=2,
        kind=Part.Kind.TEXT,
        points=Decimal(1),
        answer={"rubric": RUBRIC},
    )
    return exam


def correct_answer(part: Part) -> str:
    """What a student who knows everything types for this part."""
    if part.kind == Part.Kind.CHOICE:
        return str(part.options.get(correct=True).pk)
    if part.kind == Part.Kind.NUMERIC:
        return str(part.answer["value"])
    if part.kind == Part.Kind.EXPRESSION:
        return part.answer["expected"]
    return "By the chain rule, the derivative is the product of the inner and outer ones."


def answer_fields_form(kind: str, answer: dict, prefix: str = "") -> dict:
    """The answer fields of the admin's part form as the browser posts them (lists of rows
    as numbered inputs), for a part of `kind` whose key is `answer`."""
    data: dict = {}
    for field, value in answer_initial(kind, answer).items():
        if isinstance(value, list):
            data[f"{field}-rows"] = len(value)
            for index, row in enumerate(value):
                data |= {f"{field}-{index}-{key}": text for key, text in row.items()}
        else:
            data[field] = value
    return {f"{prefix}-{name}" if prefix else name: value for name, value in data.items()}


def _part_fields(part: Part, prefix: str = "") -> dict:
    data = {
        "label": part.label,
        "position": part.position,
        "kind": part.kind,
        "points": str(part.points),
        "prompt": part.prompt,
        "answer": json.dumps(part.answer),
    }
    data = {f"{prefix}-{name}" if prefix else name: value for name, value in data.items()}
    return data | answer_fields_form(part.kind, part.answer, prefix)


def admin_question_form(question: Question, **changes) -> dict:
    """The admin's question page as posted, its parts inline, with `changes` applied."""
    parts = list(question.parts.all())
    data = {
        "exam": question.exam_id,
        "number": question.number,
        "topic": question.topic_id,
        "kind": question.kind,
        "prompt": question.prompt,
        "figure": question.figure,
        "solution": question.solution,
        "parts-TOTAL_FORMS": len(parts),
        "parts-INITIAL_FORMS": len(parts),
    }
    for index, part in enumerate(parts):
        data |= {f"parts-{index}-id": part.pk, **_part_fields(part, f"parts-{index}")}
    return data | changes


def admin_part_form(part: Part, **changes) -> dict:
    """The admin's part page as posted, its answer fields and options inline, with
    `changes` applied."""
    options = list(part.options.all())
    data = {
        "question": part.question_id,
        **_part_fields(part),
        "options-TOTAL_FORMS": len(options),
        "options-INITIAL_FORMS": len(options),
        "options-MIN_NUM_FORMS": 0,
        "options-MAX_NUM_FORMS": 1000,
    }
    for index, option in enumerate(options):
        data |= {
            f"options-{index}-id": option.pk,
            f"options-{index}-part": part.pk,
            f"options-{index}-position": option.position,
            f"options-{index}-text": option.text,
            f"options-{index}-correct": "on" if option.correct else "",
            f"options-{index}-feedback": option.feedback,
        }
    return data | changes


def exam_answered(*, student, exam: Exam, answers: dict[str, str]):
    """The student's exam attempt with `answers` (by part kind: "choice" takes "right" or
    "wrong"), submitted and graded as the worker would (no worker needed)."""
    from quizapp.models import Response
    from quizapp.services import answer_save, attempt_start, attempt_submit, response_grade

    attempt = attempt_start(student=student, exam=exam, mode="exam")
    for response in attempt.responses.select_related("part"):
        part, text = response.part, answers.get(response.part.kind)
        if text in ("right", "wrong"):
            text = str(part.options.filter(correct=text == "right").first().pk)
        if text is not None:
            answer_save(attempt=attempt, part_id=part.pk, answer=text)
    attempt_submit(attempt=attempt)
    for response in attempt.responses.filter(status=Response.Status.PENDING):
        response_grade(response_id=response.pk, revision=response.queued_revision)
    attempt.refresh_from_db()
    return attempt
