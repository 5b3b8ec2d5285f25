"""Teacher filters (temperature, top-k, top-p, masking) against independent references.

References: scipy.special.softmax of the log-probabilities, sorting done here by hand,
limits in the temperature, the entropy's monotonicity in the temperature, and properties
checked with hypothesis.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import special, stats
from test_infotheory import distributions

from entropy_explorer.examples import DISTILL_FILTERS, DISTILL_TEACHER, TeacherFilter
from entropy_explorer.infotheory import InvalidDistributionError
from entropy_explorer.teachers import (
    filter_stages,
    filtered_teacher,
    mask,
    rank_order,
    reweight,
    temperature_scale,
    token_indices,
    top_k,
    top_p,
)

P = np.array(DISTILL_TEACHER.probs)


def positive(n: int | None = None) -> st.SearchStrategy[np.ndarray]:
    return distributions(n, min_p=1e-3)


# ------------------------------------------------------------------ temperature
@given(distributions())
def test_temperature_one_is_the_identity(p: np.ndarray) -> None:
    np.testing.assert_allclose(temperature_scale(p, 1.0), p / p.sum(), rtol=1e-12, atol=1e-15)


@settings(max_examples=60)
@given(positive(), st.floats(0.05, 20))
def test_temperature_matches_scipy_softmax_of_log_probabilities(p: np.ndarray, t: float) -> None:
    np.testing.assert_allclose(temperature_scale(p, t), special.softmax(np.log(p) / t), rtol=1e-9, atol=1e-300)


@settings(max_examples=60)
@given(positive(), st.floats(0.05, 20), st.floats(0.05, 20))
def test_entropy_grows_with_temperature(p: np.ndarray, t1: float, t2: float) -> None:
    lo, hi = sorted((t1, t2))
    assert stats.entropy(temperature_scale(p, lo)) <= stats.entropy(temperature_scale(p, hi)) + 1e-12


def test_temperature_limits() -> None:
    np.testing.assert_allclose(temperature_scale(P, 1e-3), np.eye(P.size)[0], atol=1e-12)
    np.testing.assert_allclose(temperature_scale(P, 1e6), np.full(P.size, 1 / P.size), atol=1e-5)
    # ties at the top share the limit; zeros stay zero (uniform over the support)
    tied = [0.4, 0.4, 0.2, 0.0]
    np.testing.assert_allclose(temperature_scale(tied, 1e-4), [0.5, 0.5, 0, 0], atol=1e-12)
    np.testing.assert_allclose(temperature_scale(tied, 1e8), [1 / 3, 1 / 3, 1 / 3, 0], atol=1e-7)
    # extreme but valid temperatures stay finite and normalised
    for t in (1e-300, 1e300):
        out = temperature_scale(P, t)
        assert np.isfinite(out).all() and out.sum() == pytest.approx(1.0)


@pytest.mark.parametrize("bad", [0.0, -1.0, math.nan, math.inf, "hot"])
def test_bad_temperature(bad: object) -> None:
    with pytest.raises(InvalidDistributionError, match="temperature"):
        temperature_scale(P, bad)  # type: ignore[arg-type]


# ------------------------------------------------------------------------ top-k
@settings(max_examples=80)
@given(st.data())
def test_top_k_keeps_exactly_the_k_largest(data: st.DataObject) -> None:
    p = data.draw(positive())
    k = data.draw(st.integers(1, p.size))
    out = top_k(p, k)
    kept = out > 0
    assert kept.sum() == k
    # every kept probability is at least every dropped one
    if k < p.size:
        assert p[kept].min() >= p[~kept].max()
    np.testing.assert_allclose(out[kept], p[kept] / p[kept].sum(), rtol=1e-12)
    assert out.sum() == pytest.approx(1.0, abs=1e-12)


def test_top_k_on_the_teacher_and_ties() -> None:
    np.testing.assert_allclose(top_k(P, 3), [0.5 / 0.88, 0.3 / 0.88, 0.08 / 0.88, 0, 0, 0])
    np.testing.assert_allclose(top_k([0.25, 0.25, 0.25, 0.25], 2), [0.5, 0.5, 0, 0])  # earlier first
    np.testing.assert_allclose(top_k(P, P.size), P)


@pytest.mark.parametrize("bad", [0, 7, -1, 2.5, True, "3"])
def test_bad_k(bad: object) -> None:
    with pytest.raises(InvalidDistributionError, match="k must"):
        top_k(P, bad)  # type: ignore[arg-type]


# ------------------------------------------------------------------------ top-p
@settings(max_examples=80)
@given(positive(), st.floats(0.01, 1.0))
def test_top_p_keeps_the_smallest_prefix_reaching_p(p: np.ndarray, mass: float) -> None:
    out = top_p(p, mass)
    kept = out > 0
    ranked = sorted(p.tolist(), reverse=True)
    n = int(kept.sum())
    assume(abs(sum(ranked[:n]) - mass) > 1e-9)  # away from round-off at the threshold
    assert sum(ranked[:n]) >= mass  # reaches p
    assert sum(ranked[: n - 1]) < mass  # one fewer does not
    assert p[kept].min() >= (p[~kept].max() if (~kept).any() else 0)
    np.testing.assert_allclose(out[kept], p[kept] / p[kept].sum(), rtol=1e-12)


def test_top_p_on_the_teacher() -> None:
    # 0.5 + 0.3 + 0.08 = 0.88 < 0.9 <= 0.94: four tokens; 0.9 exactly reached by 0.5 + 0.4
    np.testing.assert_allclose(top_p(P, 0.9), np.r_[P[:4], 0, 0] / 0.94)
    np.testing.assert_allclose(top_p([0.5, 0.4, 0.1], 0.9), [0.5 / 0.9, 0.4 / 0.9, 0.0])
    np.testing.assert_allclose(top_p(P, 1.0), P)
    np.testing.assert_allclose(top_p([0.7, 0.3, 0.0], 1.0), [0.7, 0.3, 0.0])
    np.testing.assert_allclose(top_p(P, 1e-9), np.eye(P.size)[0])


@pytest.mark.parametrize("bad", [0.0, -0.2, 1.01, math.nan, "most"])
def test_bad_top_p(bad: object) -> None:
    with pytest.raises(InvalidDistributionError, match="top-p"):
        top_p(P, bad)  # type: ignore[arg-type]


# --------------------------------------------------------------------- masking
@settings(max_examples=60)
@given(st.data())
def test_mask_zeroes_or_down_weights_and_renormalises(data: st.DataObject) -> None:
    p = data.draw(positive())
    assume(p.size >= 2)
    chosen = data.draw(st.sets(st.integers(0, p.size - 1), min_size=1, max_size=p.size - 1))
    factor = data.draw(st.floats(0.0, 1.0))
    out = mask(p, sorted(chosen), factor)
    weights = np.array([factor if i in chosen else 1.0 for i in range(p.size)])
    np.testing.assert_allclose(out, p * weights / np.sum(p * weights), rtol=1e-12, atol=1e-300)
    assert out.sum() == pytest.approx(1.0, abs=1e-12)
    if factor == 0:
        assert (out[sorted(chosen)] == 0).all()


def test_everything_masked_raises() -> None:
    with pytest.raises(InvalidDistributionError, match="all the probability mass"):
        mask(P, range(P.size))
    # masking the only outcomes with mass is everything too
    with pytest.raises(InvalidDistributionError, match="all the probability mass"):
        mask([0.5, 0.5, 0.0], [0, 1])
    with pytest.raises(InvalidDistributionError, match="all the probability mass"):
        reweight([0.5, 0.5], [0.0, 0.0])


@pytest.mark.parametrize("indices,factor,words", [
    ([6], 0.0, "index"), ([-1], 0.0, "index"), ([1.0], 0.0, "index"), ([0], 1.5, "factor"),
    ([0], -0.1, "factor"),
])
def test_bad_masks(indices: list, factor: float, words: str) -> None:
    with pytest.raises(InvalidDistributionError, match=words):
        mask(P, indices, factor)


def test_bad_reweight() -> None:
    with pytest.raises(InvalidDistributionError, match="one factor per outcome"):
        reweight(P, [1.0, 2.0])
    with pytest.raises(InvalidDistributionError, match=">= 0"):
        reweight(P, [1, 1, 1, 1, 1, -1])


def test_bad_teacher() -> None:
    with pytest.raises(InvalidDistributionError, match="sum"):
        top_k([0.5, 0.4], 1)


# ----------------------------------------------------------------- the pipeline
def test_filter_stages_on_the_distillation_teacher() -> None:
    stages = filter_stages(DISTILL_TEACHER, DISTILL_FILTERS)
    assert [name for name, _ in stages] == ["teacher", "mask", "temperature", "top-k", "top-p"]
    # recomputed step by step with numpy/scipy, not the module
    soup = DISTILL_TEACHER.tokens.index("soup")
    masked = np.where(np.arange(P.size) == soup, 0.0, P)
    masked /= masked.sum()
    tempered = np.zeros_like(P)
    tempered[masked > 0] = special.softmax(np.log(masked[masked > 0]) / DISTILL_FILTERS.temperature)
    top3 = np.where(np.isin(np.arange(P.size), np.argsort(-tempered)[:3]), tempered, 0.0)
    top3 /= top3.sum()
    expected = [P, masked, tempered, top3]
    for (_, got), want in zip(stages, expected, strict=False):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)
    # after sharpening, coffee and tea alone reach 0.9
    final = filtered_teacher(DISTILL_TEACHER, DISTILL_FILTERS)
    assert top3[0] + top3[1] >= DISTILL_FILTERS.top_p > top3[0]
    np.testing.assert_allclose(final, np.r_[top3[:2], 0, 0, 0, 0] / (top3[0] + top3[1]), rtol=1e-12)
    for _, dist in stages:
        assert dist.sum() == pytest.approx(1.0, abs=1e-12)


def test_no_filter_is_the_teacher_and_unknown_tokens_raise() -> None:
    assert [n for n, _ in filter_stages(DISTILL_TEACHER, TeacherFilter())] == ["teacher"]
    np.testing.assert_allclose(filtered_teacher(DISTILL_TEACHER, TeacherFilter()), P)
    with pytest.raises(InvalidDistributionError, match="'juice' is not one of"):
        token_indices(DISTILL_TEACHER.tokens, ["juice"])


def test_the_distillation_teacher_reads_as_intended() -> None:
    """A clear favourite, a second mode well above the tail, a small tail."""
    order = rank_order(P)
    assert order.tolist() == list(range(P.size))
    assert P[0] > 1.5 * P[1] and P[1] > 3 * P[2] and P[2:].sum() < 0.25
    assert 5 <= P.size <= 8 and sum(DISTILL_TEACHER.probs) == pytest.approx(1.0, abs=1e-12)


def test_filtered_teacher_keeps_forward_kl_finite_and_makes_reverse_infinite() -> None:
    """A softmax student gives every token mass: forward KL to a cut teacher is finite, the
    reverse KL is not (scipy.special.rel_entr, independent of the module)."""
    cut = top_k(P, 3)
    student = special.softmax([1.0, 0.5, 0.0, -0.5, -1.0, -1.5])
    assert np.isfinite(special.rel_entr(cut, student).sum())
    assert special.rel_entr(student, cut).sum() == math.inf
