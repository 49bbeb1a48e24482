"""Item analysis of an exam: which parts work, over the submitted exam attempts.

Definitions (classical test theory, as Moodle's quiz statistics):
- a part's score in an attempt is `Response.score` (an instructor's mark, else the automatic
  grade); an answer not scored yet (being graded, awaiting a marking) is left out of the
  part's figures and counts 0 in the attempt's total;
- facility: the part's mean score over its maximum;
- discrimination: Pearson's correlation of the part's score with the rest of the exam (the
  attempt's total without this part), over the attempts where the part is scored;
- sd: sample standard deviations (n - 1);
- Cronbach's alpha: k/(k-1) (1 - sum of the parts' variances / variance of the totals), over
  the parts in use, an unscored part counting 0;
- a nullified part (PartQuerySet.counting) is in none of it: not listed, not in the totals.
"""

import statistics
from collections import Counter, defaultdict

import grading
from quizapp.models import Attempt, Exam, Option, Part, Response

Number = float | None
# Wrong answers compared pairwise by the engine (each check up to grading.api.CHECK_SECONDS):
# the most frequent readings only, so that a large cohort's page still answers.
MAX_READINGS = 30


def _sd(values: list[float]) -> Number:
    return statistics.stdev(values) if len(values) > 1 else None


def _correlation(xs: list[float], ys: list[float]) -> Number:
    if len(xs) < 2 or len(set(xs)) < 2 or len(set(ys)) < 2:
        return None
    return statistics.correlation(xs, ys)


def _alpha(matrix: list[list[float]]) -> Number:
    """Cronbach's alpha of an attempts × parts score matrix."""
    if len(matrix) < 2 or len(matrix[0]) < 2:
        return None
    k = len(matrix[0])
    total_variance = statistics.variance([sum(row) for row in matrix])
    if total_variance == 0:
        return None
    item_variances = sum(statistics.variance(column) for column in zip(*matrix, strict=True))
    return k / (k - 1) * (1 - item_variances / total_variance)


def _wrong_answers(part: Part, responses: list[Response]) -> list[dict]:
    """The most frequent wrong answers grouped by mathematical equivalence, the engine
    deciding: each group is named by its most frequent reading, most frequent group first."""
    readings = Counter()
    mistakes: dict[str, int | None] = {}
    for response in responses:
        canonical = response.verdict.get("canonical") or response.answer.strip()
        if response.correct is False and canonical:
            readings[canonical] += 1
            mistakes.setdefault(canonical, response.verdict.get("mistake"))
    groups: list[dict] = []
    for canonical, count in readings.most_common(MAX_READINGS):
        for group in groups:
            # The group's answer as the reference: does this reading equal it?
            spec = {**part.answer, "expected": group["answer"], "mistakes": []}
            if grading.check_expression(spec, canonical).get("equivalent") is True:
                group["count"] += count
                break
        else:
            groups.append({"answer": canonical, "count": count, "mistake": mistakes[canonical]})
    rules = part.answer.get("mistakes") or []
    for group in groups:
        # Which mistake rule of the key as it is now catches the group (a rule added since
        # the answers were graded included): its index, and its feedback.
        caught = grading.check_expression(part.answer, group["answer"]).get("mistake")
        group["caught_by"] = caught
        group["caught_feedback"] = rules[caught].get("feedback", "") if caught is not None else ""
    return sorted(groups, key=lambda group: -group["count"])


def exam_item_analysis(*, exam: Exam) -> dict:
    """The exam's item analysis, in the shape of `GET /api/instructor/exams/{slug}/statistics/`."""
    attempts = list(
        Attempt.objects.filter(exam=exam, mode=Attempt.Mode.EXAM).finished().order_by("pk")
    )
    parts = list(
        Part.objects.filter(question__exam=exam, question__retired=False, retired=False)
        .counting()
        .select_related("question")
        .order_by("question__number", "position")
    )
    responses = Response.objects.filter(attempt__in=attempts, part__in=parts)
    by_cell: dict[tuple[int, int], Response] = {(r.attempt_id, r.part_id): r for r in responses}
    scores: dict[tuple[int, int], float] = {
        cell: float(r.score) for cell, r in by_cell.items() if r.score is not None
    }
    matrix = [[scores.get((a.pk, p.pk), 0.0) for p in parts] for a in attempts]
    totals = [sum(row) for row in matrix]
    chosen = Counter(r.chosen_option_id for r in by_cell.values() if r.chosen_option_id)
    options: dict[int, list[Option]] = defaultdict(list)
    for option in Option.objects.filter(part__in=parts).order_by("position", "pk"):
        options[option.part_id].append(option)
    rows = []
    for column, part in enumerate(parts):
        scored = [
            (scores[(a.pk, part.pk)], totals[row] - matrix[row][column])
            for row, a in enumerate(attempts)
            if (a.pk, part.pk) in scores
        ]
        own = [score for score, _ in scored]
        maximum = float(part.points)
        rows.append(
            {
                "id": part.pk,
                "question": part.question.number,
                "label": part.label,
                "kind": part.kind,
                "responses": len(own),
                "facility": statistics.mean(own) / maximum if own and maximum else None,
                "discrimination": _correlation(own, [rest for _, rest in scored]),
                "sd": _sd(own),
                "options": [
                    {"id": o.pk, "text": o.text, "correct": o.correct, "chosen": chosen[o.pk]}
                    for o in options[part.pk]
                ],
                "wrong_answers": _wrong_answers(
                    part, [r for (_, p), r in by_cell.items() if p == part.pk]
                )
                if part.kind == Part.Kind.EXPRESSION
                else [],
            }
        )
    return {
        "exam": exam.slug,
        "attempts": len(attempts),
        "mean": statistics.mean(totals) if totals else None,
        "median": statistics.median(totals) if totals else None,
        "sd": _sd(totals),
        "alpha": _alpha(matrix),
        "parts": rows,
    }
