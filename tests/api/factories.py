"""Test data for the API tests: a small exam with one part of every kind."""

from decimal import Decimal

from quizapp.models import Exam, Part, Question
from tests.factories import ExamFactory, OptionFactory, PartFactory, QuestionFactory, TopicFactory

RUBRIC = "Names the chain rule and applies it."
EXPECTED = "2 x sigma(x)"


def small_exam(**fields) -> Exam:
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
