"""What a service refuses, and why, in words a student can read.

Each refusal carries the HTTP status that the HTML views and the API both answer with.
"""


class QuizError(Exception):
    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(QuizError):
    """The input cannot be used: an unreadable answer, an unknown option, mode or topic, a
    score out of range."""

    status_code = 422


class AttemptClosed(QuizError):
    """The attempt no longer takes this change (submitted, past its deadline, stale tab)."""

    status_code = 409


class NotAllowed(QuizError):
    """The action does not apply here (checking in exam mode, self-marking a choice part)."""

    status_code = 403


class TooBusy(QuizError):
    """The student already has as many answers waiting for grading as one may: the next
    waits until those are graded, so that one student cannot starve the others."""

    status_code = 429


class InConflict(QuizError):
    """The action is already done or cannot be done now: nullifying what is already
    nullified, restoring what is not."""

    status_code = 409
