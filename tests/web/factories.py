"""Test data for the pages: a small exam with one part of every kind, and markers for
everything a student must not see before it is revealed."""

from decimal import Decimal

from quizapp.models import Exam, Part, Question
from tests.factories import ExamFactory, OptionFactory, PartFactory, QuestionFactory, TopicFactory

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


def small_exam(**kwargs) -> Exam:
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
