"""Forward- and reverse-KL gradients of a softmax student, exact, in several coordinates.

The teacher ``P`` is a categorical distribution; the student is ``Q_theta =
softmax(theta)``. In nats. For a softmax ``grad_theta log Q(x) = e_x - Q``. Besides the
logit gradients: the KLs differentiated with respect to the probabilities themselves
(:func:`probability_gradient`), the logit gradient at probabilities with zeros
(:func:`logit_gradient`), and central finite differences as an independent check.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from entropy_explorer.infotheory import InvalidDistributionError, as_distribution, softmax

__all__ = ["Direction", "central_difference", "exact_gradient", "forward_gradient",
           "forward_kl_nats", "grad_log_q", "log_softmax", "logit_gradient",
           "probability_gradient", "reverse_gradient", "reverse_kl_nats", "stand_in_logits",
           "student_probs", "teacher_probs"]

Direction = Literal["forward", "reverse"]


def teacher_probs(p: ArrayLike, *, strictly_positive: bool) -> NDArray[np.float64]:
    pa = as_distribution(p, "p")
    if strictly_positive and (pa <= 0).any():
        raise InvalidDistributionError(
            "reverse KL against a softmax student needs P(x) > 0 everywhere "
            "(the student gives every outcome some mass, so D(Q||P) would be infinite)"
        )
    return pa


def student_probs(p: NDArray[np.float64], logits: ArrayLike) -> NDArray[np.float64]:
    q = softmax(logits)
    if q.shape != p.shape:
        raise InvalidDistributionError(
            f"teacher has {p.shape[0]} outcomes but the student has {q.shape[0]} logits"
        )
    return q


def log_softmax(logits: ArrayLike) -> NDArray[np.float64]:
    z = np.asarray(logits, dtype=float)
    z = z - z.max()
    return z - np.log(np.sum(np.exp(z)))


def grad_log_q(logits: ArrayLike) -> NDArray[np.float64]:
    """``grad_theta log Q(x)`` for every outcome ``x``: row ``x`` is ``e_x - Q``."""
    q = softmax(logits)
    return np.eye(q.size) - q


def forward_kl_nats(p: ArrayLike, logits: ArrayLike) -> float:
    """``D(P || softmax(logits))`` in nats."""
    pa = teacher_probs(p, strictly_positive=False)
    logq = log_softmax(logits)
    student_probs(pa, logits)
    mask = pa > 0
    return float(np.sum(pa[mask] * (np.log(pa[mask]) - logq[mask])))


def reverse_kl_nats(p: ArrayLike, logits: ArrayLike) -> float:
    """``D(softmax(logits) || P)`` in nats (``P`` must be positive everywhere)."""
    pa = teacher_probs(p, strictly_positive=True)
    q = student_probs(pa, logits)
    logq = log_softmax(logits)
    return float(np.sum(q * (logq - np.log(pa))))


def forward_gradient(p: ArrayLike, logits: ArrayLike) -> NDArray[np.float64]:
    """Exact ``grad_theta D(P || Q_theta) = -E_P[e_x - Q] = Q - P``."""
    pa = teacher_probs(p, strictly_positive=False)
    q = student_probs(pa, logits)
    return q - pa


def reverse_gradient(p: ArrayLike, logits: ArrayLike) -> NDArray[np.float64]:
    """Exact ``grad_theta D(Q_theta || P) = E_Q[(log Q - log P)(e_x - Q)]``."""
    pa = teacher_probs(p, strictly_positive=True)
    q = student_probs(pa, logits)
    d = log_softmax(logits) - np.log(pa)
    return q * d - q * float(np.dot(q, d))


def exact_gradient(direction: Direction, p: ArrayLike, logits: ArrayLike) -> NDArray[np.float64]:
    """``forward_gradient`` or ``reverse_gradient`` by name."""
    if direction == "forward":
        return forward_gradient(p, logits)
    if direction == "reverse":
        return reverse_gradient(p, logits)
    raise ValueError(f"direction must be 'forward' or 'reverse', got {direction!r}")



# ------------------------------------------------------------ other coordinates
def probability_gradient(direction: Direction, p: ArrayLike, q: ArrayLike) -> NDArray[np.float64]:
    """The KL differentiated with respect to the probabilities ``Q(x)`` themselves.

    Each ``Q(x)`` is treated as its own parameter (no softmax): forward
    ``d D(P||Q) / d Q(x) = -P(x) / Q(x)`` (``-inf`` where ``Q(x) = 0 < P(x)``, ``0`` where
    ``P(x) = 0``); reverse ``d D(Q||P) / d Q(x) = log(Q(x) / P(x)) + 1`` (``-inf`` where
    ``Q(x) = 0``; ``P`` must be positive). In nats.
    """
    pa = as_distribution(p, "p")
    qa = as_distribution(q, "q")
    if pa.shape != qa.shape:
        raise InvalidDistributionError(f"p has {pa.size} outcomes but q has {qa.size}")
    out = np.zeros_like(pa)
    if direction == "forward":
        mask = pa > 0
        with np.errstate(divide="ignore"):
            out[mask] = -pa[mask] / qa[mask]
        return out
    if direction == "reverse":
        teacher_probs(pa, strictly_positive=True)
        with np.errstate(divide="ignore"):
            return np.log(qa) - np.log(pa) + 1.0
    raise ValueError(f"direction must be 'forward' or 'reverse', got {direction!r}")


def logit_gradient(direction: Direction, p: ArrayLike, q: ArrayLike) -> NDArray[np.float64]:
    """The gradient on a softmax student's logits, evaluated at probabilities ``q``.

    The same as :func:`forward_gradient` / :func:`reverse_gradient` at ``logits = log q``,
    but ``q`` may have zeros (their limit as a logit goes to minus infinity): forward gives
    ``Q - P``; reverse gives ``Q(x) (d(x) - E_Q[d])`` with ``d = log Q - log P`` and
    ``0 log 0 = 0``, so an outcome with ``Q(x) = 0`` gets exactly 0.
    """
    pa = as_distribution(p, "p")
    qa = as_distribution(q, "q")
    if pa.shape != qa.shape:
        raise InvalidDistributionError(f"p has {pa.size} outcomes but q has {qa.size}")
    if direction == "forward":
        return qa - pa
    if direction == "reverse":
        teacher_probs(pa, strictly_positive=True)
        d = np.zeros_like(qa)
        mask = qa > 0
        d[mask] = np.log(qa[mask]) - np.log(pa[mask])
        return qa * d - qa * float(np.dot(qa, d))
    raise ValueError(f"direction must be 'forward' or 'reverse', got {direction!r}")


# ---------------------------------------------------------- variance, baselines
def stand_in_logits(q: ArrayLike, zero_standin: float) -> NDArray[np.float64]:
    """Logits of a softmax student close to ``q``, which may have zeros.

    Every zero becomes ``zero_standin`` and the logits are the logs, so
    ``softmax(stand_in_logits(q, e))`` is ``q`` with its zeros raised to ``e``, divided by
    ``1 + (number of zeros) * e``.
    """
    qa = as_distribution(q, "q")
    e = float(zero_standin)
    if not 0 < e < 1:
        raise InvalidDistributionError(f"zero_standin must be between 0 and 1, got {zero_standin!r}")
    return np.log(np.where(qa > 0, qa, e))



def central_difference(f: Callable[[NDArray[np.float64]], float], x: ArrayLike,
                       h: float = 1e-5) -> NDArray[np.float64]:
    """Central finite differences ``(f(x + h e_i) - f(x - h e_i)) / 2h`` of ``f`` at ``x``.

    An independent check of an exact gradient (``central_difference(lambda z:
    reverse_kl_nats(p, z), logits)``); its error is ``O(h^2)`` plus rounding ``O(eps / h)``.
    """
    x0 = np.asarray(x, dtype=float)
    g = np.empty_like(x0)
    for i in range(x0.size):
        e = np.zeros_like(x0)
        e.flat[i] = h
        g.flat[i] = (f(x0 + e) - f(x0 - e)) / (2 * h)
    return g
