"""KL is not a metric: the triangle counterexample, asymmetry and support mismatch.

Every KL is recomputed here with scipy.special.rel_entr; the search is checked against a
brute-force loop written independently.
"""

from __future__ import annotations

import itertools
import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from scipy.special import rel_entr
from test_infotheory import distributions

from entropy_explorer.examples import SUPPORT_MISMATCH_REVERSE, TRIANGLE_SEARCH, WORKED_EXAMPLE
from entropy_explorer.infotheory import (
    InvalidDistributionError,
    find_triangle_counterexample,
    support_mismatch,
    triangle_gap,
)

LOG2 = math.log(2)


def kl_bits(p: object, q: object) -> float:
    return float(rel_entr(np.asarray(p, dtype=float), np.asarray(q, dtype=float)).sum()) / LOG2


@pytest.fixture(scope="module")
def example():  # noqa: ANN201
    return find_triangle_counterexample(TRIANGLE_SEARCH.outcomes, TRIANGLE_SEARCH.grid)


def test_the_counterexample_breaks_the_triangle_inequality(example) -> None:  # noqa: ANN001
    p, q, r = example.p, example.q, example.r
    for dist in (p, q, r):
        assert len(dist) == TRIANGLE_SEARCH.outcomes and sum(dist) == pytest.approx(1.0)
        assert all(x > 0 for x in dist)
        assert all(abs(x * TRIANGLE_SEARCH.grid - round(x * TRIANGLE_SEARCH.grid)) < 1e-9 for x in dist)
    direct, detour = kl_bits(p, r), kl_bits(p, q) + kl_bits(q, r)
    assert direct > detour
    assert example.violation == pytest.approx(direct - detour, rel=1e-12)
    assert example.ratio == pytest.approx(direct / detour, rel=1e-12)
    assert triangle_gap(p, q, r) == pytest.approx(direct - detour, rel=1e-12)
    for name, (a, b) in {"pq": (p, q), "qp": (q, p), "qr": (q, r), "rq": (r, q), "pr": (p, r),
                         "rp": (r, p)}.items():
        assert getattr(example, f"kl_{name}") == pytest.approx(kl_bits(a, b), rel=1e-12)
    # asymmetry on the pair (P, Q)
    assert abs(example.kl_pq - example.kl_qp) > 0.1


def test_the_search_finds_the_largest_violation_on_its_grid(example) -> None:  # noqa: ANN001
    """Brute force with plain loops and rel_entr: the same maximum, the same violating count."""
    g, n = TRIANGLE_SEARCH.grid, TRIANGLE_SEARCH.outcomes
    points = [tuple(c / g for c in combo) for combo in itertools.product(range(1, g), repeat=n)
              if sum(combo) == g]
    kl = {(a, b): kl_bits(a, b) for a in points for b in points}
    gaps = [kl[a, c] - kl[a, b] - kl[b, c] for a in points for b in points for c in points]
    assert example.searched == len(gaps)
    assert example.violating == sum(x > 1e-12 for x in gaps)
    assert example.violation == pytest.approx(max(gaps), rel=1e-12)


def test_a_grid_with_more_outcomes_and_nats() -> None:
    found = find_triangle_counterexample(outcomes=2, grid=20, base=math.e)
    assert kl_bits(found.p, found.r) * LOG2 > (kl_bits(found.p, found.q) + kl_bits(found.q, found.r)) * LOG2
    assert found.violation == pytest.approx((kl_bits(found.p, found.r) - kl_bits(found.p, found.q)
                                             - kl_bits(found.q, found.r)) * LOG2, rel=1e-12)


@pytest.mark.parametrize("outcomes,grid,words", [
    (1, 10, "outcomes"), (3, 2, "grid"), (2.0, 10, "outcomes"), (6, 40, "triples"),
])
def test_bad_search_settings(outcomes: object, grid: object, words: str) -> None:
    with pytest.raises(InvalidDistributionError, match=words):
        find_triangle_counterexample(outcomes, grid)  # type: ignore[arg-type]


@given(distributions(4, min_p=1e-3), distributions(4, min_p=1e-3), distributions(4, min_p=1e-3))
def test_triangle_gap_matches_rel_entr(p: np.ndarray, q: np.ndarray, r: np.ndarray) -> None:
    expected = kl_bits(p, r) - kl_bits(p, q) - kl_bits(q, r)
    assert triangle_gap(p, q, r) == pytest.approx(expected, abs=1e-9)


def test_triangle_gap_with_infinite_terms() -> None:
    p, q = [0.5, 0.5], [1.0, 0.0]
    assert triangle_gap(p, p, q) != triangle_gap(p, p, q)  # inf - inf: nan, not a verdict
    assert triangle_gap(p, q, q) != triangle_gap(p, q, q)
    assert triangle_gap(q, p, p) == 0.0  # D(Q||P) - D(Q||P) - D(P||P)
    assert triangle_gap(p, [0.5, 0.5], q) != triangle_gap(p, [0.5, 0.5], q)
    assert triangle_gap(q, [0.0, 1.0], p) == -math.inf  # only the detour is infinite


# ------------------------------------------------------------------ support mismatch
def test_support_mismatch_in_both_directions() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        teacher, student = WORKED_EXAMPLE
        first = support_mismatch(teacher.probs, student.probs)
        p, q = SUPPORT_MISMATCH_REVERSE
        second = support_mismatch(p.probs, q.probs)
    # the worked example: the student rules C out, so the forward KL is infinite
    assert first.forward == math.inf == kl_bits(teacher.probs, student.probs)
    assert first.reverse == pytest.approx(kl_bits(student.probs, teacher.probs), rel=1e-12)
    assert math.isfinite(first.reverse)
    assert (first.p_only, first.q_only) == ((2,), ())
    # the other way round: the teacher rules C out, the student does not
    assert second.reverse == math.inf == kl_bits(q.probs, p.probs)
    assert second.forward == pytest.approx(kl_bits(p.probs, q.probs), rel=1e-12)
    assert math.isfinite(second.forward)
    assert (second.p_only, second.q_only) == ((), (2,))


def test_support_mismatch_bad_input() -> None:
    with pytest.raises(InvalidDistributionError, match="same length"):
        support_mismatch([0.5, 0.5], [1.0])
