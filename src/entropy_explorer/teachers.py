"""Task-conditioned teachers: filters that reshape a categorical teacher before distillation.

Pure numpy: this module never imports manim. The article's section "We only want
task-relevant modes" suggests filtering or reweighting the teacher ``P`` and still
minimising the forward KL ``D(P_task || Q)``; these are the filters, each a function from a
distribution to a distribution.

Conventions
-----------
* Input and output are discrete distributions as in :mod:`entropy_explorer.infotheory`
  (validated by :func:`~entropy_explorer.infotheory.as_distribution`; bad input raises
  :class:`~entropy_explorer.infotheory.InvalidDistributionError` saying what is wrong).
  The input is renormalised to sum to exactly 1 first; every output sums to 1.
* Outcomes of probability 0 stay at 0 under every filter (a logit of ``-inf`` stays
  ``-inf``). Filters that cut outcomes (top-k, top-p, masking) set them to exactly 0, so
  ``D(P_task || Q)`` stays finite for any student with ``Q > 0``, while the reverse KL
  ``D(Q || P_task)`` of a softmax student becomes infinite.
* Ties are broken by position: among equal probabilities the earlier outcome ranks first.
* :func:`filter_stages` applies masking, then temperature, then top-k, then top-p (the
  order is stated because it matters: top-p after a sharpening temperature keeps fewer
  outcomes).

Why a module of its own: :mod:`~entropy_explorer.infotheory` measures distributions
(entropy, cross-entropy, KL); these transform them, for the distillation scenes only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from entropy_explorer.examples import NextTokenTeacher, TeacherFilter
from entropy_explorer.infotheory import InvalidDistributionError, as_distribution

__all__ = [
    "TOP_P_TOLERANCE",
    "filter_stages",
    "filtered_teacher",
    "mask",
    "rank_order",
    "reweight",
    "temperature_scale",
    "token_indices",
    "top_k",
    "top_p",
]

#: top-p counts a prefix as reaching ``p`` when its mass is within this of ``p`` (so 0.5 +
#: 0.4 reaches 0.9 despite floating-point round-off).
TOP_P_TOLERANCE = 1e-12


def _normalised(p: ArrayLike, name: str = "p") -> NDArray[np.float64]:
    arr = as_distribution(p, name)
    return arr / arr.sum()


def rank_order(p: ArrayLike) -> NDArray[np.int64]:
    """Outcome indices from most to least probable; ties keep their original order."""
    arr = _normalised(p)
    return np.argsort(-arr, kind="stable")


def temperature_scale(p: ArrayLike, temperature: float) -> NDArray[np.float64]:
    """``softmax(log P / T)``: ``P(x)^(1/T)`` renormalised.

    ``T = 1`` returns ``P``; ``T < 1`` sharpens towards the most probable outcome(s) (one-hot
    as ``T -> 0``, ties sharing equally); ``T > 1`` flattens towards uniform over the outcomes
    ``P`` supports (``T -> inf``). Computed in log space, stable for any positive finite
    ``T``.

    Raises
    ------
    InvalidDistributionError
        If ``p`` is not a distribution or ``temperature`` is not a positive finite number.
    """
    arr = _normalised(p)
    try:
        t = float(temperature)
    except (TypeError, ValueError) as exc:
        raise InvalidDistributionError(f"temperature must be a number, got {temperature!r}") from exc
    if not math.isfinite(t) or t <= 0:
        raise InvalidDistributionError(
            f"temperature must be a positive finite number, got {temperature!r}"
        )
    support = arr > 0
    log_p = np.log(arr[support])
    z = (log_p - log_p.max()) / t
    out = np.zeros_like(arr)
    e = np.exp(z)
    out[support] = e / e.sum()
    return out


def _keep(arr: NDArray[np.float64], keep: NDArray[np.bool_]) -> NDArray[np.float64]:
    out = np.where(keep, arr, 0.0)
    total = out.sum()
    if total <= 0:
        raise InvalidDistributionError("the filter removes all the probability mass")
    return out / total


def top_k(p: ArrayLike, k: int) -> NDArray[np.float64]:
    """Keep the ``k`` most probable outcomes (ties: earlier first), renormalised.

    Raises
    ------
    InvalidDistributionError
        If ``k`` is not an integer from 1 to the number of outcomes.
    """
    arr = _normalised(p)
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise InvalidDistributionError(f"k must be an integer, got {k!r}")
    if not 1 <= k <= arr.size:
        raise InvalidDistributionError(f"k must be between 1 and {arr.size} (the number of outcomes), got {k}")
    keep = np.zeros(arr.size, dtype=bool)
    keep[rank_order(arr)[:k]] = True
    return _keep(arr, keep)


def top_p(p: ArrayLike, mass: float) -> NDArray[np.float64]:
    """Nucleus filter: keep the smallest most-probable-first prefix whose mass reaches ``mass``.

    ``mass = 1`` keeps every outcome of positive probability.

    Raises
    ------
    InvalidDistributionError
        If ``mass`` is not in ``(0, 1]``.
    """
    arr = _normalised(p)
    try:
        m = float(mass)
    except (TypeError, ValueError) as exc:
        raise InvalidDistributionError(f"top-p mass must be a number in (0, 1], got {mass!r}") from exc
    if not 0 < m <= 1:
        raise InvalidDistributionError(f"top-p mass must be in (0, 1], got {mass!r}")
    order = rank_order(arr)
    cumulative = np.cumsum(arr[order])
    reached = np.flatnonzero(cumulative >= m - TOP_P_TOLERANCE)
    count = int(reached[0]) + 1 if reached.size else arr.size
    keep = np.zeros(arr.size, dtype=bool)
    keep[order[:count]] = True
    return _keep(arr, keep)


def reweight(p: ArrayLike, factors: ArrayLike) -> NDArray[np.float64]:
    """``P(x) * factor(x)``, renormalised (factor 0 masks an outcome, < 1 down-weights it).

    Raises
    ------
    InvalidDistributionError
        If ``factors`` has the wrong length or a negative or non-finite entry, or if it
        removes all of ``P``'s mass.
    """
    arr = _normalised(p)
    f = np.asarray(factors, dtype=float)
    if f.shape != arr.shape:
        raise InvalidDistributionError(
            f"need one factor per outcome ({arr.size}), got shape {f.shape}"
        )
    if not np.isfinite(f).all() or (f < 0).any():
        raise InvalidDistributionError(f"factors must be finite and >= 0, got {f.tolist()}")
    out = arr * f
    if out.sum() <= 0:
        raise InvalidDistributionError("the weights remove all the probability mass (every "
                                       "outcome with P > 0 is masked)")
    return out / out.sum()


def mask(p: ArrayLike, indices: Sequence[int], factor: float = 0.0) -> NDArray[np.float64]:
    """Multiply the chosen outcomes by ``factor`` (0: masked out) and renormalise.

    Raises
    ------
    InvalidDistributionError
        If an index is out of range, ``factor`` is not in ``[0, 1]``, or nothing is left.
    """
    arr = _normalised(p)
    f = float(factor)
    if not 0 <= f <= 1:
        raise InvalidDistributionError(f"mask factor must be in [0, 1], got {factor!r}")
    factors = np.ones(arr.size)
    for i in indices:
        if isinstance(i, bool) or not isinstance(i, (int, np.integer)) or not 0 <= i < arr.size:
            raise InvalidDistributionError(
                f"mask index {i!r} is not an outcome index (0 to {arr.size - 1})"
            )
        factors[i] = f
    return reweight(arr, factors)


def token_indices(tokens: Sequence[str], chosen: Sequence[str]) -> tuple[int, ...]:
    """Positions of ``chosen`` tokens in ``tokens``; an unknown token raises."""
    out = []
    for word in chosen:
        if word not in tokens:
            raise InvalidDistributionError(f"token {word!r} is not one of {list(tokens)}")
        out.append(tokens.index(word))
    return tuple(out)


def filter_stages(teacher: NextTokenTeacher,
                  settings: TeacherFilter) -> tuple[tuple[str, NDArray[np.float64]], ...]:
    """The teacher after each filter in turn: ``(stage, distribution)`` pairs.

    Stages, each applied to the previous one's output and present only if ``settings``
    asks for it: ``"teacher"`` (the input), ``"mask"``, ``"temperature"``, ``"top-k"``,
    ``"top-p"``. The last entry is the task-conditioned teacher.
    """
    p = _normalised(teacher.probs, "teacher")
    stages: list[tuple[str, NDArray[np.float64]]] = [("teacher", p)]
    if settings.masked:
        p = mask(p, token_indices(teacher.tokens, settings.masked), settings.mask_factor)
        stages.append(("mask", p))
    if settings.temperature != 1.0:
        p = temperature_scale(p, settings.temperature)
        stages.append(("temperature", p))
    if settings.top_k is not None:
        p = top_k(p, settings.top_k)
        stages.append(("top-k", p))
    if settings.top_p is not None:
        p = top_p(p, settings.top_p)
        stages.append(("top-p", p))
    return tuple(stages)


def filtered_teacher(teacher: NextTokenTeacher, settings: TeacherFilter) -> NDArray[np.float64]:
    """The task-conditioned teacher: the last of :func:`filter_stages`."""
    return filter_stages(teacher, settings)[-1][1]
