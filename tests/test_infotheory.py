"""The information-theory core against independent references.

References: scipy.stats.entropy, scipy.special.rel_entr / entr, closed forms, and
identities checked with hypothesis (Gibbs' inequality, H(P,Q) = H(P) + KL(P||Q),
additivity, change of base).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import special, stats

from entropy_explorer.infotheory import (
    SUM_TOLERANCE,
    InvalidDistributionError,
    binary_entropy,
    cross_entropy,
    entropy,
    information,
    kl_divergence,
    softmax,
)

LOG2 = math.log(2)


@st.composite
def distributions(draw: st.DrawFn, size: int | None = None, min_p: float = 0.0) -> np.ndarray:
    n = size if size is not None else draw(st.integers(1, 8))
    w = draw(st.lists(st.floats(0.0, 1.0), min_size=n, max_size=n))
    w = np.asarray(w) + min_p
    assume(w.sum() > 1e-6)
    return w / w.sum()


@st.composite
def pairs(draw: st.DrawFn, min_q: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    n = draw(st.integers(1, 8))
    return draw(distributions(n)), draw(distributions(n, min_p=min_q))


# ------------------------------------------------------------------ information
@pytest.mark.parametrize(
    ("p", "bits"),
    [(1.0, 0.0), (0.5, 1.0), (0.125, 3.0), (1 / 1024, 10.0), (0.25, 2.0)],
)
def test_information_closed_forms(p: float, bits: float) -> None:
    assert information(p) == pytest.approx(bits, abs=1e-12)


def test_information_of_one_in_a_thousand() -> None:
    # log2(1000) = 3 / log10(2)
    assert information(0.001) == pytest.approx(3 / math.log10(2), rel=1e-12)


def test_information_of_impossible_event_is_inf_without_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert information(0) == math.inf
        assert information([0.0, 1.0]).tolist() == [math.inf, 0.0]


def test_information_returns_float_for_scalar_and_array_for_array() -> None:
    assert isinstance(information(0.5), float)
    out = information([0.5, 0.25])
    assert isinstance(out, np.ndarray)
    np.testing.assert_allclose(out, [1.0, 2.0])


def test_information_in_nats_and_other_bases() -> None:
    assert information(math.exp(-1), base=math.e) == pytest.approx(1.0)
    assert information(0.01, base=10) == pytest.approx(2.0)


@given(st.floats(1e-300, 1.0), st.floats(1e-300, 1.0))
def test_information_adds_for_independent_events(p: float, q: float) -> None:
    # a subnormal product has lost digits of p * q itself (2.6e-321 keeps about 3), so the
    # identity can only hold to double precision while p * q is a normal float
    assume(p * q >= 2.2250738585072014e-308)
    assert information(p * q) == pytest.approx(information(p) + information(q), rel=1e-9, abs=1e-9)


@given(st.floats(1e-12, 1.0), st.floats(1e-12, 1.0))
def test_information_is_monotone(p: float, q: float) -> None:
    if p < q:
        assert information(p) >= information(q)


# ---------------------------------------------------------------------- entropy
@given(distributions())
def test_entropy_matches_scipy(p: np.ndarray) -> None:
    assert entropy(p) == pytest.approx(stats.entropy(p, base=2), abs=1e-9)
    assert entropy(p, base=math.e) == pytest.approx(stats.entropy(p), abs=1e-9)


@given(distributions())
def test_entropy_bounds(p: np.ndarray) -> None:
    h = entropy(p)
    assert -1e-12 <= h <= math.log2(len(p)) + 1e-9


@pytest.mark.parametrize("n", [1, 2, 8, 1024])
def test_uniform_entropy_is_log_n(n: int) -> None:
    assert entropy(np.full(n, 1 / n)) == pytest.approx(math.log2(n))


def test_coins() -> None:
    assert entropy([0.5, 0.5]) == pytest.approx(1.0)
    expected = -(0.9 * math.log2(0.9) + 0.1 * math.log2(0.1))
    assert entropy([0.9, 0.1]) == pytest.approx(expected)
    assert entropy([1.0, 0.0]) == 0.0  # 0 log 0 = 0


@given(distributions(), st.sampled_from([2.0, math.e, 10.0, 3.0]))
def test_change_of_base(p: np.ndarray, base: float) -> None:
    assert entropy(p, base=base) == pytest.approx(entropy(p, base=2) * LOG2 / math.log(base), abs=1e-9)


# ---------------------------------------------------------------- binary entropy
@given(st.floats(0.0, 1.0))
def test_binary_entropy_matches_entropy_and_scipy(p: float) -> None:
    assert binary_entropy(p) == pytest.approx(entropy([p, 1 - p]), abs=1e-9)
    ref = (special.entr(p) + special.entr(1 - p)) / LOG2
    assert binary_entropy(p) == pytest.approx(ref, abs=1e-9)


def test_binary_entropy_shape() -> None:
    assert binary_entropy(0.5) == pytest.approx(1.0)
    assert binary_entropy(0.0) == 0.0 and binary_entropy(1.0) == 0.0
    grid = np.linspace(0, 1, 101)
    h = binary_entropy(grid)
    assert int(np.argmax(h)) == 50
    np.testing.assert_allclose(h, h[::-1], atol=1e-12)  # symmetric about 1/2


# ----------------------------------------------------------- cross-entropy and KL
@given(pairs(min_q=1e-3))
def test_kl_matches_scipy(pq: tuple[np.ndarray, np.ndarray]) -> None:
    p, q = pq
    assert kl_divergence(p, q) == pytest.approx(stats.entropy(p, q, base=2), abs=1e-9)
    assert kl_divergence(p, q, base=math.e) == pytest.approx(float(special.rel_entr(p, q).sum()), abs=1e-9)


@given(pairs(min_q=1e-3))
def test_cross_entropy_decomposes(pq: tuple[np.ndarray, np.ndarray]) -> None:
    p, q = pq
    assert cross_entropy(p, q) == pytest.approx(entropy(p) + kl_divergence(p, q), abs=1e-9)


@given(pairs(min_q=1e-3))
def test_gibbs_inequality(pq: tuple[np.ndarray, np.ndarray]) -> None:
    p, q = pq
    assert kl_divergence(p, q) >= 0
    assert cross_entropy(p, q) >= entropy(p) - 1e-12


@given(distributions())
def test_kl_is_zero_iff_equal(p: np.ndarray) -> None:
    assert kl_divergence(p, p) == pytest.approx(0.0, abs=1e-12)
    assert cross_entropy(p, p) == pytest.approx(entropy(p), abs=1e-12)


@settings(max_examples=50)
@given(pairs(min_q=1e-3))
def test_kl_positive_when_different(pq: tuple[np.ndarray, np.ndarray]) -> None:
    p, q = pq
    assume(np.abs(p - q).max() > 1e-3)
    assert kl_divergence(p, q) > 0


def test_kl_is_asymmetric() -> None:
    p, q = [0.5, 0.4, 0.1], [0.9, 0.05, 0.05]
    forward, reverse = kl_divergence(p, q), kl_divergence(q, p)
    assert forward == pytest.approx(stats.entropy(p, q, base=2))
    assert reverse == pytest.approx(stats.entropy(q, p, base=2))
    assert abs(forward - reverse) > 0.1


def test_movie_review_values_against_closed_form() -> None:
    p, q = [0.5, 0.4, 0.1], [0.9, 0.05, 0.05]
    h = -sum(x * math.log2(x) for x in p)
    hpq = -sum(x * math.log2(y) for x, y in zip(p, q, strict=True))
    assert entropy(p) == pytest.approx(h)
    assert cross_entropy(p, q) == pytest.approx(hpq)


def test_support_mismatch_is_inf_without_warning_or_nan() -> None:
    p, q = [0.49, 0.49, 0.02], [0.98, 0.02, 0.0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert kl_divergence(p, q) == math.inf
        assert cross_entropy(p, q) == math.inf
        # reverse direction: Q(C) = 0 contributes 0 (0 log 0 = 0), finite
        rev = kl_divergence(q, p)
    assert math.isfinite(rev)
    assert rev == pytest.approx(float(special.rel_entr(q, p).sum()) / LOG2)


# -------------------------------------------------------------------- softmax
@given(st.lists(st.floats(-50, 50), min_size=1, max_size=10), st.floats(0.1, 10))
def test_softmax_is_a_distribution_and_matches_scipy(z: list[float], t: float) -> None:
    s = softmax(z, temperature=t)
    assert s.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(s, special.softmax(np.asarray(z) / t), rtol=1e-9, atol=1e-15)


# ----------------------------------------------------------------- bad input
BAD_DISTRIBUTIONS = [
    ([0.5, -0.1, 0.6], "negative"),
    ([0.5, float("nan"), 0.5], "NaN"),
    ([0.5, 0.4], "sum"),
    ([], "empty"),
    ([[0.5, 0.5]], "1-D"),
    (["a", "b"], "numeric"),
    ([0.5, float("inf")], "greater than 1"),
]


@pytest.mark.parametrize(("bad", "words"), BAD_DISTRIBUTIONS)
def test_bad_distributions_raise_clear_errors(bad: list, words: str) -> None:
    for call in (lambda: entropy(bad), lambda: cross_entropy(bad, bad), lambda: kl_divergence(bad, bad)):
        with pytest.raises(InvalidDistributionError, match=words):
            call()


def test_sum_tolerance_is_documented_and_applied() -> None:
    ok = [0.5, 0.5 + SUM_TOLERANCE / 2]
    assert entropy(ok) == pytest.approx(1.0, abs=1e-5)
    with pytest.raises(InvalidDistributionError, match="sum"):
        entropy([0.5, 0.5 + SUM_TOLERANCE * 10])


def test_length_mismatch() -> None:
    with pytest.raises(InvalidDistributionError, match="same length"):
        kl_divergence([0.5, 0.5], [0.2, 0.3, 0.5])
    with pytest.raises(InvalidDistributionError, match="same length"):
        cross_entropy([1.0], [0.5, 0.5])


@pytest.mark.parametrize("base", [0, -2, 1, float("nan"), float("inf"), "two"])
def test_bad_base(base: object) -> None:
    for call in (
        lambda: information(0.5, base=base),
        lambda: entropy([0.5, 0.5], base=base),
        lambda: cross_entropy([0.5, 0.5], [0.5, 0.5], base=base),
        lambda: kl_divergence([0.5, 0.5], [0.5, 0.5], base=base),
        lambda: binary_entropy(0.5, base=base),
    ):
        with pytest.raises(InvalidDistributionError, match="base"):
            call()


@pytest.mark.parametrize("bad", [-0.1, 1.5, float("nan"), [0.5, -1.0]])
def test_bad_probabilities_for_information_and_binary_entropy(bad: object) -> None:
    with pytest.raises(InvalidDistributionError):
        information(bad)
    with pytest.raises(InvalidDistributionError):
        binary_entropy(bad)


def test_error_is_a_value_error() -> None:
    assert issubclass(InvalidDistributionError, ValueError)
    with pytest.raises(ValueError):
        softmax([])
    with pytest.raises(ValueError, match="temperature"):
        softmax([1.0, 2.0], temperature=0)
