"""Nullifying a question or part that turned out wrong or ambiguous: it stays in every
attempt that holds it, but counts for nobody (see PartQuerySet.counting), until restored.
Nothing is deleted; the scores students earned on it are kept."""

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from quizapp.models import Nullifiable, Part, Question
from quizapp.services.errors import InConflict, InvalidInput

REASON_MAX = 2000


def _nullify(item: Nullifiable, *, by: AbstractBaseUser, reason: str) -> Nullifiable:
    reason = reason.strip()
    if not reason:
        raise InvalidInput("say why it is nullified: students read the reason")
    if len(reason) > REASON_MAX:
        raise InvalidInput(f"the reason is too long (at most {REASON_MAX:,} characters)")
    if item.nullified:
        raise InConflict(f"{item} is already nullified")
    item.nullified, item.nullified_at, item.nullified_by = True, timezone.now(), by
    item.nullified_reason = reason
    item.save(update_fields=["nullified", "nullified_at", "nullified_by", "nullified_reason"])
    return item


def _restore(item: Nullifiable) -> Nullifiable:
    if not item.nullified:
        raise InConflict(f"{item} is not nullified")
    item.nullified, item.nullified_at, item.nullified_by, item.nullified_reason = (
        False,
        None,
        None,
        "",
    )
    item.save(update_fields=["nullified", "nullified_at", "nullified_by", "nullified_reason"])
    return item


def question_nullify(*, question: Question, by: AbstractBaseUser, reason: str) -> Question:
    """The whole question counts for nobody: every part of it, for every student."""
    return _nullify(question, by=by, reason=reason)


def question_restore(*, question: Question) -> Question:
    """Un-nullify: the question counts again, with the scores students had."""
    return _restore(question)


def part_nullify(*, part: Part, by: AbstractBaseUser, reason: str) -> Part:
    """One part counts for nobody; the question's other parts still count."""
    return _nullify(part, by=by, reason=reason)


def part_restore(*, part: Part) -> Part:
    """Un-nullify: the part counts again, with the scores students had."""
    return _restore(part)
