"""The verdict types of the qualitative audit: figures, evidence, claims and assessments."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from entropy_explorer.claims.article import line_of
from entropy_explorer.numbers import UNITS
from entropy_explorer.sections import SECTIONS

__all__ = ["AGREES", "CONDITIONAL", "DIFFERS", "VERDICTS", "Assessment", "Evidence", "Figure",
           "Findings", "QualitativeClaim", "combine_verdicts", "fmt_pct", "fmt_sig",
           "make_evidence", "verdict_of", "worded"]

# =========================================================== qualitative claims
#
# The article's comparative and qualitative statements (sections 10 to 20): a gradient
# "blows up", an estimator is "low-variance", a method is "stable", "mode-covering", has
# "no blind spots". Each :class:`QualitativeClaim` states the rule its verdict is read off
# (written before the figures were looked at) and an evaluation that computes the figures
# on the article's own examples and applies the rule: *agrees*, *differs*, or *holds only
# under a condition* (the condition named). The thresholds a rule needs are the constants
# below, each with its reading of the article's word.

AGREES = "agrees"
CONDITIONAL = "holds only under a condition"
DIFFERS = "differs"
#: The three verdicts, best first.
VERDICTS: tuple[str, ...] = (AGREES, CONDITIONAL, DIFFERS)



@dataclass(frozen=True)
class Figure:
    """One computed number behind a verdict.

    ``unit`` is a numbers-manifest unit (``nats``, ``bits``, ``probability``, ``count``,
    ``ratio`` for shares and ratios, ``value`` otherwise), so a scene can show it with
    ``self.fmt(key, figure.value, figure.unit)``.
    """

    name: str
    value: float
    unit: str
    what: str

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"figure {self.name}: unknown unit {self.unit!r}; use one of {UNITS}")
        if math.isnan(self.value):
            raise ValueError(f"figure {self.name} is NaN")

    def text(self) -> str:
        """Three significant digits (∞ for infinity), with the unit for bits and nats."""
        unit = f" {self.unit}" if self.unit in ("bits", "nats") else ""
        return fmt_sig(self.value) + unit


def fmt_sig(value: float) -> str:
    """Three significant digits; ∞ for infinity."""
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.3g}"


def fmt_pct(share: float) -> str:
    return f"{100 * share:.0f}%"


@dataclass(frozen=True)
class Evidence:
    """What an evaluation computed and the verdict its rule gives.

    ``decided_by`` names the figures the verdict was read off; ``condition`` is set exactly
    when the verdict is :data:`CONDITIONAL`.
    """

    verdict: str
    finding: str
    figures: tuple[Figure, ...]
    decided_by: tuple[str, ...]
    condition: str = ""

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}, got {self.verdict!r}")
        if (self.verdict == CONDITIONAL) != bool(self.condition):
            raise ValueError("a condition is named exactly when the claim holds only under one")
        names = [f.name for f in self.figures]
        if len(set(names)) != len(names):
            raise ValueError(f"figure names repeat: {names}")
        missing = set(self.decided_by) - set(names)
        if missing or not self.decided_by:
            raise ValueError(f"decided_by must name figures of this evidence: {sorted(missing)}")


@dataclass(frozen=True)
class QualitativeClaim:
    """One comparative or qualitative statement of the article, audited by computation.

    Parameters
    ----------
    id
        Stable key, e.g. ``worked.forward_push_on_c`` (scenes use it with :func:`assess`).
    section
        Article section number (see :mod:`entropy_explorer.sections`).
    quote
        Exact text from the article (locates the line).
    statement
        What the article claims, in words.
    rule
        How the verdict is read off the figures (decided before computing).
    how
        The computation, in words a reader can redo.
    evaluate
        Computes the figures on the article's examples and applies the rule.
    """

    id: str
    section: int
    quote: str
    statement: str
    rule: str
    how: str
    evaluate: Callable[[], Evidence] = field(compare=False)

    @property
    def heading(self) -> str:
        """The article section's title."""
        return SECTIONS[self.section - 1].title

    @property
    def line(self) -> int:
        """1-based line of the article where the quote starts (0 if not found)."""
        return line_of(self.quote)

    def assess(self) -> Assessment:
        """Run the evaluation (cached computations make repeats cheap)."""
        return Assessment(self, self.evaluate())


@dataclass(frozen=True)
class Assessment:
    """A qualitative claim with its computed verdict, condition and figures.

    Scenes drive sentences from it instead of typing them::

        a = assess("worked.forward_push_on_c")
        if a.conditional: ...            # a.condition says under what
        push = a["push_logit_c"]         # the figure's value; a.figure(name).unit its unit
    """

    claim: QualitativeClaim
    evidence: Evidence

    @property
    def id(self) -> str:
        return self.claim.id

    @property
    def verdict(self) -> str:
        return self.evidence.verdict

    @property
    def condition(self) -> str:
        return self.evidence.condition

    @property
    def finding(self) -> str:
        return self.evidence.finding

    @property
    def agrees(self) -> bool:
        return self.verdict == AGREES

    @property
    def conditional(self) -> bool:
        return self.verdict == CONDITIONAL

    @property
    def differs(self) -> bool:
        return self.verdict == DIFFERS

    @property
    def figures(self) -> dict[str, Figure]:
        """Every figure by name, in the order computed."""
        return {f.name: f for f in self.evidence.figures}

    def figure(self, name: str) -> Figure:
        """The figure called ``name``; KeyError listing the names otherwise."""
        figs = self.figures
        if name not in figs:
            raise KeyError(f"{self.id} has no figure {name!r}; figures: {', '.join(figs)}")
        return figs[name]

    def __getitem__(self, name: str) -> float:
        return self.figure(name).value

    @property
    def decisive(self) -> tuple[Figure, ...]:
        """The figures the verdict was read off."""
        return tuple(self.figure(n) for n in self.evidence.decided_by)

    def verdict_text(self) -> str:
        """``agrees``, ``differs``, or ``holds only under a condition: <condition>``."""
        return f"{self.verdict}: {self.condition}" if self.conditional else self.verdict


def verdict_of(holds: Sequence[bool]) -> str:
    """All hold: agrees; none: differs; some: holds only under a condition."""
    if not holds:
        raise ValueError("a verdict needs at least one case")
    if all(holds):
        return AGREES
    return CONDITIONAL if any(holds) else DIFFERS


def make_evidence(verdict: str, finding: str, figures: Sequence[Figure],
                  decided_by: Sequence[str], condition: str) -> Evidence:
    """Evidence with ``condition`` kept only for a conditional verdict."""
    return Evidence(verdict, finding, tuple(figures), tuple(decided_by),
                    condition if verdict == CONDITIONAL else "")


@dataclass(frozen=True)
class Findings:
    """What an experiment returns before it is put into words: its verdict, its figures, the
    figures the verdict was read off, and ``facts`` (names, orders, settings: what a sentence
    needs besides the figures). :mod:`~entropy_explorer.claims.words` words it
    (:func:`worded`)."""

    verdict: str
    figures: tuple[Figure, ...]
    decided_by: tuple[str, ...]
    facts: Mapping[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> float:
        for f in self.figures:
            if f.name == name:
                return f.value
        raise KeyError(f"no figure {name!r}; figures: {', '.join(f.name for f in self.figures)}")


def worded(findings: Findings, words: Callable[[Findings], tuple[str, str]]) -> Evidence:
    """:class:`Evidence` from ``findings``, its finding and condition written by ``words``."""
    finding, condition = words(findings)
    return make_evidence(findings.verdict, finding, findings.figures, findings.decided_by,
                         condition)


def combine_verdicts(*verdicts: str) -> str:
    """Several checks of one claim: all agree, all differ, or it holds only under a condition."""
    if all(v == AGREES for v in verdicts):
        return AGREES
    return DIFFERS if all(v == DIFFERS for v in verdicts) else CONDITIONAL
