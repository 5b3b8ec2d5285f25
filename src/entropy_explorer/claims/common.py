"""The article's examples as the claims use them, and small helpers several experiments share."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from entropy_explorer import gradients
from entropy_explorer.examples import (
    LOGIT_DESCENT,
    MOVIE_REVIEW_P,
    MOVIE_REVIEW_Q,
    WORKED_EXAMPLE_P,
    WORKED_EXAMPLE_Q,
    WORKED_EXAMPLE_TASK_KEEP,
    Categorical,
)
from entropy_explorer.infotheory import (
    cross_entropy_terms,
)

__all__ = ["C", "LD", "P_MOVIE", "P_TASK_KEEP", "P_WORKED", "Q_MOVIE", "Q_WORKED",
           "kl_terms_bits", "outcome_index", "probs_of", "standin_probs", "student_grid",
           "teacher_probs"]


# --------------------------------------------------------------------- helpers
def probs_of(c: object) -> np.ndarray:
    return np.asarray(c.probs, dtype=float)  # type: ignore[attr-defined]


def outcome_index(c: object, name: str) -> int:
    return list(c.outcomes).index(name)  # type: ignore[attr-defined]


def kl_terms_bits(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Per-outcome terms ``P(x) log2(P(x)/Q(x))`` of ``D(P||Q)`` (H(P,Q) terms minus H(P) terms)."""
    with np.errstate(invalid="ignore"):
        return cross_entropy_terms(p, q) - cross_entropy_terms(p, p)



P_MOVIE, Q_MOVIE = probs_of(MOVIE_REVIEW_P), probs_of(MOVIE_REVIEW_Q)
P_WORKED, Q_WORKED = probs_of(WORKED_EXAMPLE_P), probs_of(WORKED_EXAMPLE_Q)
C = outcome_index(WORKED_EXAMPLE_P, "C")


# --------------------------------------------------------------- shared data
LD = LOGIT_DESCENT
P_TASK_KEEP = WORKED_EXAMPLE_TASK_KEEP


def teacher_probs(teachers: Sequence[Categorical]) -> list[tuple[float, ...]]:
    return [tuple(float(x) for x in t.probs) for t in teachers]


def student_grid(k: int) -> np.ndarray:
    return gradients.logit_grid(k, LD.grid_span, LD.grid_step)


def standin_probs(q: Sequence[float], index: int, eps: float) -> np.ndarray:
    """Probabilities ``q`` with outcome ``index`` set to ``eps`` and the rest renormalised."""
    out = np.asarray(q, dtype=float).copy()
    out[index] = 0.0
    out = out / out.sum() * (1.0 - eps)
    out[index] = eps
    return out
