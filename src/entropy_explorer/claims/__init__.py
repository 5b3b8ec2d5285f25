"""The article's claims, recomputed and assessed with the math modules (the audit).

One module per job: :mod:`~entropy_explorer.claims.numeric` (the article's numbers, with the
types of :mod:`~entropy_explorer.claims.claim`), :mod:`~entropy_explorer.claims.verdicts`
(figures, evidence, assessments), :mod:`~entropy_explorer.claims.readings` (the thresholds
the rules read the article's words by), one module of
:mod:`~entropy_explorer.claims.experiments` per part of the article (the computations),
:mod:`~entropy_explorer.claims.rules` (each rule, in words),
:mod:`~entropy_explorer.claims.words` (the sentences filled from what an experiment found,
one module per part), :mod:`~entropy_explorer.claims.registry` (each qualitative claim
with its quote, rule and experiment, in article order) and
:mod:`~entropy_explorer.claims.assessments` (look-up and assessment). The names
below are importable from the package itself.

Pure Python + numpy (no manim). Every value the article states (information of events,
entropies, cross-entropies, differences, KL values, the worked example) is a
:class:`Claim`: where it stands (section and an exact quote, which gives the line),
the value as the article writes it, and a function that recomputes it from
:mod:`entropy_explorer.examples` with :mod:`entropy_explorer.infotheory`. A few claims
are identities the article derives (``D(P||Q) = H(P,Q) - H(P)``); those compare the
article's formula with the definition, both evaluated on the article's example.

A claim *agrees* when the recomputed value rounds to the stated value at the stated
precision (``≈ 2.18`` means within 0.005), or equals it (within 1e-9) when the article
writes ``=`` with no rounding. ``entropy-explorer audit`` turns :func:`audit` into
``build/audit.md``; scenes that show a claimed value can use :func:`check` to say on screen
when the article differs (``check("movie.cross_entropy").agrees`` is False).

The article's comparative and qualitative claims (sections 10 to 20: gradients that "blow
up", "low-variance" estimators, "no blind spots", "mode-seeking") are
:class:`QualitativeClaim` entries in :data:`QUALITATIVE`. Each names the rule its verdict is
read off, computes figures on the article's own examples (softmax students on a grid of
logits, descent runs, exact estimator variances, the two-peaked teacher) and returns one of
three verdicts: *agrees*, *differs*, or *holds only under a condition* (the condition named).
Scenes call :func:`assess`: ``assess("worked.forward_push_on_c")`` gives the verdict, the
condition and the named figures, so no scene types a verdict or a figure.
"""

from __future__ import annotations

from entropy_explorer.claims.article import (
    ARTICLE_PATH,
)
from entropy_explorer.claims.assessments import (
    NOT_AUDITED,
    assess,
    assess_all,
    get_qualitative,
)
from entropy_explorer.claims.claim import (
    CERTAIN,
    EXACT_TOLERANCE,
    Claim,
    ClaimResult,
)
from entropy_explorer.claims.numeric import (
    CLAIMS,
    audit,
    check,
    get_claim,
)
from entropy_explorer.claims.readings import (
    BUDGET_FACTOR,
    HUGE_BITS,
    LARGE_QUANTILE,
    LEARNED_SHARE,
    MISSED_SHARE,
    MUCH_SMALLER,
    NEGLIGIBLE,
    STABILITY_STEPS,
)
from entropy_explorer.claims.registry import (
    QUALITATIVE,
)
from entropy_explorer.claims.verdicts import (
    AGREES,
    CONDITIONAL,
    DIFFERS,
    VERDICTS,
    Assessment,
    Evidence,
    Figure,
    QualitativeClaim,
)

__all__ = [
    "AGREES",
    "ARTICLE_PATH",
    "BUDGET_FACTOR",
    "CERTAIN",
    "CLAIMS",
    "CONDITIONAL",
    "DIFFERS",
    "EXACT_TOLERANCE",
    "HUGE_BITS",
    "LARGE_QUANTILE",
    "LEARNED_SHARE",
    "MISSED_SHARE",
    "MUCH_SMALLER",
    "NEGLIGIBLE",
    "NOT_AUDITED",
    "QUALITATIVE",
    "STABILITY_STEPS",
    "VERDICTS",
    "Assessment",
    "Claim",
    "ClaimResult",
    "Evidence",
    "Figure",
    "QualitativeClaim",
    "assess",
    "assess_all",
    "audit",
    "check",
    "get_claim",
    "get_qualitative",
]
