"""Per-outcome cross-entropy terms, pinned to scipy and closed forms."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.special import rel_entr
from scipy.stats import entropy as scipy_entropy

from entropy_explorer.infotheory import cross_entropy_terms


def _dist(n: int) -> st.SearchStrategy[np.ndarray]:
    weights = st.lists(st.floats(0.0, 1.0), min_size=n, max_size=n).filter(lambda w: sum(w) > 1e-3)
    return weights.map(lambda w: np.asarray(w) / np.sum(w))


@given(st.integers(2, 6).flatmap(lambda n: st.tuples(_dist(n), _dist(n))))
def test_terms_sum_to_scipy_cross_entropy(pq: tuple[np.ndarray, np.ndarray]) -> None:
    p, q = pq
    terms = cross_entropy_terms(p, q)
    if np.any((p > 0) & (q == 0)):
        assert math.isinf(terms.sum())
        return
    # H(P, Q) = H(P) + D(P||Q), both from scipy, in bits.
    expected = scipy_entropy(p, base=2) + np.sum(rel_entr(p, q)) / math.log(2)
    assert terms.sum() == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_entropy_terms_of_the_biased_coin_are_closed_form() -> None:
    terms = cross_entropy_terms([0.9, 0.1], [0.9, 0.1])
    assert terms[0] == pytest.approx(-0.9 * math.log2(0.9))
    assert terms[1] == pytest.approx(-0.1 * math.log2(0.1))


def test_zero_p_contributes_nothing_and_zero_q_is_infinite() -> None:
    terms = cross_entropy_terms([0.5, 0.5, 0.0], [0.5, 0.0, 0.5])
    assert terms[0] == pytest.approx(0.5)
    assert math.isinf(terms[1]) and terms[1] > 0
    assert terms[2] == 0.0
    assert not np.isnan(terms).any()


def test_nats() -> None:
    terms = cross_entropy_terms([0.25, 0.75], [0.5, 0.5], base=math.e)
    assert terms == pytest.approx([0.25 * math.log(2), 0.75 * math.log(2)])
