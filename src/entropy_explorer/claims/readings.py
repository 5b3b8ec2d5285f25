"""How the audit reads the article's words as numbers: the thresholds its rules use, each
with its reading (fixed before the figures were computed)."""

from __future__ import annotations

__all__ = ["BUDGET_FACTOR", "HUGE_BITS", "LARGE_QUANTILE", "LEARNED_SHARE", "MISSED_SHARE",
           "MUCH_SMALLER", "NEGLIGIBLE", "STABILITY_STEPS"]

#: "Q(x) << P(x)": a factor of 100.
MUCH_SMALLER = 100.0
#: A per-outcome penalty is "huge" from one bit (what encoding a fair coin flip costs).
HUGE_BITS = 1.0
#: A teacher peak is *missed* when the student's mass within one teacher width of it is
#: under 1 % of the teacher's mass there (and *covered* otherwise).
MISSED_SHARE = 0.01
#: An outcome is *learned* (covered) once the student gives it half the teacher's probability.
LEARNED_SHARE = 0.5
#: "Never learns" / "ignores": not learned within this many times the steps forward KL needs.
BUDGET_FACTOR = 10
#: A gradient component is "zero" when it is under this fraction of the largest component.
NEGLIGIBLE = 1e-3
#: "KL large": a student in the top quarter of a sweep by that KL.
LARGE_QUANTILE = 0.75
#: The step-size scan of the stability check watches this many steps (a step size that
#: oscillates or diverges shows it within a few dozen; the standard step size is watched for
#: the whole run).
STABILITY_STEPS = 500
