"""The sample points of a spec, drawn where its reference answer is defined.

Deterministic: seeded by the spec's hash. Each batch first draws its points with magnitudes
in [0.2, 3]; when the reference answer is undefined at many of them (`log(x - 50)`,
`sqrt(x-3) sqrt(x-5)`, `((x-2)^3)^k` for x < 2), more points are drawn, over wider spans,
and the points where the reference is defined are kept, until the batch has as many as it
should. So a narrow domain is found rather than reported as "could not decide", and a
verdict does not rest on the handful of points that one seed happened to put there.
"""

from __future__ import annotations

import numpy as np

from .compare import Side
from .evaluate import Batch, Evaluator, make_batch, take
from .nodes import Node

POINTS_SCALAR = 48  # points when the part has no index sizes
POINTS_PER_BATCH = 16
BATCHES_INDEXED = 4
# Magnitude spans of the successive draws of one batch; the first is the usual one.
SPANS = [(0.2, 3.0)] * 4 + [(0.2, 10.0)] * 3 + [(1.0, 30.0)] * 3 + [(3.0, 100.0)] * 3
SPANS += [(10.0, 1000.0)] * 3
SEED_SALT = 0  # tests vary it to show that verdicts do not depend on the seed


class SampleSet:
    """The batches of one spec, with the expected answer's values on them (and the mistakes'
    values, computed when first needed)."""

    def __init__(self, compiled, deadline: float) -> None:
        self.compiled = compiled
        seed = int(compiled.key[:16], 16) + SEED_SALT
        sizes_list = self._sizes(np.random.default_rng(seed))
        m = POINTS_PER_BATCH if compiled.size_order else POINTS_SCALAR
        self.batches: list[Batch] = []
        self.expected: list[np.ndarray] = []
        for b, sizes in enumerate(sizes_list):
            batch, values = self._draw(seed, b, sizes, m, deadline)
            self.batches.append(batch)
            self.expected.append(values)
        self.expected_side = Side(compiled.expected.tree, self.expected)
        self.mistakes: dict[int, Side] = {}

    def _draw(self, seed: int, b: int, sizes: dict, m: int, deadline: float):
        tree = self.compiled.expected.tree
        kept: list[tuple[Batch, np.ndarray]] = []
        first = None
        found = 0
        for attempt, span in enumerate(SPANS):
            rng = np.random.default_rng([seed, b, attempt])
            batch = make_batch(self.compiled, rng, sizes, m, span, like=first)
            values = Evaluator(batch, deadline).value(tree)
            ok = np.flatnonzero(np.isfinite(values))
            if first is None:
                first = batch
                if len(ok) >= 0.75 * m:  # the usual case: keep the points as drawn
                    return batch, values
            if len(ok):
                kept.append((batch, ok[: m - found]))
                found += len(kept[-1][1])
            if found >= m:
                break
        if not kept:  # undefined everywhere tried: the first draw, for "could not decide"
            assert first is not None
            return first, Evaluator(first, deadline).value(tree)
        batch = take(kept)
        return batch, Evaluator(batch, deadline).value(tree)

    def _sizes(self, rng: np.random.Generator) -> list[dict[str, int]]:
        order = self.compiled.size_order
        if not order:
            return [{}]
        out = []
        for b in range(BATCHES_INDEXED):
            sizes: dict[str, int] = {}
            for j, name in enumerate(order):
                lo, hi = (3, 6) if j == 0 else (2, 4)
                # The first batch is the smallest, for readable feedback; sizes differ from
                # each other where they can, so that swapped indices show.
                value = lo if b == 0 else int(rng.integers(lo, hi + 1))
                while value in sizes.values() and value < hi:
                    value += 1
                sizes[name] = value
            out.append(sizes)
        return out

    def evaluate(self, tree: Node, deadline: float) -> list[np.ndarray]:
        return [Evaluator(batch, deadline).value(tree) for batch in self.batches]

    def mistake_side(self, i: int, deadline: float) -> Side:
        if i not in self.mistakes:
            tree = self.compiled.mistakes[i].tree
            self.mistakes[i] = Side(tree, self.evaluate(tree, deadline))
        return self.mistakes[i]
