"""Factories for the bank's models, shared by the test packages; each package builds its own
small exam from them."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

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
