"""Per-outcome KL terms, pinned to scipy.special.rel_entr and closed forms."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.special import rel_entr
from scipy.stats import entropy as scipy_entropy

from entropy_explorer.examples import WORKED_EXAMPLE_P, WORKED_EXAMPLE_Q
from entropy_explorer.infotheory import InvalidDistributionError, kl_divergence, kl_terms


def _dist(n: int) -> st.SearchStrategy[np.ndarray]:
    weights = st.lists(st.floats(0.0, 1.0), min_size=n, max_size=n).filter(lambda w: sum(w) > 1e-3)
    return weights.map(lambda w: np.asarray(w) / np.sum(w))


@given(st.integers(1, 6).flatmap(lambda n: st.tuples(_dist(n), _dist(n))))
def test_terms_are_scipy_rel_entr_in_bits(pq: tuple[np.ndarray, np.ndarray]) -> None:
    p, q = pq
    expected = rel_entr(p, q) / math.log(2)
    terms = kl_terms(p, q)
    assert not np.isnan(terms).any()
    assert np.array_equal(np.isinf(terms), np.isinf(expected))
    finite = np.isfinite(expected)
    assert terms[finite] == pytest.approx(expected[finite], rel=1e-12, abs=1e-15)
    if finite.all():
        # they add up to scipy's KL (and to ours)
        assert terms.sum() == pytest.approx(scipy_entropy(p, q, base=2), abs=1e-9)
        assert max(terms.sum(), 0.0) == pytest.approx(kl_divergence(p, q), abs=1e-12)
    else:
        assert math.isinf(kl_divergence(p, q))


def test_worked_example_terms_closed_form() -> None:
    p, q = np.array(WORKED_EXAMPLE_P.probs), np.array(WORKED_EXAMPLE_Q.probs)
    fwd = kl_terms(p, q, base=math.e)
    assert fwd[0] == pytest.approx(0.49 * math.log(0.49 / 0.98))
    assert fwd[1] == pytest.approx(0.49 * math.log(0.49 / 0.02))
    assert math.isinf(fwd[2]) and fwd[2] > 0
    rev = kl_terms(q, p, base=math.e)
    assert rev[0] == pytest.approx(0.98 * math.log(2))
    assert rev[1] == pytest.approx(0.02 * math.log(0.02 / 0.49))
    assert rev[2] == 0.0  # 0 log 0 = 0: C contributes nothing
    assert rev.sum() == pytest.approx(kl_divergence(q, p, base=math.e))


def test_base_and_bad_input() -> None:
    p, q = [0.25, 0.75], [0.5, 0.5]
    assert kl_terms(p, q, base=math.e) == pytest.approx(kl_terms(p, q) * math.log(2))
    with pytest.raises(InvalidDistributionError, match="same length"):
        kl_terms([0.5, 0.5], [1.0])
    with pytest.raises(InvalidDistributionError, match="base"):
        kl_terms(p, q, base=1)
