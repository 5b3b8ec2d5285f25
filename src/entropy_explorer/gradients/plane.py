"""A 2-D slice of a softmax student's logit space (softmax ignores a common shift, so its
gradients are orthogonal to ``(1, ..., 1)``; with three classes two directions span them).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["covariance_in_plane", "plane_basis", "to_plane"]


# --------------------------------------------------------------- a 2-D logit slice
def plane_basis(directions: ArrayLike, *, tol: float = 1e-9) -> NDArray[np.float64]:
    """Orthonormal rows along ``directions``, each orthogonal to ``(1, ..., 1)``.

    Softmax ignores a constant added to every logit, so every gradient of a function of
    ``softmax(logits)`` is orthogonal to ``(1, ..., 1)``; with three classes two such
    directions span all of them. Raises ``ValueError`` when a direction is zero, has a
    component along ``(1, ..., 1)``, or is not orthogonal to another.
    """
    d = np.atleast_2d(np.asarray(directions, dtype=float))
    norms = np.linalg.norm(d, axis=1)
    if d.ndim != 2 or d.shape[1] < 2 or np.any(norms == 0) or not np.all(np.isfinite(d)):
        raise ValueError("directions must be non-zero, finite logit vectors of one length")
    u = d / norms[:, None]
    along_ones = np.abs(u.sum(axis=1)) / np.sqrt(u.shape[1])
    if np.any(along_ones > tol):
        i = int(np.argmax(along_ones))
        raise ValueError(f"direction {i} has a component along (1, ..., 1), which softmax ignores")
    gram = u @ u.T - np.eye(u.shape[0])
    if np.any(np.abs(gram) > tol):
        raise ValueError("the directions are not orthogonal to one another")
    return u


def to_plane(vectors: ArrayLike, basis: ArrayLike, *, tol: float = 1e-9) -> NDArray[np.float64]:
    """Coordinates of logit-space ``vectors`` (one per row, or one vector) on ``basis``.

    ``basis`` comes from :func:`plane_basis`. Raises ``ValueError`` for a vector with a
    component along ``(1, ..., 1)``: it is not a softmax gradient, and the slice would
    silently drop that part.
    """
    v = np.asarray(vectors, dtype=float)
    u = np.asarray(basis, dtype=float)
    if v.shape[-1] != u.shape[-1]:
        raise ValueError(f"vectors have {v.shape[-1]} logits but the basis has {u.shape[-1]}")
    scale = max(1.0, float(np.max(np.abs(v)))) if v.size else 1.0
    if np.any(np.abs(v.sum(axis=-1)) > tol * scale * v.shape[-1]):
        raise ValueError("a vector has a component along (1, ..., 1); it is not a softmax gradient")
    return v @ u.T


def covariance_in_plane(covariance: ArrayLike, basis: ArrayLike) -> NDArray[np.float64]:
    """The covariance of a logit-space estimator, seen in the slice: ``U C U^T``."""
    c = np.asarray(covariance, dtype=float)
    u = np.asarray(basis, dtype=float)
    return u @ c @ u.T
