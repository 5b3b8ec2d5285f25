"""A numeric claim of the article and its recomputed result (the first table of the audit)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from entropy_explorer.claims.article import line_of
from entropy_explorer.sections import SECTIONS

__all__ = ["CERTAIN", "EXACT_TOLERANCE", "Claim", "ClaimResult", "show_value"]

#: A certain event has probability 1 (the definition, not an example value).
CERTAIN = 1.0

#: Tolerance for claims the article states as exact.
EXACT_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Claim:
    """One numeric claim of the article.

    Parameters
    ----------
    id
        Stable key, e.g. ``movie.cross_entropy`` (scenes use the same keys in the manifest).
    section
        Article section number (see :mod:`entropy_explorer.sections`).
    quote
        Exact text from the article where the value is stated (locates the line).
    description
        What is claimed, in words.
    stated
        The value as written: ``"2.18"``, ``"0"``, ``"inf"`` (for ∞).
    approx
        True when the article rounds (``≈``); the value then agrees to its decimals.
    compute
        Recomputes the value with the math module.
    how
        The recomputation, as code a reader can run.
    reference
        For identities: the article's formula, evaluated; compared with ``compute``
        instead of ``stated``.
    unit
        ``bits`` (default) or another manifest unit.
    tolerance
        For values found by numerical optimisation or finite differences: agreement
        within this absolute tolerance (instead of exact / stated decimals).
    """

    id: str
    section: int
    quote: str
    description: str
    stated: str
    compute: Callable[[], float] = field(compare=False)
    how: str
    approx: bool = False
    reference: Callable[[], float] | None = field(default=None, compare=False)
    unit: str = "bits"
    tolerance: float | None = None

    @property
    def heading(self) -> str:
        """The article section's title."""
        return SECTIONS[self.section - 1].title

    @property
    def stated_value(self) -> float:
        """The article's value as a float (``inf`` for ∞); for identities, the formula's."""
        if self.reference is not None:
            return float(self.reference())
        s = self.stated.strip()
        if s in ("inf", "∞", r"\infty"):
            return math.inf
        return float(s)

    @property
    def decimals(self) -> int | None:
        """Decimal places the article states (None when it claims an exact value)."""
        if not self.approx or self.reference is not None:
            return None
        s = self.stated.strip()
        return len(s.split(".", 1)[1]) if "." in s else 0

    @property
    def line(self) -> int:
        """1-based line of the article where the quote starts (0 if not found)."""
        return line_of(self.quote)

    def check(self) -> ClaimResult:
        """Recompute and compare with the article."""
        computed = float(self.compute())
        stated = self.stated_value
        if math.isinf(stated) or math.isinf(computed) or math.isnan(computed):
            agrees = stated == computed
        elif self.tolerance is not None:
            agrees = abs(computed - stated) <= self.tolerance
        elif self.decimals is None:
            agrees = abs(computed - stated) <= EXACT_TOLERANCE * max(1.0, abs(stated))
        else:
            agrees = abs(computed - stated) <= 0.5 * 10.0 ** -self.decimals + 1e-12
        return ClaimResult(self, computed, stated, agrees)


@dataclass(frozen=True)
class ClaimResult:
    """A claim with its recomputed value and the verdict."""

    claim: Claim
    computed: float
    stated: float
    agrees: bool

    @property
    def verdict(self) -> str:
        c = self.claim
        if self.agrees:
            if c.reference is not None:
                return "agrees (identity holds)"
            if c.tolerance is not None:
                return f"agrees within {c.tolerance:g}"
            if c.decimals is None:
                return "agrees (exactly)"
            if c.decimals == 0:
                return "agrees to the nearest whole number"
            return f"agrees to {c.decimals} decimal{'s' if c.decimals != 1 else ''}"
        return "DIFFERS"

    def computed_text(self) -> str:
        """The recomputed value, two decimals finer than the article states it."""
        return show_value(self.computed, self.claim.decimals)

    def stated_text(self) -> str:
        c = self.claim
        if c.reference is not None:
            return f"{c.stated} = {show_value(self.stated, None)}"
        value = "∞" if math.isinf(self.stated) else c.stated
        return f"≈ {value}" if c.approx else value


def show_value(value: float, decimals: int | None) -> str:
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if decimals is None:
        if value != 0 and abs(value) < 1e-6:
            return f"{value:.1e}"
        text = f"{value:.6f}".rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
    return f"{value:.{decimals + 2}f}"
