"""The admin's part tests: the open question of `exam_of_every_kind`, its parts by kind."""

import pytest

from quizapp.models import Part
from tests.factories import exam_of_every_kind


@pytest.fixture
def parts(db) -> dict[str, Part]:
    """The numeric, expression and text parts of a small exam's open question (number 3)."""
    exam = exam_of_every_kind()
    return {
        part.kind: part for part in Part.objects.filter(question__exam=exam, question__number=3)
    }
