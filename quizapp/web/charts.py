"""The geometry of the progress page's inline SVG chart: plain numbers for the template."""

from dataclasses import dataclass

from django.utils import timezone

from quizapp.models import Attempt

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 48, 20, 14, 40


@dataclass
class ChartPoint:
    x: float
    y: float
    attempt: Attempt
    percent: int
    label: str
    show_label: bool

    @property
    def corner(self) -> tuple[float, float]:
        """Top-left of the square marking an exam attempt."""
        return round(self.x - 6, 1), round(self.y - 6, 1)

    @property
    def unfinished(self) -> bool:
        return self.attempt.status == Attempt.Status.IN_PROGRESS


def attempt_share(attempt: Attempt) -> float | None:
    """A finished attempt's score over its maximum; an unfinished practice attempt's over
    the parts checked so far (selectors.attempt_history)."""
    if attempt.status == Attempt.Status.IN_PROGRESS:
        score, maximum = attempt.attempted_score, attempt.attempted_max
    else:
        score, maximum = attempt.score, attempt.max_score
    return float(score / maximum) if maximum else None


@dataclass
class HistoryChart:
    width: int
    height: int
    points: list[ChartPoint]
    # Practice and exams are drawn apart: one line each.
    practice_line: str
    exam_line: str
    grid: list[tuple[float, str]]
    left: int
    right: int
    baseline: float

    @property
    def axis_x(self) -> int:
        return self.left - 8

    @property
    def label_y(self) -> float:
        return self.baseline + 22


def history_chart(attempts: list[Attempt]) -> HistoryChart | None:
    """Attempts in time order, each at its share of the maximum (0-100 %)."""
    scored = [(a, share) for a in attempts if (share := attempt_share(a)) is not None]
    if not scored:
        return None
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / (len(scored) - 1) if len(scored) > 1 else 0
    every = max(1, -(-len(scored) // 8))  # at most about 8 date labels
    points = []
    for index, (attempt, share) in enumerate(scored):
        x = LEFT + (index * step if len(scored) > 1 else plot_w / 2)
        when = timezone.localtime(attempt.started_at)
        points.append(
            ChartPoint(
                x=round(x, 1),
                y=round(TOP + (1 - share) * plot_h, 1),
                attempt=attempt,
                percent=round(share * 100),
                label=f"{when.day} {when:%b}",
                show_label=index % every == 0 or index == len(scored) - 1,
            )
        )
    grid = [(round(TOP + (1 - f) * plot_h, 1), f"{round(f * 100)}%") for f in (0, 0.5, 1)]
    return HistoryChart(
        width=WIDTH,
        height=HEIGHT,
        points=points,
        practice_line=_line(points, Attempt.Mode.PRACTICE),
        exam_line=_line(points, Attempt.Mode.EXAM),
        grid=grid,
        left=LEFT,
        right=WIDTH - RIGHT,
        baseline=TOP + plot_h,
    )


def _line(points: list[ChartPoint], mode: str) -> str:
    return " ".join(f"{p.x},{p.y}" for p in points if p.attempt.mode == mode)
