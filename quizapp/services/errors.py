"""What a service refuses, and why, in words a student can read.

The HTML views and the API map these to HTTP statuses: InvalidAnswer 422, AttemptClosed 409,
NotAllowed 403.
"""


class QuizError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidAnswer(QuizError):
    """The input cannot be read (an unparsable expression, an unknown option)."""


class AttemptClosed(QuizError):
    """The attempt no longer takes this change (submitted, past its deadline, stale tab)."""


class NotAllowed(QuizError):
    """The action does not apply here (checking in exam mode, self-marking a choice part)."""
