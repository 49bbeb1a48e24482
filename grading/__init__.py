"""The grading engine core: reading calculator-syntax answers and deciding equivalence.

No Django, quizapp or Celery here (the Celery shell is `quizapp/tasks.py`). Public API:

    ENGINE_VERSION
    validate(answer_spec, text)                  how the text was read, or an error
    check_expression(answer_spec, text, cache=)  the verdict, in this process
    check_expression_isolated(...)               the verdict, from a limited child process
    grade_numeric / validate_numeric             numeric parts
    grade_choice(correct_option_id, chosen)      choice parts
    syntax_help(answer_spec)                     one line on what a part accepts
    validate_spec(answer_spec)                   problems of an `answer` mapping, for authors
    check_cases(answer_spec, kind=)              kept test cases that fail (grading/cases.py)
    verdict_name(verdict), VERDICTS              a verdict in one word, as test cases keep it
    cache_key(answer_spec, canonical)            the key verdicts are cached under
"""

from .api import (
    ENGINE_VERSION,
    cache_key,
    check_cases,
    check_expression,
    check_expression_isolated,
    grade_choice,
    grade_numeric,
    syntax_help,
    validate,
    validate_numeric,
    validate_spec,
)
from .cache import LRUCache
from .cases import VERDICTS, verdict_name
from .spec import SpecError, compile_spec
from .syntax import ParseError

__all__ = [
    "ENGINE_VERSION",
    "LRUCache",
    "ParseError",
    "VERDICTS",
    "SpecError",
    "cache_key",
    "check_cases",
    "check_expression",
    "check_expression_isolated",
    "compile_spec",
    "grade_choice",
    "grade_numeric",
    "syntax_help",
    "validate",
    "validate_numeric",
    "validate_spec",
    "verdict_name",
]
