"""The admin's part form: the answer key as fields (an expression's declarations and
mistakes, a numeric value and tolerance, a text rubric, the kept test cases) instead of a
JSON box. The form only builds the `answer` mapping; whether it is a valid key is
`Part.clean`'s rule (quizapp.bank.schema), whose message is shown beside the field it is
about."""

import math
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

import grading
from grading.declare import (
    defined_as_lines,
    defined_from_lines,
    indices_as_text,
    indices_from_text,
    names_from_text,
)
from quizapp.models import Part

MAX_ROWS = 50
KEPT_CASE_KINDS = (Part.Kind.EXPRESSION, Part.Kind.NUMERIC)
EXPRESSION_LISTS = ("variables", "positive", "functions", "positive_functions", "free_indices")
EXPRESSION_FIELDS = (
    "expected",
    *EXPRESSION_LISTS[:4],
    "indices",
    "free_indices",
    "constraints",
    "defined",
    "mistakes",
)
NUMERIC_FIELDS = ("value", "tolerance")
TEXT_FIELDS = ("rubric",)
ANSWER_FIELDS = (*EXPRESSION_FIELDS, *NUMERIC_FIELDS, *TEXT_FIELDS, "tests")
# Which field an engine message is about, first match wins; none: the JSON box.
FIELD_OF_PROBLEM = [
    (r"^test \d+", "tests"),
    (r"\bmistake \d+", "mistakes"),
    (r"`positive_functions`", "positive_functions"),
    (r"\bconstraint\b", "constraints"),
    (r"\bdefinition\b|`defined`", "defined"),
    (r"\bfree index\b", "free_indices"),
    (r"\bindex\b|`indices`", "indices"),
    (r"`functions`|as a function", "functions"),
    (r"`variables`|declared twice|is not a valid name", "variables"),
    (r"`positive`", "positive"),
    (r"`value`|value must|value and tolerance", "value"),
    (r"`rubric`", "rubric"),
    (r"`expected`|cannot read|misconfigured", "expected"),
]


# The engine joins its problems with "; ", and a feedback quoted in one may hold "; " too:
# a new problem starts with what names it.
PROBLEMS = re.compile(r"; (?=(?:test|mistake) \d|unknown key|`|cannot|constraint|index|names)")


class RowsWidget(forms.Widget):
    """Repeated rows of inputs, one per entry of a list of mappings, and blank rows to add
    more. A column is (key, label) or (key, label, choices)."""

    def __init__(self, columns: list[tuple], spare: int = 2) -> None:
        super().__init__()
        self.columns = columns
        self.spare = spare

    def value_from_datadict(self, data, files, name) -> list[dict]:
        try:
            count = min(int(data.get(f"{name}-rows", 0)), MAX_ROWS + self.spare)
        except (TypeError, ValueError):
            count = 0
        return [
            {key: (data.get(f"{name}-{i}-{key}") or "").strip() for key, *_ in self.columns}
            for i in range(count)
        ]

    def value_omitted_from_data(self, data, files, name) -> bool:
        return f"{name}-rows" not in data

    def _cell(self, name: str, row: int, column: tuple, value: str) -> SafeString:
        key, label, *choices = column
        field = f"{name}-{row}-{key}"
        if choices:
            options = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((c, " selected" if c == value else "", c) for c in ("", *choices[0])),
            )
            control = format_html(
                '<select name="{}" aria-label="{}" data-key="{}">{}</select>',
                field,
                label,
                key,
                options,
            )
        else:
            control = format_html(
                '<input type="text" name="{}" value="{}" aria-label="{}" data-key="{}" '
                'class="vTextField">',
                field,
                value,
                label,
                key,
            )
        return format_html("<td>{}</td>", control)

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        rows = [row for row in (value or []) if isinstance(row, dict)]
        rows += [{}] * self.spare
        head = format_html_join("", "<th>{}</th>", ((label,) for _, label, *_ in self.columns))
        body = format_html_join(
            "",
            "<tr>{}</tr>",
            (
                (
                    format_html_join(
                        "",
                        "{}",
                        (
                            (self._cell(name, i, column, str(row.get(column[0], ""))),)
                            for column in self.columns
                        ),
                    ),
                )
                for i, row in enumerate(rows)
            ),
        )
        return format_html(
            '<table class="answer-rows" data-rows="{}"><thead><tr>{}</tr></thead>'
            '<tbody>{}</tbody></table><input type="hidden" name="{}-rows" value="{}">',
            name,
            head,
            body,
            name,
            len(rows),
        )


class RowsField(forms.Field):
    """A list of mappings from RowsWidget: blank rows dropped, half-filled ones refused."""

    def __init__(self, columns: list[tuple], **kwargs) -> None:
        self.keys = [key for key, *_ in columns]
        super().__init__(widget=RowsWidget(columns), required=False, **kwargs)

    def to_python(self, value: Any) -> list[dict]:
        rows = [row for row in (value or []) if any(row.get(key) for key in self.keys)]
        for number, row in enumerate(rows, start=1):
            if not all(row.get(key) for key in self.keys):
                raise ValidationError(f"Row {number}: fill in every column, or clear the row.")
        if len(rows) > MAX_ROWS:
            raise ValidationError(f"At most {MAX_ROWS} rows.")
        return [{key: row[key] for key in self.keys} for row in rows]

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.to_python(initial) != self.to_python(data)
        except ValidationError:
            return True


def _text(**kwargs) -> forms.CharField:
    return forms.CharField(required=False, **kwargs)


def _lines(help_text: str) -> forms.CharField:
    return _text(widget=forms.Textarea(attrs={"rows": 2, "cols": 60}), help_text=help_text)


class AnswerFields(forms.Form):
    """The answer key as fields, and the `answer` mapping they make (`answer_spec`)."""

    expected = _text(
        label="Expected answer",
        help_text="The reference answer in calculator syntax, as a student would type it.",
        widget=forms.TextInput(attrs={"class": "vLargeTextField"}),
    )
    variables = _text(help_text="The names an answer may use, separated by commas: z, c, x_n.")
    positive = _text(label="Positive variables", help_text="Variables known to be > 0.")
    functions = _text(help_text="Functions the part declares, such as w.")
    positive_functions = _text(help_text="Declared functions whose values are > 0.")
    indices = _text(help_text="Summation indices and their ranges: n=1..N, k=1..K.")
    free_indices = _text(help_text="Indices left free in the answer, such as k.")
    constraints = _lines("One per line: q_kn >= 0, or sum(q_kn, k) = 1.")
    defined = _lines("Defined symbols, one per line: mu_k = sum(q_kn x_n, n) / sum(q_kn, n).")
    mistakes = RowsField(
        [("expected", "Wrong answer"), ("feedback", "Feedback")],
        help_text="Common wrong answers, each with the feedback a student who gives it reads.",
    )
    value = _text(help_text="A finite number (students may still answer inf).")
    tolerance = _text(help_text="Absolute; empty for the default 1e-9.")
    rubric = _text(
        strip=False,  # Markdown, kept as written (its final newline too)
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Markdown: what a full-marks answer contains.",
    )
    tests = RowsField(
        [("answer", "Sample answer"), ("verdict", "Verdict", grading.VERDICTS)],
        label="Kept test cases",
        help_text="Sample answers and the verdict each must get: re-run on every save.",
    )

    def clean_indices(self) -> dict:
        return self._declared("indices", indices_from_text)

    def clean_defined(self) -> dict:
        return self._declared("defined", lambda text: defined_from_lines(text.splitlines()))

    def _declared(self, name: str, read) -> Any:
        try:
            return read(self.cleaned_data[name])
        except grading.SpecError as problem:
            raise ValidationError(str(problem)) from problem

    def clean_value(self) -> float | int | None:
        return self._number("value")

    def clean_tolerance(self) -> float | int | None:
        return self._number("tolerance")

    def _number(self, name: str) -> float | int | None:
        text = self.cleaned_data[name].strip()
        if not text:
            return None
        if re.fullmatch(r"[+-]?\d{1,15}", text):
            return int(text)  # as the file writes it: `value: 1`, not 1.0
        try:
            number = float(text)
        except ValueError as error:
            raise ValidationError(f"{text!r} is not a number.") from error
        if math.isnan(number):
            raise ValidationError("Not a number.")
        return number

    def answer_spec(self, kind: str) -> dict:
        """The `answer` mapping of a part of this kind, from the cleaned fields."""
        data = self.cleaned_data
        if kind == Part.Kind.EXPRESSION:
            spec: dict[str, Any] = {
                "expected": data.get("expected", ""),
                "variables": names_from_text(data.get("variables", "")),
            }
            for key in EXPRESSION_LISTS[1:]:
                if data.get(key):
                    spec[key] = names_from_text(data[key])
            for key in ("indices", "defined", "mistakes"):
                if data.get(key):
                    spec[key] = data[key]
            constraints = [c.strip() for c in data.get("constraints", "").splitlines()]
            if any(constraints):
                spec["constraints"] = [c for c in constraints if c]
        elif kind == Part.Kind.NUMERIC:
            spec = {"value": data.get("value")}
            if data.get("tolerance") is not None:
                spec["tolerance"] = data["tolerance"]
        elif kind == Part.Kind.TEXT:
            spec = {"rubric": data.get("rubric", "").replace("\r\n", "\n")}
        else:
            return {}
        if data.get("tests") and kind in KEPT_CASE_KINDS:
            spec["tests"] = data["tests"]
        return spec


def answer_initial(kind: str, answer: Any) -> dict:
    """The fields' values for a part's stored `answer`."""
    if not isinstance(answer, dict):
        return {}
    initial: dict[str, Any] = {"tests": answer.get("tests") or []}
    if kind == Part.Kind.EXPRESSION:
        for key in EXPRESSION_LISTS:
            names = answer.get(key) or []
            initial[key] = ", ".join(names) if isinstance(names, list) else str(names)
        indices, defined = answer.get("indices") or {}, answer.get("defined") or {}
        initial |= {
            "expected": answer.get("expected", ""),
            "indices": indices_as_text(indices) if isinstance(indices, dict) else "",
            "defined": "\n".join(defined_as_lines(defined)) if isinstance(defined, dict) else "",
            "constraints": "\n".join(answer.get("constraints") or []),
            "mistakes": answer.get("mistakes") or [],
        }
    elif kind == Part.Kind.NUMERIC:
        initial |= {
            "value": str(answer.get("value", "")),
            "tolerance": str(answer.get("tolerance", "")),
        }
    elif kind == Part.Kind.TEXT:
        initial["rubric"] = answer.get("rubric", "")
    return initial


def field_of_problem(message: str) -> str:
    return next(
        (field for pattern, field in FIELD_OF_PROBLEM if re.search(pattern, message)), "answer"
    )


class PartForm(AnswerFields, forms.ModelForm):
    """The part's own fields, its answer as fields, and the JSON box for what they do not
    cover (advanced): the JSON is used when it alone was edited."""

    class Meta:
        model = Part
        fields = ["question", "label", "position", "kind", "points", "prompt", "answer", "retired"]
        labels = {"answer": "Answer as JSON"}
        help_texts = {
            "answer": "Advanced: used instead of the fields above when only this box is "
            "edited. See docs/exam-format.md."
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name, value in answer_initial(self.instance.kind, self.instance.answer).items():
                self.initial.setdefault(name, value)

    def clean(self) -> dict:
        data = super().clean()
        self.from_fields = not (
            "answer" in self.changed_data
            and not any(name in self.changed_data for name in ANSWER_FIELDS)
        )
        kind = data.get("kind", "")
        if data.get("tests") and kind not in KEPT_CASE_KINDS:
            self.add_error("tests", "Only expression and numeric parts keep test cases.")
        if self.from_fields and not any(name in self.errors for name in ANSWER_FIELDS):
            data["answer"] = self.answer_spec(kind)
        return data

    def _update_errors(self, errors: ValidationError) -> None:
        # Part.clean's message about the answer goes beside the field it is about.
        if getattr(self, "from_fields", False) and "answer" in getattr(errors, "error_dict", {}):
            moved: dict[str, list[str]] = {}
            for error in errors.error_dict.pop("answer"):
                for message in error.messages:
                    for problem in PROBLEMS.split(message):
                        moved.setdefault(field_of_problem(problem), []).append(problem)
            for field, messages in moved.items():
                errors.error_dict.setdefault(field, []).extend(ValidationError(m) for m in messages)
        super()._update_errors(errors)


def part_fieldsets(head: list[str]) -> list[tuple]:
    """The part form's fieldsets: `head` (the part's own fields), then the answer key by
    kind (part-editor.js shows the kind chosen), the test cases, and the JSON box."""
    kinds = ["answer-kind"]
    return [
        (None, {"fields": head}),
        (
            "Expression answer",
            {"fields": list(EXPRESSION_FIELDS), "classes": [*kinds, "answer-expression"]},
        ),
        ("Numeric answer", {"fields": list(NUMERIC_FIELDS), "classes": [*kinds, "answer-numeric"]}),
        ("Text answer", {"fields": list(TEXT_FIELDS), "classes": [*kinds, "answer-text"]}),
        (
            "Kept test cases",
            {
                "fields": ["tests", "try_answers"],
                "classes": [*kinds, "answer-expression", "answer-numeric"],
            },
        ),
        ("Answer as JSON (advanced)", {"fields": ["answer"], "classes": ["collapse"]}),
    ]
