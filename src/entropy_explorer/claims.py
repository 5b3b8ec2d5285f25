"""The article's numeric claims, each recomputed with the math module (the audit).

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

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from entropy_explorer import gaussians, gradients
from entropy_explorer.examples import (
    BIASED_COIN,
    BIMODAL_TEACHER,
    BLIND_SPOT,
    DISTILL_TEACHER,
    FAIR_COIN,
    GUESS_LARGE,
    GUESS_SMALL,
    LOGIT_DESCENT,
    MOVIE_REVIEW_P,
    MOVIE_REVIEW_Q,
    NEXT_WORD,
    TASK_DISTILL_STEPS,
    TWO_COIN_FLIPS,
    TWO_PEAK_STARTS,
    UNLIKELY_EVENT,
    WORKED_EXAMPLE_P,
    WORKED_EXAMPLE_Q,
    WORKED_EXAMPLE_TASK_KEEP,
    WORKED_EXAMPLE_ZERO_STANDINS,
    Categorical,
    Coin,
    GaussianMixture,
    GaussianStarts,
    GradientExperiment,
)
from entropy_explorer.infotheory import (
    cross_entropy,
    cross_entropy_terms,
    entropy,
    information,
    kl_divergence,
    softmax,
)
from entropy_explorer.numbers import UNITS
from entropy_explorer.sections import SECTIONS

__all__ = [
    "AGREES",
    "ARTICLE_PATH",
    "CERTAIN",
    "CLAIMS",
    "CONDITIONAL",
    "DIFFERS",
    "NOT_AUDITED",
    "QUALITATIVE",
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

#: The article (the copy committed with the project).
ARTICLE_PATH = Path(__file__).resolve().parents[2] / "assets" / "kl-divergence.md"

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
        return _line_of(self.quote)

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
        return _show(self.computed, self.claim.decimals)

    def stated_text(self) -> str:
        c = self.claim
        if c.reference is not None:
            return f"{c.stated} = {_show(self.stated, None)}"
        value = "∞" if math.isinf(self.stated) else c.stated
        return f"≈ {value}" if c.approx else value


def _show(value: float, decimals: int | None) -> str:
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if decimals is None:
        if value != 0 and abs(value) < 1e-6:
            return f"{value:.1e}"
        text = f"{value:.6f}".rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
    return f"{value:.{decimals + 2}f}"


@cache
def _article_lines() -> tuple[str, ...]:
    return tuple(ARTICLE_PATH.read_text(encoding="utf-8").splitlines())


def _line_of(quote: str) -> int:
    text = "\n".join(_article_lines())
    i = text.find(quote)
    return 0 if i < 0 else text.count("\n", 0, i) + 1


# --------------------------------------------------------------------- helpers
def _probs(c: object) -> np.ndarray:
    return np.asarray(c.probs, dtype=float)  # type: ignore[attr-defined]


def _outcome(c: object, name: str) -> int:
    return list(c.outcomes).index(name)  # type: ignore[attr-defined]


def _kl_terms(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Per-outcome terms ``P(x) log2(P(x)/Q(x))`` of ``D(P||Q)`` (H(P,Q) terms minus H(P) terms)."""
    with np.errstate(invalid="ignore"):
        return cross_entropy_terms(p, q) - cross_entropy_terms(p, p)


def _movie_surprise(dist: object, word: str) -> Callable[[], float]:
    return lambda: float(information(_probs(dist)[_outcome(dist, word)]))


def _fit_gaussian(direction: gradients.Direction) -> tuple[float, float]:
    """Minimise the KL between the two-peaked teacher and one Gaussian ``N(mu, sigma^2)``.

    Nelder-Mead over ``(mu, log sigma)`` from ``mu = 1, sigma = 1``: slightly right of the
    centre, so the reverse fit is free to fall into either peak (it takes the right one).
    """
    def objective(v: np.ndarray) -> float:
        return gaussians.kl(direction, BIMODAL_TEACHER, float(v[0]), float(np.exp(v[1])))

    res = minimize(objective, x0=np.array([1.0, 0.0]), method="Nelder-Mead",
                   options={"xatol": 1e-8, "fatol": 1e-12, "maxiter": 4000})
    return float(res.x[0]), float(np.exp(res.x[1]))


def _finite_difference(f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Central finite differences of ``f`` at ``x``."""
    g = np.zeros_like(x)
    for i in range(x.size):
        e = np.zeros_like(x)
        e[i] = h
        g[i] = (f(x + e) - f(x - e)) / (2 * h)
    return g


def _max_abs(v: np.ndarray) -> float:
    return float(np.max(np.abs(v)))


_P_MOVIE, _Q_MOVIE = _probs(MOVIE_REVIEW_P), _probs(MOVIE_REVIEW_Q)
#: A softmax student for the gradient identities: logits of the movie model Q, teacher P.
_THETA = np.log(_Q_MOVIE)
#: Student logits for the score identities: the next-word example's scores.
_NEXT_WORD_LOGITS = np.asarray(NEXT_WORD.logits, dtype=float)
_P_WORKED, _Q_WORKED = _probs(WORKED_EXAMPLE_P), _probs(WORKED_EXAMPLE_Q)
_C = _outcome(WORKED_EXAMPLE_P, "C")
_HEADS, _TAILS = BIASED_COIN.probs


# ----------------------------------------------------------------------- claims
CLAIMS: tuple[Claim, ...] = (
    # Section 2: the axioms.
    Claim("axioms.certain_event", 2, "I(1) = 0",
          "A certain event conveys no information", "0",
          lambda: float(information(CERTAIN)), "information(1)"),
    Claim("axioms.two_coin_flips", 2, "flipping a coin twice = 2 bits",
          "Two independent fair coin flips carry 2 bits", "2",
          lambda: float(information(math.prod(TWO_COIN_FLIPS))),
          "information(0.5 * 0.5)"),
    # Section 3: bits.
    Claim("bits.certain_event", 3, r"I(x) = -\log_2(1) = 0 \text{ bits}",
          "A certain event: -log2(1) = 0 bits", "0",
          lambda: float(information(CERTAIN)), "information(1)"),
    Claim("bits.unlikely_event", 3, r"I(x) = -\log_2(0.001) \approx 9.97 \text{ bits}",
          "An unlikely event (p = 0.001) carries about 9.97 bits", "9.97",
          lambda: float(information(UNLIKELY_EVENT)), "information(UNLIKELY_EVENT)",
          approx=True),
    # Section 4: guessing a number.
    Claim("guessing.one_in_8", 4, r"I(x) = -\log_2(1/8) = 3 \text{ bits}",
          "Guessing a number from 1 to 8 correctly: 3 bits", "3",
          lambda: float(information(GUESS_SMALL.p)), "information(1 / GUESS_SMALL.n)"),
    Claim("guessing.questions_for_8", 4, r"\\( 2^3 = 8 \\)",
          "3 yes/no questions identify one of 8 numbers (2^3 = 8)", "8",
          lambda: 2.0 ** float(information(GUESS_SMALL.p)),
          "2 ** information(1 / GUESS_SMALL.n)", unit="count"),
    Claim("guessing.one_in_1024", 4, r"I(x) = -\log_2(1/1024) = 10 \text{ bits}",
          "Guessing a number from 1 to 1024 on the first try: 10 bits", "10",
          lambda: float(information(GUESS_LARGE.p)), "information(1 / GUESS_LARGE.n)"),
    # Section 7: entropy.
    Claim("entropy.fair_coin", 7,
          r"H(X) = -[0.5 \cdot \log_2(0.5) + 0.5 \cdot \log_2(0.5)] = 0.5 \cdot 1 + 0.5 \cdot 1 = 1 \text{ bit}",
          "Entropy of a fair coin: 1 bit", "1",
          lambda: entropy(FAIR_COIN.probs), "entropy(FAIR_COIN.probs)"),
    Claim("entropy.fair_coin.heads", 7,
          r"When $X = \text{Heads}$ (happens with probability 0.5): we get $-\log_2(0.5) = 1$ bit",
          "Information of heads for a fair coin: 1 bit", "1",
          lambda: float(information(FAIR_COIN.p_heads)), "information(FAIR_COIN.p_heads)"),
    Claim("entropy.fair_coin.tails", 7,
          r"When $X = \text{Tails}$ (happens with probability 0.5): we get $-\log_2(0.5) = 1$ bit",
          "Information of tails for a fair coin: 1 bit", "1",
          lambda: float(information(1.0 - FAIR_COIN.p_heads)),
          "information(1 - FAIR_COIN.p_heads)"),
    Claim("entropy.fair_coin.average", 7, r"**Average**: $0.5 \times 1 + 0.5 \times 1 = 1$ bit",
          "Average information of a fair coin: 1 bit", "1",
          lambda: float(np.dot(FAIR_COIN.probs, information(np.asarray(FAIR_COIN.probs)))),
          "sum(p * information(p) for p in FAIR_COIN.probs)"),
    Claim("entropy.fair_coin.summary", 7, "So the entropy of a fair coin toss is 1 bit",
          "The fair coin's entropy, restated: 1 bit", "1",
          lambda: entropy(FAIR_COIN.probs), "entropy(FAIR_COIN.probs)"),
    Claim("entropy.biased_coin.log_heads", 7, r"0.9 \cdot (-0.152)",
          "log2 P(H) for the biased coin is about -0.152", "-0.152",
          lambda: -float(information(_HEADS)), "-information(BIASED_COIN.p_heads)",
          approx=True),
    Claim("entropy.biased_coin.log_tails", 7, r"0.1 \cdot (-3.322)",
          "log2 P(T) for the biased coin is about -3.322", "-3.322",
          lambda: -float(information(_TAILS)), "-information(1 - BIASED_COIN.p_heads)",
          approx=True),
    Claim("entropy.biased_coin.term_heads", 7, r"\approx 0.1368 + 0.3322",
          "Heads term of the biased coin's entropy: about 0.1368", "0.1368",
          lambda: _HEADS * float(information(_HEADS)),
          "cross_entropy_terms(BIASED_COIN.probs, BIASED_COIN.probs)[0]", approx=True),
    Claim("entropy.biased_coin.term_tails", 7, r"0.3322 = 0.469 \text{ bits}",
          "Tails term of the biased coin's entropy: about 0.3322", "0.3322",
          lambda: _TAILS * float(information(_TAILS)),
          "cross_entropy_terms(BIASED_COIN.probs, BIASED_COIN.probs)[1]", approx=True),
    Claim("entropy.biased_coin", 7, r"0.1368 + 0.3322 = 0.469 \text{ bits}",
          "Entropy of the biased coin (0.9 / 0.1): about 0.469 bits", "0.469",
          lambda: entropy(BIASED_COIN.probs), "entropy(BIASED_COIN.probs)", approx=True),
    Claim("entropy.biased_coin.summary", 7, "this biased coin is approximately 0.469 bits",
          "The biased coin's entropy, restated: about 0.469 bits", "0.469",
          lambda: entropy(BIASED_COIN.probs), "entropy(BIASED_COIN.probs)", approx=True),
    Claim("entropy.fair_coin.per_flip", 7, "every flip is equally surprising (1 bit of information)",
          "Each fair-coin flip carries 1 bit", "1",
          lambda: float(information(FAIR_COIN.p_heads)), "information(FAIR_COIN.p_heads)"),
    Claim("entropy.biased_coin.average_surprise", 7, "the average surprise is much lower (0.469 bits)",
          "The biased coin's average surprise: about 0.469 bits", "0.469",
          lambda: entropy(BIASED_COIN.probs), "entropy(BIASED_COIN.probs)", approx=True),
    # Section 8: cross-entropy (the movie-review example).
    Claim("movie.entropy", 8, r"For our example: $H(P) \approx 1.36$ bits",
          "Entropy of how people complete 'The movie was' (P): about 1.36 bits", "1.36",
          lambda: entropy(_P_MOVIE), "entropy(MOVIE_REVIEW_P.probs)", approx=True),
    Claim("movie.surprise.amazing.model", 8, r"$-\log(0.9) \approx 0.15$ bits",
          "Model's surprise at 'amazing' (Q = 0.9): about 0.15 bits", "0.15",
          _movie_surprise(MOVIE_REVIEW_Q, "amazing"), "information(Q['amazing'])", approx=True),
    Claim("movie.surprise.amazing.true", 8, r"the true $-\log(0.5) \approx 1$ bit",
          "True surprise at 'amazing' (P = 0.5): about 1 bit", "1",
          _movie_surprise(MOVIE_REVIEW_P, "amazing"), "information(P['amazing'])", approx=True),
    Claim("movie.surprise.terrible.model", 8, r"$-\log(0.05) \approx 4.32$ bits",
          "Model's surprise at 'terrible' (Q = 0.05): about 4.32 bits", "4.32",
          _movie_surprise(MOVIE_REVIEW_Q, "terrible"), "information(Q['terrible'])",
          approx=True),
    Claim("movie.surprise.terrible.true", 8, r"the true $-\log(0.4) \approx 1.32$ bits",
          "True surprise at 'terrible' (P = 0.4): about 1.32 bits", "1.32",
          _movie_surprise(MOVIE_REVIEW_P, "terrible"), "information(P['terrible'])",
          approx=True),
    Claim("movie.cross_entropy", 8, r"For this example: $H(P,Q) \approx 2.18$ bits",
          "Cross-entropy of the over-optimistic model Q under P: about 2.18 bits", "2.18",
          lambda: cross_entropy(_P_MOVIE, _Q_MOVIE),
          "cross_entropy(MOVIE_REVIEW_P.probs, MOVIE_REVIEW_Q.probs)", approx=True),
    Claim("movie.entropy.again", 8, "much higher than the entropy of 1.36 bits",
          "The entropy it is compared with: 1.36 bits", "1.36",
          lambda: entropy(_P_MOVIE), "entropy(MOVIE_REVIEW_P.probs)", approx=True),
    Claim("movie.excess", 8, "(2.18 - 1.36 = 0.82 bits)",
          "Excess surprise H(P,Q) - H(P), the cost of the wrong model: 0.82 bits", "0.82",
          lambda: cross_entropy(_P_MOVIE, _Q_MOVIE) - entropy(_P_MOVIE),
          "cross_entropy(P, Q) - entropy(P)", approx=True),
    Claim("cross_entropy.perfect_model", 8, "$H(P,Q) = H(P)$ when $Q = P$",
          "A perfect model's cross-entropy is the entropy (movie P)", "H(P)",
          lambda: cross_entropy(_P_MOVIE, _P_MOVIE), "cross_entropy(P, P)",
          reference=lambda: entropy(_P_MOVIE)),
    Claim("cross_entropy.support_mismatch", 8, "cross-entropy becomes infinite",
          "Q(x) = 0 where P(x) > 0 makes the cross-entropy infinite (worked example)", "inf",
          lambda: cross_entropy(_P_WORKED, _Q_WORKED),
          "cross_entropy(WORKED_EXAMPLE_P.probs, WORKED_EXAMPLE_Q.probs)"),
    # Section 9: KL divergence.
    Claim("kl.derivation", 9, r"&= H(P, Q) \;-\; H(P).",
          "D(P||Q) = H(P,Q) - H(P) (movie example)", "H(P,Q) - H(P)",
          lambda: kl_divergence(_P_MOVIE, _Q_MOVIE), "kl_divergence(P, Q)",
          reference=lambda: cross_entropy(_P_MOVIE, _Q_MOVIE) - entropy(_P_MOVIE)),
    # Section 10: reverse KL ignores what Q never visits.
    Claim("reverse.zero_contribution", 10,
          "If $Q(x)=0$ somewhere $P(x)>0$, that point contributes **zero**",
          "In D(Q||P), an outcome with Q(x) = 0 < P(x) contributes 0 (worked example, C)", "0",
          lambda: float(_kl_terms(_Q_WORKED, _P_WORKED)[_C]),
          "reverse-KL term of C: Q(C) log2(Q(C)/P(C)) with 0 log 0 = 0"),
    # Section 10: the toy picture (two-peaked teacher, one-Gaussian student).
    Claim("toy.forward_centre", 10, "center between peaks to **cover both**",
          "Forward-KL fit centres between the peaks at -3 and +3 (their midpoint, 0)", "0",
          lambda: _fit_gaussian("forward")[0],
          "minimize gaussians.forward_kl(BIMODAL_TEACHER, mu, sigma) over mu, sigma",
          unit="value", tolerance=1e-3),
    Claim("toy.reverse_one_peak", 10, "pick **one** peak and ignore the other",
          "Reverse-KL fit sits on one peak (|mu| = 3)", "3",
          lambda: abs(_fit_gaussian("reverse")[0]),
          "minimize gaussians.reverse_kl(BIMODAL_TEACHER, mu, sigma) over mu, sigma",
          unit="value", tolerance=0.05),
    # Section 11: the gradients (softmax student, teacher P = movie P, nats).
    Claim("gradients.forward", 11, r"&= -\mathbb{E}_{x\sim P}\bigl[\nabla_\theta \log Q_\theta(x)\bigr].",
          "Forward-KL gradient = -E_P[grad log Q] (largest difference from finite "
          "differences of D(P||Q))", "0",
          lambda: _max_abs(-(_P_MOVIE @ gradients.grad_log_q(_THETA)) - _finite_difference(
              lambda t: gradients.forward_kl_nats(_P_MOVIE, t), _THETA)),
          "-P @ grad_log_q(theta) vs finite differences of forward_kl_nats",
          unit="value", tolerance=1e-6),
    Claim("gradients.score_sums_to_zero", 11, r"Use $\sum_x \nabla_\theta Q_\theta(x)=0$",
          "The probabilities' gradients sum to zero (largest component)", "0",
          lambda: _max_abs(softmax(_NEXT_WORD_LOGITS) @ gradients.grad_log_q(_NEXT_WORD_LOGITS)),
          "sum_x Q(x) grad log Q(x) for the next-word logits", unit="value", tolerance=1e-12),
    Claim("gradients.reverse_log_trick", 11,
          r"= \mathbb{E}_{x\sim Q_\theta}",
          "Reverse-KL gradient = E_Q[(log Q - log P) grad log Q] (largest difference from "
          "finite differences of D(Q||P))", "0",
          lambda: _max_abs(gradients.reverse_gradient(_P_MOVIE, _THETA) - _finite_difference(
              lambda t: gradients.reverse_kl_nats(_P_MOVIE, t), _THETA)),
          "reverse_gradient(P, theta) vs finite differences of reverse_kl_nats",
          unit="value", tolerance=1e-6),
    # Section 15: PPO on a KL-only reward.
    Claim("ppo.baseline_drops", 15, r"Since $\mathbb{E}_{x\sim Q}[\nabla_\theta\log Q]=0$",
          "The baseline term vanishes: E_Q[grad log Q] = 0 (largest component)", "0",
          lambda: _max_abs(gradients.policy_gradient(
              _NEXT_WORD_LOGITS, np.zeros_like(_NEXT_WORD_LOGITS), baseline=1.0)),
          "policy_gradient(logits, reward=0, baseline=1)", unit="value", tolerance=1e-12),
    Claim("ppo.reverse_kl", 15, r"= -\,\nabla_\theta D_{\mathrm{KL}}(Q_\theta\|P).",
          "PPO's gradient with r = log P - log Q is minus the reverse-KL gradient (largest "
          "|grad J + grad D(Q||P)|, the latter by finite differences)", "0",
          lambda: _max_abs(gradients.policy_gradient(
              _THETA, gradients.ppo_kl_reward(_P_MOVIE, _THETA)) + _finite_difference(
              lambda t: gradients.reverse_kl_nats(_P_MOVIE, t), _THETA)),
          "policy_gradient(theta, ppo_kl_reward(P, theta)) + finite-difference grad of "
          "reverse_kl_nats", unit="value", tolerance=1e-6),
    # Section 16: the magnitude of KL.
    Claim("magnitude.zero_iff_equal", 16, r"it’s $0$ iff $P=Q$",
          "D(P||P) = 0 (movie P)", "0",
          lambda: kl_divergence(_P_MOVIE, _P_MOVIE), "kl_divergence(P, P)"),
    Claim("magnitude.infinite", 16, "Can be **infinite** if support mismatch occurs",
          "Forward KL is infinite under support mismatch (worked example)", "inf",
          lambda: kl_divergence(_P_WORKED, _Q_WORKED),
          "kl_divergence(WORKED_EXAMPLE_P.probs, WORKED_EXAMPLE_Q.probs)"),
    # Section 19: the mini worked example.
    Claim("worked.forward_term_c", 19, r"term for C is $0.02\log(0.02/0)\to\infty$",
          "Forward KL term for C: 0.02 log(0.02/0) is infinite", "inf",
          lambda: float(_kl_terms(_P_WORKED, _Q_WORKED)[_C]),
          "forward-KL term of C: P(C) log2(P(C)/Q(C))"),
    Claim("worked.reverse_term_c", 19, r"term for C is $Q(\text{C})\log(Q/P)=0\cdot(\cdot)=0$",
          "Reverse KL term for C: 0 · log(0/0.02) = 0", "0",
          lambda: float(_kl_terms(_Q_WORKED, _P_WORKED)[_C]),
          "reverse-KL term of C: Q(C) log2(Q(C)/P(C)) with 0 log 0 = 0"),
)


def get_claim(claim_id: str, claims: Sequence[Claim] = CLAIMS) -> Claim:
    """The claim with this id; KeyError listing the ids otherwise."""
    for c in claims:
        if c.id == claim_id:
            return c
    raise KeyError(f"no claim {claim_id!r}; claims: {', '.join(c.id for c in claims)}")


def check(claim_id: str) -> ClaimResult:
    """Recompute one claim: ``check("movie.cross_entropy").agrees`` is False."""
    return get_claim(claim_id).check()


def audit(claims: Sequence[Claim] = CLAIMS) -> list[ClaimResult]:
    """Recompute every claim, in article order."""
    return [c.check() for c in claims]


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
        return _sig(self.value) + unit


def _sig(value: float) -> str:
    """Three significant digits; ∞ for infinity."""
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.3g}"


def _pct(share: float) -> str:
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
        return _line_of(self.quote)

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


def _verdict(holds: Sequence[bool]) -> str:
    """All hold: agrees; none: differs; some: holds only under a condition."""
    if not holds:
        raise ValueError("a verdict needs at least one case")
    if all(holds):
        return AGREES
    return CONDITIONAL if any(holds) else DIFFERS


def _evidence(verdict: str, finding: str, figures: Sequence[Figure], decided_by: Sequence[str],
              condition: str) -> Evidence:
    """Evidence with ``condition`` kept only for a conditional verdict."""
    return Evidence(verdict, finding, tuple(figures), tuple(decided_by),
                    condition if verdict == CONDITIONAL else "")


# --------------------------------------------------------------- shared data
_LD = LOGIT_DESCENT
_P_TASK_KEEP = WORKED_EXAMPLE_TASK_KEEP


def _teacher_probs(teachers: Sequence[Categorical]) -> list[tuple[float, ...]]:
    return [tuple(float(x) for x in t.probs) for t in teachers]


def _grid(k: int) -> np.ndarray:
    return gradients.logit_grid(k, _LD.grid_span, _LD.grid_step)


def _standin(q: Sequence[float], index: int, eps: float) -> np.ndarray:
    """Probabilities ``q`` with outcome ``index`` set to ``eps`` and the rest renormalised."""
    out = np.asarray(q, dtype=float).copy()
    out[index] = 0.0
    out = out / out.sum() * (1.0 - eps)
    out[index] = eps
    return out


def _largest_is(v: np.ndarray, i: int) -> bool:
    a = np.abs(v)
    return bool(a[i] >= np.max(a))


def _negligible(v: np.ndarray, i: int) -> bool:
    a = np.abs(v)
    return bool(np.isfinite(a[i]) and a[i] <= NEGLIGIBLE * np.max(a))


@dataclass(frozen=True)
class _SweepSummary:
    """Descent from every grid student: per start, what the audit needs (no histories)."""

    monotone: np.ndarray
    reach_step: np.ndarray  # first step with TV <= tolerance (inf if never)
    final_tv: np.ndarray
    floor_tv: np.ndarray    # median TV over the run's last tenth
    learned_step: np.ndarray  # first step with Q(x) >= LEARNED_SHARE P(x) for all x (inf)
    final_probs: np.ndarray


@cache
def _sweep(direction: gradients.Direction, teacher: tuple[float, ...], learning_rate: float,
           batch_size: int | None = None, baseline: str = "none",
           steps: int = _LD.max_steps) -> _SweepSummary:
    """Descent from every grid student, summarised per start (vectorised over the starts)."""
    p = np.asarray(teacher)
    z = gradients.descent_histories(direction, p, _grid(p.size), learning_rate=learning_rate,
                                    steps=steps, batch_size=batch_size,
                                    seed=_LD.seed if batch_size else None, baseline=baseline)
    logq = z - z.max(axis=-1, keepdims=True)
    logq = logq - np.log(np.exp(logq).sum(axis=-1, keepdims=True))
    q = np.exp(logq)
    if direction == "forward":
        mask = p > 0
        loss = np.sum(p[mask] * (np.log(p[mask]) - logq[..., mask]), axis=-1)
    else:
        loss = np.sum(q * (logq - np.log(p)), axis=-1)
    tv = 0.5 * np.abs(q - p).sum(axis=-1)
    tail = max(1, steps // 10)

    def first(mask: np.ndarray) -> np.ndarray:
        """First step (axis 0) where ``mask`` holds, per start; inf where never."""
        return np.where(mask.any(axis=0), mask.argmax(axis=0), np.inf).astype(float)

    return _SweepSummary(
        monotone=np.all(np.diff(loss, axis=0) <= 1e-12, axis=0),
        reach_step=first(tv <= _LD.tolerance),
        final_tv=tv[-1],
        floor_tv=np.median(tv[-tail:], axis=0),
        learned_step=first(np.all(q >= LEARNED_SHARE * p, axis=-1)),
        final_probs=q[-1],
    )


@cache
def _variance_sweep(teacher: tuple[float, ...]) -> gradients.VarianceSweep:
    return gradients.variance_sweep(teacher, _grid(len(teacher)))


# ----------------------------------------------------- the two-peaked teacher
def _interval_mass(mu: float, sigma: float, a: float, b: float) -> float:
    s = sigma * math.sqrt(2.0)
    return 0.5 * (math.erf((b - mu) / s) - math.erf((a - mu) / s))


def _peak_shares(teacher: GaussianMixture, mu: float, sigma: float) -> np.ndarray:
    """Per teacher peak: the student's mass within one teacher width of it over the teacher's."""
    out = []
    for mk, sk in zip(teacher.means, teacher.sigmas, strict=True):
        a, b = mk - sk, mk + sk
        teacher_mass = sum(w * _interval_mass(m, s, a, b) for w, m, s in
                           zip(teacher.weights, teacher.means, teacher.sigmas, strict=True))
        out.append(_interval_mass(mu, sigma, a, b) / teacher_mass)
    return np.array(out)


@cache
def _two_peak_ends(direction: gradients.Direction, teacher: GaussianMixture = BIMODAL_TEACHER,
                   starts: GaussianStarts = TWO_PEAK_STARTS) -> tuple[tuple[float, ...], ...]:
    """``(mu0, sigma0, mu, sigma, kl)`` where descent from each start ends (section 10's
    step size and step clipping). A mu within 1e-9 of 0 is quadrature round-off (a start on
    the symmetry axis stays on it) and is reported as 0."""
    return gaussians.descent_ends(direction, teacher, starts)


def _covers_all(teacher: GaussianMixture, mu: float, sigma: float) -> bool:
    return bool(np.all(_peak_shares(teacher, mu, sigma) >= MISSED_SHARE))


def _seeks_one(teacher: GaussianMixture, mu: float, sigma: float) -> bool:
    s = _peak_shares(teacher, mu, sigma)
    return bool(np.any(s >= MISSED_SHARE) and np.any(s < MISSED_SHARE))


def _eval_forward_covers_peaks(inflate: bool = False, teacher: GaussianMixture = BIMODAL_TEACHER,
                               starts: GaussianStarts = TWO_PEAK_STARTS) -> Evidence:
    ends = _two_peak_ends("forward", teacher, starts)
    widest = max(teacher.sigmas)
    holds = [_covers_all(teacher, mu, s) and (not inflate or s > widest)
             for _, _, mu, s, _ in ends]
    shares = [float(np.min(_peak_shares(teacher, mu, s))) for _, _, mu, s, _ in ends]
    sig = [s for *_, s, _ in ends]
    mus = [mu for _, _, mu, _, _ in ends]
    figures = [
        Figure("starts", len(ends), "count", "descent starts (mu, sigma)"),
        Figure("covering", sum(holds), "count", "starts whose fit covers every peak"
               + (" and is wider than the teacher's peaks" if inflate else "")),
        Figure("min_peak_share", min(shares), "ratio",
               "smallest student/teacher mass ratio near a peak, over all fits"),
        Figure("fit_sigma", float(np.median(sig)), "value", "the fits' sigma (median)"),
        Figure("fit_mu", float(np.median(mus)), "value", "the fits' mu (median)"),
        Figure("teacher_sigma", widest, "value", "the teacher peaks' width"),
    ]
    finding = (f"Forward-KL descent from {len(ends)} starts ends at mu = {_sig(np.median(mus))}, "
               f"sigma = {_sig(np.median(sig))} (the teacher's peaks have width {_sig(widest)}); "
               f"{sum(holds)} of {len(ends)} fits cover both peaks, the student keeping at least "
               f"{_pct(min(shares))} of the teacher's mass near each.")
    return _evidence(_verdict(holds), finding, figures, ("covering", "starts"),
                     "depends on the start: "
                     f"{sum(holds)} of {len(ends)} forward fits cover every peak")


def _eval_reverse_seeks(teacher: GaussianMixture = BIMODAL_TEACHER,
                        starts: GaussianStarts = TWO_PEAK_STARTS) -> Evidence:
    ends = _two_peak_ends("reverse", teacher, starts)
    seek = [_seeks_one(teacher, mu, s) for _, _, mu, s, _ in ends]
    seekers = [e for e, h in zip(ends, seek, strict=True) if h]
    others = [e for e, h in zip(ends, seek, strict=True) if not h]
    figures = [
        Figure("starts", len(ends), "count", "descent starts (mu, sigma)"),
        Figure("seeking", len(seekers), "count", "starts whose fit sits on one peak, missing another"),
    ]
    parts = [f"Reverse-KL descent from {len(ends)} starts: {len(seekers)} fits sit on one peak "]
    if seekers:
        best = min(seekers, key=lambda e: e[4])
        figures += [Figure("peak_kl", best[4], "nats", "D(Q||P) of a fit on one peak"),
                    Figure("peak_sigma", best[3], "value", "sigma of a fit on one peak")]
        parts.append(f"(D(Q||P) = {_sig(best[4])} nats, sigma = {_sig(best[3])})")
    condition = ""
    if others:
        o = sorted(others, key=lambda e: e[4])[0]
        covers = _covers_all(teacher, o[2], o[3])
        figures += [
            Figure("other_kl", o[4], "nats", "D(Q||P) where the other fits settle"),
            Figure("other_mu", o[2], "value", "mu where the other fits settle"),
            Figure("other_sigma", o[3], "value", "sigma where the other fits settle"),
            Figure("other_start_mu_max", max(abs(e[0]) for e in others), "value",
                   "largest |mu| a start had among those not ending on a peak"),
            Figure("other_start_sigma_min", min(e[1] for e in others), "value",
                   "smallest sigma a start had among those not ending on a peak"),
        ]
        where = "a wide local minimum covering both peaks" if covers else "a local minimum"
        parts.append(f"; the other {len(others)} settle at {where} (mu = {_sig(o[2])}, "
                     f"sigma = {_sig(o[3])}, D = {_sig(o[4])} nats)")
        condition = (f"the student starts inside a peak's basin: {len(seekers)} of {len(ends)} "
                     f"starts end on one peak; the other {len(others)}, all started within "
                     f"{_sig(max(abs(e[0]) for e in others))} of the centre, settle at {where}, "
                     f"mu = {_sig(o[2])}, sigma = {_sig(o[3])}, D(Q||P) = {_sig(o[4])} nats")
    return _evidence(_verdict(seek), "".join(parts) + ".", figures, ("seeking", "starts"), condition)


def _one_peak_student(teacher: GaussianMixture = BIMODAL_TEACHER) -> tuple[float, float, float]:
    """The lowest reverse-KL fit found by the start sweep: ``(mu, sigma, kl)``."""
    best = min(_two_peak_ends("reverse", teacher), key=lambda e: e[4])
    return best[2], best[3], best[4]


def _eval_valley_penalty(teacher: GaussianMixture = BIMODAL_TEACHER) -> Evidence:
    mu_c, s_c = gaussians.forward_optimum(teacher)
    covering_kl = gaussians.reverse_kl(teacher, mu_c, s_c)
    mu_1, s_1, one_kl = _one_peak_student(teacher)
    x = np.linspace(mu_c - 12 * s_c, mu_c + 12 * s_c, 240001)
    logp = gaussians.mixture_logpdf(x, teacher)
    logq = gaussians.normal_logpdf(x, mu_c, s_c)
    integrand = np.exp(logq) * (logq - logp)
    positive = np.clip(integrand, 0, None)
    low = np.exp(logp) < 0.1 * np.exp(logp).max()  # "P ≈ 0": under a tenth of its peak density
    share = float(np.trapezoid(positive * low, x) / np.trapezoid(positive, x))
    holds = [covering_kl > one_kl, share > 0.5]
    figures = [
        Figure("covering_kl", covering_kl, "nats", "D(Q||P) of the covering (moment-matched) student"),
        Figure("one_peak_kl", one_kl, "nats", "D(Q||P) of the student on one peak"),
        Figure("low_density_share", share, "ratio", "share of the covering student's positive "
               "D(Q||P) integrand where P is under a tenth of its peak density"),
    ]
    finding = (f"The covering student pays D(Q||P) = {_sig(covering_kl)} nats against "
               f"{_sig(one_kl)} for a student on one peak; {_pct(share)} of its positive penalty "
               "lies where the teacher's density is under a tenth of its peak.")
    return _evidence(_verdict(holds), finding, figures,
                     ("covering_kl", "one_peak_kl", "low_density_share"),
                     "only one of the two readings holds (see the figures)")


def _eval_missing_mode_cost(teacher: GaussianMixture = BIMODAL_TEACHER) -> Evidence:
    mu, s, reverse_cost = _one_peak_student(teacher)
    forward_cost = gaussians.forward_kl(teacher, mu, s)
    free = reverse_cost <= 1e-3
    small = reverse_cost < 0.1 * forward_cost
    verdict = AGREES if free else (CONDITIONAL if small else DIFFERS)
    figures = [
        Figure("reverse_cost", reverse_cost, "nats", "D(Q||P) of the student on one peak"),
        Figure("forward_cost", forward_cost, "nats", "D(P||Q) of the same student"),
        Figure("kept_weight_cost", -math.log(max(teacher.weights)), "nats",
               "log(1/w) for the kept peak's weight w (well-separated theory)"),
    ]
    finding = (f"A student on one peak pays D(Q||P) = {_sig(reverse_cost)} nats for the missed "
               f"peak (about log(1/w) = {_sig(-math.log(max(teacher.weights)))}), not zero; "
               f"forward KL charges the same student {_sig(forward_cost)} nats.")
    return _evidence(verdict, finding, figures, ("reverse_cost", "forward_cost"),
                     f"read as 'compared with forward KL': missing a peak costs "
                     f"{_sig(reverse_cost)} nats under reverse KL (not zero) against "
                     f"{_sig(forward_cost)} nats under forward KL")


# ----------------------------------------------------------- penalties (bits)
def _eval_penalty_huge(teachers: Sequence[Categorical] = (WORKED_EXAMPLE_P, MOVIE_REVIEW_P)) -> Evidence:
    factor_bits = math.log2(MUCH_SMALLER)
    cases = [(t.outcomes[i], float(px)) for t in teachers for i, px in enumerate(t.probs)]
    terms = [px * factor_bits for _, px in cases]  # P log2(P / (P/100))
    holds = [v >= HUGE_BITS for v in terms]
    rare_name, rare_p = min(cases, key=lambda c: c[1])
    common_name, common_p = max(cases, key=lambda c: c[1])
    p_needed = HUGE_BITS / factor_bits
    q_needed = rare_p * 2.0 ** (-HUGE_BITS / rare_p)
    at_zero = float(_kl_terms(_P_WORKED, _Q_WORKED)[_C])
    figures = [
        Figure("term_common", common_p * factor_bits, "bits",
               f"P(x) log2(P(x)/Q(x)) at Q(x) = P(x)/{_sig(MUCH_SMALLER)} for P(x) = {_sig(common_p)}"),
        Figure("term_rare", rare_p * factor_bits, "bits",
               f"the same for the rarest outcome, P(x) = {_sig(rare_p)}"),
        Figure("p_needed", p_needed, "probability",
               f"smallest P(x) whose term reaches {_sig(HUGE_BITS)} bit at Q(x) = P(x)/{_sig(MUCH_SMALLER)}"),
        Figure("q_needed_rare", q_needed, "probability",
               f"Q(x) below which the rarest outcome's term reaches {_sig(HUGE_BITS)} bit"),
        Figure("term_at_zero", at_zero, "bits", "the worked example's term for C at Q(C) = 0"),
        Figure("huge_cases", sum(holds), "count", "outcomes (both teachers) whose term is huge"),
        Figure("cases", len(holds), "count", "outcomes of the article's two teachers"),
    ]
    finding = (f"At Q(x) = P(x)/{_sig(MUCH_SMALLER)} the forward term P(x) log(P(x)/Q(x)) is "
               f"{_sig(common_p * factor_bits)} bits for P(x) = {_sig(common_p)} but "
               f"{_sig(rare_p * factor_bits)} bits for the rare {rare_name} (P = {_sig(rare_p)}); "
               f"{sum(holds)} of {len(holds)} outcomes reach {_sig(HUGE_BITS)} bit. At Q(x) = 0 "
               "the term is infinite.")
    return _evidence(_verdict(holds), finding, figures, ("term_rare", "term_common", "huge_cases"),
                     f"the outcome is not rare: the term is weighted by P(x), so it reaches "
                     f"{_sig(HUGE_BITS)} bit at Q(x) = P(x)/{_sig(MUCH_SMALLER)} only for P(x) >= "
                     f"{_sig(p_needed)}; for {rare_name} (P = {_sig(rare_p)}) it takes Q below "
                     f"{_sig(q_needed)}, or Q = 0 (then it is infinite)")


# ----------------------------------------------- pushes on one outcome's logit
def _coordinate_verdict(in_probabilities: bool, in_logits: bool, prob_text: str,
                        logit_text: str) -> tuple[str, str]:
    """Verdict when a claim is checked for two parametrisations of the student."""
    verdict = _verdict([in_probabilities, in_logits])
    condition = prob_text if in_probabilities else logit_text
    return verdict, condition


def _eval_forward_push(p: Sequence[float] = _P_WORKED, q: Sequence[float] = _Q_WORKED,
                       target: int = _C, names: Sequence[str] = WORKED_EXAMPLE_P.outcomes,
                       standins: Sequence[float] = WORKED_EXAMPLE_ZERO_STANDINS) -> Evidence:
    """"Huge gradient to increase Q(C)": is C's component the largest, in each parametrisation?"""
    gl = gradients.logit_gradient("forward", p, q)
    gp = gradients.probability_gradient("forward", p, q)
    n = names[target]
    eps = standins[len(standins) // 2]
    qs = _standin(q, target, eps)
    in_probs, in_logits = _largest_is(gp, target), _largest_is(gl, target)
    keys = [x.lower() for x in names]
    figures = [Figure(f"push_logit_{k}", float(g), "value", f"d D(P||Q) / d logit of {x} (Q - P)")
               for k, x, g in zip(keys, names, gl, strict=True)]
    figures += [Figure(f"push_prob_{k}", float(g), "value", f"d D(P||Q) / d Q({x}) = -P/Q")
                for k, x, g in zip(keys, names, gp, strict=True)]
    figures += [
        Figure("standin", eps, "probability", f"a small Q({n}) standing in for 0"),
        Figure("push_prob_standin", float(gradients.probability_gradient("forward", p, qs)[target]),
               "value", f"d D(P||Q) / d Q({n}) at the stand-in"),
        Figure("push_logit_standin", float(gradients.logit_gradient("forward", p, qs)[target]),
               "value", f"d D(P||Q) / d logit of {n} at the stand-in"),
    ]
    others = ", ".join(f"{_sig(g)} for {x}" for i, (x, g) in enumerate(zip(names, gl, strict=True))
                       if i != target)
    sizes = ", ".join(f"{_sig(abs(g))} for {x}" for i, (x, g) in enumerate(zip(names, gl, strict=True))
                      if i != target)
    big = int(np.argmax(np.where(np.arange(len(gl)) == target, -np.inf, np.abs(gl))))
    finding = (f"With respect to the probabilities the push on {n} is -P/Q = {_sig(gp[target])} "
               f"({_sig(gp[big])} for {names[big]}). On a softmax student's logits the gradient "
               f"is Q - P: {_sig(gl[target])} for {n} against {others}.")
    verdict, condition = _coordinate_verdict(
        in_probs, in_logits,
        f"the gradient is taken with respect to the probabilities (d/dQ({n}) = -P/Q -> -inf); "
        f"on a softmax student's logits it is Q - P, and {n} gets the smallest push, "
        f"{_sig(abs(gl[target]))}, against {sizes}",
        f"the gradient is taken on a softmax student's logits (Q - P: {_sig(gl[target])} for "
        f"{n}); with respect to the probabilities another outcome gets the largest push")
    decided = tuple(f"push_logit_{k}" for k in keys) + (f"push_prob_{keys[target]}",)
    return _evidence(verdict, finding, figures, decided, condition)


def _eval_score_blows_up(p: Sequence[float] = _P_WORKED, q: Sequence[float] = _Q_WORKED,
                         target: int = _C, names: Sequence[str] = WORKED_EXAMPLE_P.outcomes,
                         standins: Sequence[float] = WORKED_EXAMPLE_ZERO_STANDINS) -> Evidence:
    """"grad log Q(x) = grad Q(x) / Q(x) blows up as Q(x) -> 0": the score's size along the
    stand-ins for Q(C) = 0, for a softmax's logits and for the probabilities as parameters."""
    n = names[target]
    logit_norms, prob_scores, logit_push, prob_push = [], [], [], []
    for e in standins:
        qs = _standin(q, target, e)
        logit_norms.append(float(np.linalg.norm(gradients.grad_log_q(np.log(qs))[target])))
        prob_scores.append(1.0 / e)  # d log Q(C) / d Q(C)
        logit_push.append(float(gradients.logit_gradient("forward", p, qs)[target]))
        prob_push.append(float(gradients.probability_gradient("forward", p, qs)[target]))
    growth_logits = logit_norms[-1] / logit_norms[0]
    growth_probs = prob_scores[-1] / prob_scores[0]
    figures = [
        Figure("standin_largest", standins[0], "probability", f"the largest stand-in for Q({n}) = 0"),
        Figure("standin_smallest", standins[-1], "probability", "the smallest"),
        Figure("score_logits_smallest", logit_norms[-1], "value",
               f"|grad_logits log Q({n})| = |e_{n} - Q| at the smallest stand-in"),
        Figure("growth_logits", growth_logits, "ratio",
               "its growth from the largest to the smallest stand-in"),
        Figure("score_probs_smallest", prob_scores[-1], "value",
               f"d log Q({n}) / d Q({n}) = 1/Q({n}) at the smallest stand-in"),
        Figure("growth_probs", growth_probs, "ratio", "its growth over the same range"),
        Figure("push_logit_smallest", logit_push[-1], "value",
               f"the forward push on {n}'s logit there (Q - P)"),
        Figure("push_prob_smallest", prob_push[-1], "value",
               f"the forward push on Q({n}) there (-P/Q)"),
    ]
    finding = (f"As Q({n}) falls from {_sig(standins[0])} to {_sig(standins[-1])}, the score on a "
               f"softmax's logits, e_{n} - Q, stays at size {_sig(logit_norms[-1])} (growth "
               f"{_sig(growth_logits)}) and the push on {n}'s logit stays near "
               f"{_sig(logit_push[-1])}; with the probabilities as parameters, 1/Q({n}) grows "
               f"{_sig(growth_probs)}-fold and the push -P/Q reaches {_sig(prob_push[-1])}.")
    verdict, condition = _coordinate_verdict(
        growth_probs > MUCH_SMALLER, growth_logits > MUCH_SMALLER,
        "the parameters are the probabilities themselves; on a softmax's logits grad log Q(x) = "
        f"e_x - Q stays below sqrt(2) (grad Q(x) shrinks with Q(x)), and the correction on "
        f"{n}'s logit is Q - P, at most P({n}) = {_sig(p[target])}",
        "the parameters are a softmax's logits")
    return _evidence(verdict, finding, figures, ("growth_logits", "growth_probs"), condition)


def _eval_reverse_no_gradient(p: Sequence[float] = _P_WORKED, q: Sequence[float] = _Q_WORKED,
                              target: int = _C, names: Sequence[str] = WORKED_EXAMPLE_P.outcomes,
                              standins: Sequence[float] = WORKED_EXAMPLE_ZERO_STANDINS) -> Evidence:
    """"No gradient for C" (Q(C) = 0): is C's component negligible, in each parametrisation?"""
    gl = gradients.logit_gradient("reverse", p, q)
    gp = gradients.probability_gradient("reverse", p, q)
    n = names[target]
    eps = standins[len(standins) // 2]
    qs = _standin(q, target, eps)
    gl_s = gradients.logit_gradient("reverse", p, qs)
    gp_s = gradients.probability_gradient("reverse", p, qs)
    fwd_s = gradients.logit_gradient("forward", p, qs)
    in_logits, in_probs = _negligible(gl, target), _negligible(gp, target)
    figures = [
        Figure("rev_logit_c", float(gl[target]), "value", f"d D(Q||P) / d logit of {n} at Q({n}) = 0"),
        Figure("rev_logit_max", float(np.max(np.abs(gl))), "value", "the largest logit component"),
        Figure("rev_prob_c", float(gp[target]), "value",
               f"d D(Q||P) / d Q({n}) = log(Q/P) + 1 at Q({n}) = 0"),
        Figure("standin", eps, "probability", f"a small Q({n}) standing in for 0"),
        Figure("rev_logit_c_standin", float(gl_s[target]), "value",
               f"d D(Q||P) / d logit of {n} at the stand-in"),
        Figure("rev_prob_c_standin", float(gp_s[target]), "value", f"d D(Q||P) / d Q({n}) at the stand-in"),
        Figure("forward_over_reverse_standin", float(abs(fwd_s[target] / gl_s[target])), "ratio",
               f"forward over reverse push on {n}'s logit at the stand-in"),
    ]
    finding = (f"On a softmax's logits the reverse gradient for {n} is Q({n}) (d - E_Q d): exactly "
               f"{_sig(gl[target])} at Q({n}) = 0 and {_sig(gl_s[target])} at Q({n}) = {_sig(eps)} "
               f"(forward pushes {_sig(abs(fwd_s[target] / gl_s[target]))} times harder). With "
               f"respect to the probabilities, d D(Q||P)/d Q({n}) = log(Q/P) + 1 is "
               f"{_sig(gp[target])} at 0 and {_sig(gp_s[target])} at {_sig(eps)}: a pull towards {n}.")
    verdict, condition = _coordinate_verdict(
        in_probs, in_logits,
        f"the gradient is taken with respect to the probabilities; on a softmax's logits {n} "
        "gets a non-negligible component",
        f"the gradient is taken on a softmax student's logits (a factor Q({n}) multiplies {n}'s "
        f"component); with respect to the probabilities d D(Q||P)/d Q({n}) = log(Q/P) + 1 -> "
        f"-inf as Q({n}) -> 0 ({_sig(gp_s[target])} at Q({n}) = {_sig(eps)}), a pull towards {n}, "
        "and only the sampled estimate is zero")
    return _evidence(verdict, finding, figures, ("rev_logit_c", "rev_prob_c"), condition)


def _eval_blind_spot(experiment: GradientExperiment = BLIND_SPOT) -> Evidence:
    """The section-12 student: B all but abandoned. Never sampled, and a zero gradient?"""
    p = np.asarray(experiment.teacher.probs, dtype=float)
    z = np.asarray(experiment.student_logits, dtype=float)
    q = softmax(z)
    b = int(np.argmin(q))
    name = experiment.teacher.outcomes[b]
    draws = experiment.batch_size * experiment.n_batches
    chance = float(-np.expm1(draws * np.log1p(-q[b])))
    gl = gradients.reverse_gradient(p, z)
    gp = gradients.probability_gradient("reverse", p, q)
    fwd = gradients.forward_gradient(p, z)
    unsampled = chance < 0.01
    in_logits = unsampled and _negligible(gl, b)
    in_probs = unsampled and _negligible(gp, b)
    figures = [
        Figure("q_blind", float(q[b]), "probability", f"the student's Q({name})"),
        Figure("draws", draws, "count", "samples in section 12's experiment"),
        Figure("chance_sampled", chance, "probability", f"chance {name} is drawn even once in them"),
        Figure("rev_logit_blind", float(gl[b]), "value", f"exact d D(Q||P) / d logit of {name}"),
        Figure("rev_logit_max", float(np.max(np.abs(gl))), "value", "the largest logit component"),
        Figure("fwd_logit_blind", float(fwd[b]), "value", f"exact d D(P||Q) / d logit of {name}"),
        Figure("rev_prob_blind", float(gp[b]), "value", f"d D(Q||P) / d Q({name}) = log(Q/P) + 1"),
        Figure("rev_prob_max_other", float(np.max(np.abs(np.delete(gp, b)))), "value",
               "the largest other component with respect to the probabilities"),
    ]
    finding = (f"Q({name}) = {_sig(q[b])}: in {draws} draws it turns up with chance "
               f"{_sig(chance)}. The exact reverse gradient on {name}'s logit is {_sig(gl[b])} "
               f"(forward: {_sig(fwd[b])}); with respect to the probabilities it is "
               f"{_sig(gp[b])}, the largest component (the others at most "
               f"{_sig(np.max(np.abs(np.delete(gp, b))))}).")
    verdict, condition = _coordinate_verdict(
        in_probs, in_logits,
        "the gradient is taken with respect to the probabilities",
        f"the gradient is taken on a softmax student's logits (a factor Q({name}) = "
        f"{_sig(q[b])} multiplies it: {_sig(gl[b])}); with respect to the probabilities "
        f"d D(Q||P)/d Q({name}) = log(Q/P) + 1 = {_sig(gp[b])} is the largest component, a "
        "pull towards the blind outcome, and only the sampled estimate (which never sees it) is zero")
    return _evidence(verdict, finding, figures,
                     ("chance_sampled", "rev_logit_blind", "rev_prob_blind"), condition)


def _combine(*verdicts: str) -> str:
    """Several checks of one claim: all agree, all differ, or it holds only under a condition."""
    if all(v == AGREES for v in verdicts):
        return AGREES
    return DIFFERS if all(v == DIFFERS for v in verdicts) else CONDITIONAL


def _eval_zero_at_q0() -> Evidence:
    """Sections 12 and 18: Q(x) = 0 exactly (the worked example's C) and Q(x) ≈ 0 (section 12's B)."""
    exact = _eval_reverse_no_gradient()
    approx = _eval_blind_spot()
    figures = [*exact.figures, *(Figure(f"blind_{f.name}", f.value, f.unit, f.what)
                                  for f in approx.figures)]
    return _evidence(_combine(exact.verdict, approx.verdict), exact.finding + " " + approx.finding,
                     figures, ("rev_logit_c", "rev_prob_c", "blind_rev_prob_blind"),
                     exact.condition or approx.condition)


# ------------------------------------------------------ descent on the logits
@cache
def _standin_runs(direction: gradients.Direction, steps: int,
                  p: tuple[float, ...] = tuple(WORKED_EXAMPLE_P.probs),
                  q: tuple[float, ...] = tuple(WORKED_EXAMPLE_Q.probs),
                  target: int = _C,
                  standins: tuple[float, ...] = WORKED_EXAMPLE_ZERO_STANDINS) -> tuple[gradients.DescentRun, ...]:
    starts = np.log([_standin(q, target, e) for e in standins])
    return tuple(gradients.descend_many(direction, p, starts, learning_rate=_LD.learning_rate,
                                        steps=steps))


def _learned_step(run: gradients.DescentRun, outcome: int, limit: int | None = None) -> float:
    probs = run.probs[:, outcome] if limit is None else run.probs[: limit + 1, outcome]
    step = run.first_step(probs >= LEARNED_SHARE * run.teacher[outcome])
    return math.inf if step is None else float(step)


def _eval_covers_c(standins: Sequence[float] = WORKED_EXAMPLE_ZERO_STANDINS) -> Evidence:
    runs = _standin_runs("forward", _LD.max_steps)
    c_steps = [_learned_step(r, _C) for r in runs]
    b = WORKED_EXAMPLE_P.outcomes.index("B")
    b_steps = [_learned_step(r, b) for r in runs]
    holds = [math.isfinite(s) for s in c_steps]
    figures = [Figure(f"steps_c_{i}", s, "count",
                      f"forward steps until Q(C) >= P(C)/2 from Q(C) = {_sig(e)}")
               for i, (s, e) in enumerate(zip(c_steps, standins, strict=True))]
    figures += [Figure("steps_b", max(b_steps), "count", "forward steps until Q(B) >= P(B)/2 (slowest start)"),
                Figure("learning_rate", _LD.learning_rate, "value", "step size"),
                Figure("push_logit_c", float(_P_WORKED[_C]), "value",
                       "the push on C's logit while Q(C) is tiny: about P(C)")]
    finding = (f"Forward-KL descent on the logits (step {_sig(_LD.learning_rate)}) raises Q(C) to "
               "half of P(C) in " + ", ".join(f"{_sig(s)}" for s in c_steps)
               + " steps from Q(C) = " + ", ".join(_sig(e) for e in standins)
               + f", against {_sig(max(b_steps))} steps for B: it covers C, slowly (its logit is "
               f"pushed by about P(C) = {_sig(_P_WORKED[_C])} a step).")
    return _evidence(_verdict(holds), finding, figures, tuple(f.name for f in figures[:len(runs)]),
                     "Q(C) starts large enough to be reached within "
                     f"{_LD.max_steps} steps")


def _eval_ignores_c(standins: Sequence[float] = WORKED_EXAMPLE_ZERO_STANDINS) -> Evidence:
    fwd = [_learned_step(r, _C) for r in _standin_runs("forward", _LD.max_steps)]
    budgets = [int(BUDGET_FACTOR * (s if math.isfinite(s) else _LD.max_steps)) for s in fwd]
    rev_runs = _standin_runs("reverse", max(budgets))
    rev = [_learned_step(r, _C, limit=b) for r, b in zip(rev_runs, budgets, strict=True)]
    ignores = [not math.isfinite(s) for s in rev]
    cost = -math.log(1.0 - float(_P_WORKED[_C]))
    figures = []
    for i, (e, f, r, b) in enumerate(zip(standins, fwd, rev, budgets, strict=True)):
        figures += [Figure(f"standin_{i}", e, "probability", "starting Q(C)"),
                    Figure(f"forward_steps_{i}", f, "count", "forward steps until Q(C) >= P(C)/2"),
                    Figure(f"reverse_steps_{i}", r, "count",
                           f"reverse steps until Q(C) >= P(C)/2 (inf: not within {b})")]
    figures += [Figure("ignore_cost", cost, "nats",
                       "least D(Q||P) of a student with Q(C) = 0: -log(1 - P(C))"),
                Figure("reverse_optimum_kl", 0.0, "nats",
                       "D(Q||P) at the reverse optimum of a softmax student, Q = P (covers C)")]
    ignoring = [_sig(e) for e, h in zip(standins, ignores, strict=True) if h]
    learning = [(e, r) for e, r, h in zip(standins, rev, ignores, strict=True) if not h]
    finding = ("Reverse-KL descent from Q(C) = " + ", ".join(_sig(e) for e in standins)
               + " raises Q(C) to half of P(C) in " + ", ".join(_sig(r) for r in rev)
               + f" steps (inf: not within {BUDGET_FACTOR} times forward's "
               + ", ".join(_sig(f) for f in fwd) + f"). Ignoring C costs only {_sig(cost)} nats, "
               "yet the reverse optimum of a softmax student is Q = P, which covers C.")
    condition = (f"Q(C) starts tiny: from Q(C) = {', '.join(ignoring)} reverse KL leaves C under "
                 f"half of P(C) for {BUDGET_FACTOR} times the steps forward KL needs")
    if learning:
        condition += ", but from " + ", ".join(f"Q(C) = {_sig(e)} it covers C in {_sig(r)} steps"
                                               for e, r in learning)
    condition += (f"; ignoring C costs {_sig(cost)} nats, and the optimum (Q = P) covers C: "
                  "ignoring is a slow plateau, not where reverse KL ends")
    return _evidence(_verdict(ignores), finding, figures,
                     tuple(f"reverse_steps_{i}" for i in range(len(standins))), condition)


def _eval_never_learn(experiment: GradientExperiment = BLIND_SPOT) -> Evidence:
    p = np.asarray(experiment.teacher.probs, dtype=float)
    z = np.asarray(experiment.student_logits, dtype=float)
    b = int(np.argmin(softmax(z)))
    name = experiment.teacher.outcomes[b]
    lr = _LD.learning_rate
    fwd_run = gradients.descend_logits("forward", p, z, learning_rate=lr, steps=_LD.max_steps)
    f_steps = _learned_step(fwd_run, b)
    budget = int(BUDGET_FACTOR * (f_steps if math.isfinite(f_steps) else _LD.max_steps))
    rev_run = gradients.descend_logits("reverse", p, z, learning_rate=lr, steps=budget)
    r_steps = _learned_step(rev_run, b)
    push = abs(float(gradients.reverse_gradient(p, z)[b]))
    verdict = (AGREES if not math.isfinite(r_steps)
               else DIFFERS if r_steps <= f_steps else CONDITIONAL)
    figures = [
        Figure("forward_steps", f_steps, "count", f"forward steps until Q({name}) >= P({name})/2"),
        Figure("budget", budget, "count", f"{BUDGET_FACTOR} times that"),
        Figure("reverse_steps", r_steps, "count",
               f"reverse steps until Q({name}) >= P({name})/2 (inf: not within the budget)"),
        Figure("reverse_q_end", float(rev_run.probs[-1, b]), "probability",
               f"Q({name}) after the budget of reverse steps"),
        Figure("steps_per_unit_logit", 1.0 / (lr * push), "count",
               f"steps for reverse KL to raise {name}'s logit by one at its starting push"),
    ]
    finding = (f"From section 12's student, forward KL lifts Q({name}) to half of P({name}) in "
               f"{_sig(f_steps)} steps; after {budget} reverse-KL steps Q({name}) is "
               f"{_sig(rev_run.probs[-1, b])} (P({name}) = {_sig(p[b])}). At its starting push, "
               f"reverse KL needs about {_sig(1.0 / (lr * push))} steps to raise {name}'s logit by one.")
    return _evidence(verdict, finding, figures, ("forward_steps", "reverse_steps"),
                     f"it does learn {name}, in {_sig(r_steps)} steps against forward KL's "
                     f"{_sig(f_steps)}")


def _eval_learns_everything(direction: gradients.Direction = "forward",
                            teachers: Sequence[Categorical] = _LD.teachers) -> Evidence:
    """Exact descent from every grid student: does every outcome get learned? And how hard
    is an under-weighted outcome pushed, relative to P(x)?"""
    learned, slowest, fwd_push, rev_push = [], 0.0, math.inf, math.inf
    other: gradients.Direction = "reverse" if direction == "forward" else "forward"
    other_learned = []
    for p in _teacher_probs(teachers):
        s = _sweep(direction, p, _LD.learning_rate)
        learned += [math.isfinite(x) for x in s.learned_step]
        slowest = max(slowest, float(np.max(s.learned_step)))
        other_learned += [math.isfinite(x) for x in _sweep(other, p, _LD.learning_rate).learned_step]
        pa = np.asarray(p)
        for z in _grid(pa.size):
            q = softmax(z)
            under = q < LEARNED_SHARE * pa
            if under.any():
                fwd_push = min(fwd_push, float(np.min(np.abs(q - pa)[under] / pa[under])))
                g = gradients.reverse_gradient(pa, z)
                rev_push = min(rev_push, float(np.min(np.abs(g)[under] / pa[under])))
    n = len(learned)
    figures = [
        Figure("starts", n, "count", "grid students (both teachers)"),
        Figure("learned", sum(learned), "count",
               f"{direction}-KL runs in which every outcome reaches half its teacher probability"),
        Figure("slowest_steps", slowest, "count", "steps the slowest such run needed (inf: some never)"),
        Figure("other_learned", sum(other_learned), "count",
               f"the same count for {other} KL"),
        Figure("min_forward_push", fwd_push, "ratio",
               "smallest forward push on an under-weighted outcome's logit, over P(x)"),
        Figure("min_reverse_push", rev_push, "ratio",
               "smallest reverse push on an under-weighted outcome's logit, over P(x)"),
    ]
    finding = (f"Exact {direction}-KL descent (step {_sig(_LD.learning_rate)}, {_LD.max_steps} "
               f"steps) from {n} grid students learns every outcome in {sum(learned)} runs "
               f"(slowest: {_sig(slowest)} steps); {other} KL in {sum(other_learned)}. Forward KL "
               f"pushes an under-weighted outcome's logit by at least {_sig(fwd_push)} of its "
               f"P(x); reverse KL by as little as {_sig(rev_push)} of it.")
    return _evidence(_verdict(learned), finding, figures, ("learned", "starts"),
                     f"the run is long enough: {sum(learned)} of {n} runs learn every outcome "
                     f"within {_LD.max_steps} steps")


def _eval_entropy_constant(p: Sequence[float] = _P_WORKED, q: Sequence[float] = _Q_WORKED,
                           target: int = _C) -> Evidence:
    eps = WORKED_EXAMPLE_ZERO_STANDINS[0]
    run = gradients.descend_logits("forward", p, np.log(_standin(q, target, eps)),
                                   learning_rate=_LD.learning_rate, steps=_LD.max_steps)
    h = run.entropy(base=2)
    gap = float(np.max(np.abs(run.cross_entropy(base=2) - run.forward_kl(base=2) - h)))
    figures = [
        Figure("entropy", h, "bits", "H(P), the teacher's entropy"),
        Figure("cross_entropy_start", float(run.cross_entropy(base=2)[0]), "bits",
               "H(P, Q) of the starting student"),
        Figure("cross_entropy_end", float(run.cross_entropy(base=2)[-1]), "bits",
               f"H(P, Q) after {run.steps} forward-KL steps"),
        Figure("largest_gap", gap, "bits", "largest |H(P,Q) - D(P||Q) - H(P)| along the run"),
    ]
    finding = (f"Along {run.steps} forward-KL steps from the worked example (Q(C) = {_sig(eps)}) "
               f"the cross-entropy falls from {_sig(figures[1].value)} to "
               f"{_sig(figures[2].value)} bits towards H(P) = {_sig(h)} bits; H(P,Q) - D(P||Q) "
               f"stays at H(P) within {_sig(gap)} bits.")
    return _evidence(AGREES if gap <= 1e-9 else DIFFERS, finding, figures, ("largest_gap",), "")


# --------------------------------------------------------- estimator variance
@dataclass(frozen=True)
class _VarianceFacts:
    share: dict[str, float]          # forward lower (relative) per baseline
    share_absolute: float            # forward lower (absolute), no baseline
    n: int
    median_forward: float
    median_reverse: dict[str, float]
    batch_factor: dict[str, float]   # median over students of R_reverse / R_forward
    baseline_gain: dict[str, float]  # median over students of R_none / R_baseline
    kl_win: float
    kl_lose: float
    swing_win: float
    swing_lose: float
    tail_reverse: float              # largest one-sample estimate over |exact|, reverse
    tail_forward: float


@cache
def _variance_facts(teachers: tuple[Categorical, ...] = _LD.teachers) -> _VarianceFacts:
    fwd_rel, rev_rel, fwd_var, rev_var0 = [], {b: [] for b in gradients.BASELINES}, [], []
    kl_pq, swing, tail_r, tail_f = [], [], 0.0, 0.0
    for p in _teacher_probs(teachers):
        sweep = _variance_sweep(p)
        fwd_rel.append(sweep.forward_relative())
        fwd_var.append(sweep.forward_variance)
        rev_var0.append(sweep.reverse_variance["none"])
        for b in gradients.BASELINES:
            rev_rel[b].append(sweep.reverse_relative(b))
        pa = np.asarray(p)
        for z in sweep.students:
            q = softmax(z)
            r = np.log(q) - np.log(pa)
            kl_pq.append(kl_divergence(pa, q, base=math.e))
            swing.append(float(r.max() - r.min()))
            s = np.eye(pa.size) - q
            gr, gf = gradients.reverse_gradient(pa, z), gradients.forward_gradient(pa, z)
            tail_r = max(tail_r, float(np.max(np.linalg.norm(r[:, None] * s, axis=1))
                                       / np.linalg.norm(gr)))
            tail_f = max(tail_f, float(np.max(np.linalg.norm(s, axis=1)) / np.linalg.norm(gf)))
    f = np.concatenate(fwd_rel)
    rv = {b: np.concatenate(v) for b, v in rev_rel.items()}
    win = f < rv["none"]
    kl_a, sw_a = np.array(kl_pq), np.array(swing)

    def med(a: np.ndarray) -> float:
        return float(np.median(a)) if a.size else math.nan

    return _VarianceFacts(
        share={b: float(np.mean(f < rv[b])) for b in gradients.BASELINES},
        share_absolute=float(np.mean(np.concatenate(fwd_var) < np.concatenate(rev_var0))),
        n=int(f.size),
        median_forward=med(f),
        median_reverse={b: med(v) for b, v in rv.items()},
        batch_factor={b: med(v / f) for b, v in rv.items()},
        baseline_gain={b: med(rv["none"] / v) for b, v in rv.items()},
        kl_win=med(kl_a[win]), kl_lose=med(kl_a[~win]),
        swing_win=med(sw_a[win]), swing_lose=med(sw_a[~win]),
        tail_reverse=tail_r, tail_forward=tail_f,
    )


def _blind_spot_ratios(experiment: GradientExperiment = BLIND_SPOT) -> tuple[float, float]:
    """Section 12's variance ratio (reverse over forward, on the favourite's logit) at its
    student and at the end of its sweep."""
    p = np.asarray(experiment.teacher.probs, dtype=float)
    z = np.asarray(experiment.student_logits, dtype=float)
    q = softmax(z)
    shown, over = int(np.argmax(q)), int(np.argmax(q / p))
    end = z.copy()
    end[over] = experiment.sweep_to
    return (gradients.variance_ratio(p, z, shown), gradients.variance_ratio(p, end, shown))


def _eval_variance(side: str = "forward",
                   teachers: tuple[Categorical, ...] = _LD.teachers) -> Evidence:
    """Forward "low variance" / REINFORCE "high variance", relative to each gradient's size."""
    v = _variance_facts(teachers)
    shares = [v.share[b] for b in gradients.BASELINES]
    holds = shares if side == "forward" else [1.0 - s for s in shares]
    verdict = AGREES if min(holds) == 1.0 else (DIFFERS if max(holds) == 0.0 else CONDITIONAL)
    start_ratio, end_ratio = _blind_spot_ratios()
    k = len(teachers[0].probs)
    figures = [
        Figure("students", v.n, "count", "swept students (both teachers)"),
        Figure("share_none", v.share["none"], "ratio",
               "share where forward's variance relative to its gradient is below REINFORCE's, no baseline"),
        Figure("share_mean", v.share["mean"], "ratio", "the same against the mean-reward baseline"),
        Figure("share_optimal", v.share["optimal"], "ratio",
               "the same against the variance-optimal constant baseline"),
        Figure("share_absolute", v.share_absolute, "ratio",
               "share where forward's absolute variance is below REINFORCE's (no baseline)"),
        Figure("median_forward", v.median_forward, "ratio", "median relative variance, forward"),
        Figure("median_reverse_none", v.median_reverse["none"], "ratio",
               "median relative variance, REINFORCE without a baseline"),
        Figure("median_reverse_optimal", v.median_reverse["optimal"], "ratio",
               "median relative variance, REINFORCE with the optimal baseline"),
        Figure("kl_where_reverse_wins", v.kl_lose, "nats",
               "median D(P||Q) of the students where REINFORCE (no baseline) has the lower one"),
        Figure("kl_where_forward_wins", v.kl_win, "nats", "median D(P||Q) where forward has"),
        Figure("swing_where_reverse_wins", v.swing_lose, "nats",
               "median range of the reward log Q - log P where REINFORCE wins"),
        Figure("swing_where_forward_wins", v.swing_win, "nats", "the same where forward wins"),
        Figure("section12_ratio_start", start_ratio, "ratio",
               "section 12: reverse/forward variance on the favourite's logit, its student"),
        Figure("section12_ratio_end", end_ratio, "ratio", "the same at the end of its sweep"),
    ]
    finding = (f"Relative to the size of its own gradient, the forward estimator has the lower "
               f"variance for {_pct(v.share['none'])} of {v.n} swept students against REINFORCE "
               f"without a baseline, {_pct(v.share['mean'])} against the mean-reward baseline and "
               f"{_pct(v.share['optimal'])} against the variance-optimal one (median relative "
               f"variance {_sig(v.median_forward)} forward, {_sig(v.median_reverse['none'])} and "
               f"{_sig(v.median_reverse['optimal'])} REINFORCE); in absolute variance forward is "
               f"lower for only {_pct(v.share_absolute)}. Section 12's ratio is "
               f"{_sig(start_ratio)} at its student and {_sig(end_ratio)} at the end of its "
               f"sweep. With the teacher's whole distribution both gradients are exact sums over "
               f"{k} outcomes, with no variance at all; these figures compare sampled estimators.")
    condition = (f"it depends on the student and the baseline: forward's variance relative to its "
                 f"gradient is the lower for {_pct(v.share['none'])} of the swept students without a "
                 f"baseline, {_pct(v.share['mean'])} with the mean-reward baseline and "
                 f"{_pct(v.share['optimal'])} with the variance-optimal one; REINFORCE is the lower "
                 f"near the teacher (median D(P||Q) {_sig(v.kl_lose)} nats where it wins, "
                 f"{_sig(v.kl_win)} where it loses), where its reward log Q - log P swings less "
                 f"(median range {_sig(v.swing_lose)} against {_sig(v.swing_win)} nats)")
    return _evidence(verdict, finding, figures, ("share_none", "share_mean", "share_optimal"),
                     condition)


def _eval_needs_help(teachers: tuple[Categorical, ...] = _LD.teachers) -> Evidence:
    v = _variance_facts(teachers)
    bigger = v.batch_factor["none"] > 1.0
    helps = v.baseline_gain["optimal"] > 1.0
    verdict = AGREES if bigger and helps else (DIFFERS if not bigger else CONDITIONAL)
    figures = [
        Figure("batch_factor_none", v.batch_factor["none"], "ratio",
               "median over students of REINFORCE's relative variance over forward's, no "
               "baseline: the batch it needs for the same accuracy, in forward batches"),
        Figure("batch_factor_mean", v.batch_factor["mean"], "ratio", "the same, mean-reward baseline"),
        Figure("batch_factor_optimal", v.batch_factor["optimal"], "ratio",
               "the same, variance-optimal baseline"),
        Figure("gain_optimal", v.baseline_gain["optimal"], "ratio",
               "median variance cut by the optimal baseline"),
        Figure("gain_mean", v.baseline_gain["mean"], "ratio",
               "median variance cut by the mean-reward baseline (below 1: it adds variance)"),
        Figure("tail_reverse", v.tail_reverse, "ratio",
               "largest one-sample REINFORCE estimate over the exact gradient's size"),
        Figure("tail_forward", v.tail_forward, "ratio", "the same for the forward estimator"),
    ]
    finding = (f"At the median swept student REINFORCE needs {_sig(v.batch_factor['none'])} times "
               f"forward's batch for the same relative accuracy without a baseline, "
               f"{_sig(v.batch_factor['optimal'])} with the variance-optimal baseline (a "
               f"{_sig(v.baseline_gain['optimal'])}-fold cut) and "
               f"{_sig(v.batch_factor['mean'])} with the mean-reward baseline, which adds "
               f"variance here (cut {_sig(v.baseline_gain['mean'])}). One REINFORCE sample can be "
               f"{_sig(v.tail_reverse)} times the gradient's size (forward: at most "
               f"{_sig(v.tail_forward)}), the heavy tail clipping addresses.")
    return _evidence(verdict, finding, figures, ("batch_factor_none", "gain_optimal"),
                     "it needs bigger batches, but no constant baseline helps here (the optimal "
                     f"one changes the variance {_sig(v.baseline_gain['optimal'])}-fold)")


# ------------------------------------------------ stability, sample efficiency
_ESTIMATORS: tuple[tuple[gradients.Direction, str], ...] = (
    ("forward", "none"), ("reverse", "none"), ("reverse", "mean"), ("reverse", "optimal"))


def _eval_stable(teachers: Sequence[Categorical] = _LD.teachers) -> Evidence:
    """Exact descent on the logits: monotone from every start? converged?"""
    tps = _teacher_probs(teachers)

    def largest_monotone(direction: gradients.Direction) -> float:
        best = 0.0
        for lr in sorted(_LD.step_sizes):
            steps = _LD.max_steps if lr == _LD.learning_rate else STABILITY_STEPS
            if not all(_sweep(direction, p, lr, steps=steps).monotone.all() for p in tps):
                break
            best = lr
        return best

    def converged(direction: gradients.Direction) -> float:
        tv = np.concatenate([_sweep(direction, p, _LD.learning_rate).final_tv for p in tps])
        return float(np.mean(tv <= _LD.tolerance))

    def plateaus() -> tuple[float, bool]:
        """Unconverged reverse runs: the largest of their starts' smallest Q(x)/P(x), and
        whether each still leaves that outcome under half its teacher probability."""
        worst, stuck = 0.0, True
        for p in tps:
            pa = np.asarray(p)
            s = _sweep("reverse", p, _LD.learning_rate)
            for i in np.flatnonzero(s.final_tv > _LD.tolerance):
                ratio = softmax(_grid(pa.size)[i]) / pa
                x = int(np.argmin(ratio))
                worst = max(worst, float(ratio[x]))
                stuck = stuck and bool(s.final_probs[i][x] < LEARNED_SHARE * pa[x])
        return worst, stuck

    monotone = all(_sweep("forward", p, _LD.learning_rate).monotone.all() for p in tps)
    conv = converged("forward")
    verdict = DIFFERS if not monotone else (AGREES if conv == 1.0 else CONDITIONAL)
    lm_f, lm_r = largest_monotone("forward"), largest_monotone("reverse")
    figures = [
        Figure("learning_rate", _LD.learning_rate, "value", "the standard step size"),
        Figure("forward_monotone", float(monotone), "ratio",
               "1 if forward-KL descent lowers the loss at every step from every start"),
        Figure("forward_converged", conv, "ratio",
               f"share of forward runs within total variation {_sig(_LD.tolerance)} of the "
               f"teacher after {_LD.max_steps} steps"),
        Figure("reverse_converged", converged("reverse"), "ratio", "the same for reverse KL"),
        Figure("forward_largest_stable_step", lm_f, "value",
               "largest step size (doubling) at which every forward run is monotone (over "
               f"{STABILITY_STEPS} steps)"),
        Figure("reverse_largest_stable_step", lm_r, "value", "the same for reverse KL"),
        Figure("reverse_unconverged_start_ratio", plateaus()[0], "ratio",
               "largest smallest-Q(x)/P(x) among the starts of unconverged reverse runs"),
    ]
    finding = (f"Exact forward-KL descent on the logits lowers the loss at every step from every "
               f"grid student (both teachers) for step sizes up to {_sig(lm_f)} (the cross-entropy's "
               f"curvature in the logits is at most 1/2) and ends within total variation "
               f"{_sig(_LD.tolerance)} of the teacher from {_pct(conv)} of them. Reverse KL is "
               f"monotone up to step size {_sig(lm_r)} and converges from "
               f"{_pct(converged('reverse'))}")
    ratio, stuck = plateaus()
    if converged("reverse") < 1.0:
        finding += (f"; each of the others starts with an outcome at Q(x)/P(x) of at most "
                    f"{_sig(ratio)}" + (" and still leaves it under half its teacher "
                                        "probability: a blind-spot plateau" if stuck else ""))
    finding += "."
    return _evidence(verdict, finding, figures, ("forward_monotone", "forward_converged"),
                     f"given enough steps: it converges from {_pct(conv)} of the starts within "
                     f"{_LD.max_steps}")


@cache
def _efficiency_facts(teachers: tuple[Categorical, ...] = _LD.teachers) -> dict[str, tuple[float, ...]]:
    """Per estimator: (median samples to reach the tolerance over all starts, share reaching,
    median noise floor)."""
    out = {}
    for direction, baseline in _ESTIMATORS:
        sums = [_sweep(direction, p, _LD.learning_rate, _LD.batch_size, baseline)
                for p in _teacher_probs(teachers)]
        reach = np.concatenate([s.reach_step for s in sums]) * _LD.batch_size
        floor = np.concatenate([s.floor_tv for s in sums])
        out[f"{direction}_{baseline}"] = (float(np.median(reach)), float(np.mean(np.isfinite(reach))),
                                          float(np.median(floor)))
    return out


def _eval_sample_efficient(teachers: tuple[Categorical, ...] = _LD.teachers) -> Evidence:
    e = _efficiency_facts(teachers)
    f_med, f_reach, f_floor = e["forward_none"]
    rivals = [k for k in e if k.startswith("reverse")]
    holds = [f_med <= e[k][0] and f_reach >= e[k][1] for k in rivals]
    figures = [Figure("batch_size", _LD.batch_size, "count", "samples per step"),
               Figure("tolerance", _LD.tolerance, "value", "total variation counted as reached")]
    for k, (med, reach, floor) in e.items():
        name = k.replace("forward_none", "forward").replace("reverse_", "reverse_")
        figures += [Figure(f"samples_{name}", med, "count",
                           f"median samples until within the tolerance, {k.replace('_', ', ')} "
                           "(inf counts runs that never get there)"),
                    Figure(f"reached_{name}", reach, "ratio", f"share of runs that get there, {k}"),
                    Figure(f"floor_{name}", floor, "value",
                           f"median total variation over the last tenth of the run, {k}")]
    losing = [k for k, h in zip(rivals, holds, strict=True) if not h]
    winning = [k for k in rivals if k not in losing]
    finding = (f"Sampled descent (batch {_LD.batch_size}, step {_sig(_LD.learning_rate)}, seed "
               f"{_LD.seed}) from every grid student: forward KL gets within total variation "
               f"{_sig(_LD.tolerance)} of the teacher after a median {_sig(f_med)} samples "
               f"({_pct(f_reach)} of runs get there); "
               + "; ".join(f"{_BASELINE_WORDS[k]} after {_sig(e[k][0])} ({_pct(e[k][1])})"
                           for k in rivals)
               + f". With a constant step the forward runs then hover at a noise floor (median "
               f"total variation {_sig(f_floor)}), while REINFORCE's variance vanishes at the "
               f"teacher (floor {_sig(e['reverse_none'][2])}).")
    return _evidence(_verdict(holds), finding, figures,
                     ("samples_forward", *(f"samples_{k}" for k in rivals)),
                     "compared with " + " or ".join(_BASELINE_WORDS[k] for k in winning)
                     + "; " + " and ".join(_BASELINE_WORDS[k] for k in losing)
                     + " needs no more samples")


_BASELINE_WORDS = {"reverse_none": "REINFORCE without a baseline",
                   "reverse_mean": "REINFORCE with the mean-reward baseline",
                   "reverse_optimal": "REINFORCE with the variance-optimal baseline"}


# ---------------------------------------------------------- magnitude of KL
def _teacher_label(t: Categorical) -> str:
    return {WORKED_EXAMPLE_P.name: "the worked example", MOVIE_REVIEW_P.name: "the movie review"}.get(
        t.name, t.name)


def _eval_large_kl(direction: gradients.Direction,
                   teachers: Sequence[Categorical] = _LD.teachers) -> Evidence:
    """Forward KL large -> underestimates outcomes the teacher cares about (P >= 1/K);
    reverse KL large -> over-allocates to the teacher's least likely outcome."""
    cases: list[tuple[str, bool, float, bool]] = []  # (teacher, holds, kl, support mismatch)
    bounds = []
    for t in teachers:
        pa = np.asarray(t.probs, dtype=float)
        qs = [softmax(z) for z in _grid(pa.size)]
        extra = [_Q_WORKED] if t is WORKED_EXAMPLE_P else []
        kls = [kl_divergence(pa, q, base=math.e) if direction == "forward"
               else kl_divergence(q, pa, base=math.e) for q in qs + extra]
        threshold = float(np.quantile(kls[:len(qs)], LARGE_QUANTILE))
        order = np.argsort(pa)
        bounds.append(float(-np.log(pa[order[1]])))
        for q, d in zip(qs + extra, kls, strict=True):
            if d < threshold:
                continue
            terms = _kl_terms(pa, q) if direction == "forward" else _kl_terms(q, pa)
            x = int(np.argmax(terms))
            if direction == "forward":
                ok = q[x] < pa[x] and pa[x] >= 1.0 / pa.size
            else:
                ok = q[x] > pa[x] and x == int(order[0])
            cases.append((t.name, ok, d, bool(q[x] == 0)))
    holds = [c[1] for c in cases]
    exceptions = [c for c in cases if not c[1]]
    worked_c = float(_kl_terms(_P_WORKED, _Q_WORKED)[_C])
    figures = [
        Figure("large_cases", len(cases), "count",
               f"students in the top quarter of the sweep by {direction} KL (plus the worked "
               "example when it is that large)"),
        Figure("holding", sum(holds), "count", "of them, those whose largest term fits the claim"),
    ]
    if direction == "forward":
        figures.append(Figure("worked_term_c", worked_c, "bits",
                              "the worked example's forward term for C (P(C) = 0.02, Q(C) = 0)"))
        finding = (f"Of the {len(cases)} students with a large forward KL, {sum(holds)} have "
                   "their largest term on an outcome they underestimate that the teacher gives at "
                   "least a uniform share (D(P||Q) <= its underestimated terms, always)")
        condition = ("the student gives no allowed outcome zero probability: then the forward "
                     "KL is infinite whatever P(x), and in the worked example all of it comes "
                     f"from C, which the teacher gives only {_sig(_P_WORKED[_C])}")
        if any(not c[3] for c in exceptions):
            condition = (f"{len(exceptions)} of {len(cases)} large-KL students have their largest "
                         "term on an outcome the teacher gives less than a uniform share")
    else:
        figures += [Figure(f"bound_{i}", b, "nats", f"log(1/P) of {_teacher_label(t)}'s second least likely "
                           "outcome: the most reverse KL without mass on its least likely one")
                    for i, (b, t) in enumerate(zip(bounds, teachers, strict=True))]
        if exceptions:
            figures.append(Figure("largest_exception_kl", max(c[2] for c in exceptions), "nats",
                                  "largest reverse KL among the students that break the claim"))
        finding = (f"Of the {len(cases)} students with a large reverse KL, {sum(holds)} have their "
                   "largest term on the teacher's least likely outcome, over-allocated "
                   "(D(Q||P) <= E_Q[log 1/P], so a reverse KL above log(1/P) of every other "
                   "outcome needs mass on the least likely one)")
        condition = ("the reverse KL is larger than log(1/P) of the teacher's other outcomes ("
                     + ", ".join(f"{_sig(b)} nats for {_teacher_label(t)}" for b, t in
                                 zip(bounds, teachers, strict=True))
                     + "): below that, over-allocating to an ordinary outcome is enough ("
                     f"{len(exceptions)} of the {len(cases)} large-KL students, up to "
                     f"{_sig(max((c[2] for c in exceptions), default=0.0))} nats)")
    return _evidence(_verdict(holds), finding + ".", figures, ("holding", "large_cases"), condition)


def _eval_asymmetry() -> Evidence:
    fwd = kl_divergence(_P_MOVIE, _Q_MOVIE)
    rev = kl_divergence(_Q_MOVIE, _P_MOVIE)
    w_fwd, w_rev = kl_divergence(_P_WORKED, _Q_WORKED), kl_divergence(_Q_WORKED, _P_WORKED)
    holds = [abs(fwd - rev) > EXACT_TOLERANCE, w_fwd != w_rev]
    figures = [Figure("movie_forward", fwd, "bits", "D(P||Q), movie review"),
               Figure("movie_reverse", rev, "bits", "D(Q||P), movie review"),
               Figure("worked_forward", w_fwd, "bits", "D(P||Q), worked example"),
               Figure("worked_reverse", w_rev, "bits", "D(Q||P), worked example")]
    finding = (f"Movie review: D(P||Q) = {_sig(fwd)} bits, D(Q||P) = {_sig(rev)} bits; worked "
               f"example: D(P||Q) = {_sig(w_fwd)}, D(Q||P) = {_sig(w_rev)} bits.")
    return _evidence(_verdict(holds), finding, figures,
                     ("movie_forward", "movie_reverse", "worked_forward", "worked_reverse"),
                     "on one of the article's examples only")


def _eval_triangle(a: Coin = FAIR_COIN, c: Coin = BIASED_COIN) -> Evidence:
    pa, pc = np.array(a.probs), np.array(c.probs)
    pb = 0.5 * (pa + pc)
    direct = kl_divergence(pa, pc)
    detour = kl_divergence(pa, pb) + kl_divergence(pb, pc)
    figures = [Figure("direct", direct, "bits", f"D({a.name} || {c.name})"),
               Figure("via_midpoint", detour, "bits",
                      f"D({a.name} || M) + D(M || {c.name}), M their half-and-half mixture"),
               Figure("midpoint_heads", float(pb[0]), "probability", "M's probability of heads")]
    finding = (f"The article's coins: D(fair || biased) = {_sig(direct)} bits, but through their "
               f"midpoint M (P(H) = {_sig(pb[0])}) the two legs add to only {_sig(detour)} bits: "
               "the triangle inequality fails.")
    return _evidence(AGREES if direct > detour else DIFFERS, finding, figures,
                     ("direct", "via_midpoint"), "")


def _eval_direction_matters() -> Evidence:
    asym = _eval_asymmetry()
    infinite = math.isinf(kl_divergence(_P_WORKED, _Q_WORKED))
    finite_rev = math.isfinite(kl_divergence(_Q_WORKED, _P_WORKED))
    verdict = _combine(asym.verdict, AGREES if infinite and finite_rev else DIFFERS)
    return _evidence(verdict, asym.finding + " The worked example's forward KL is infinite "
                     "(support mismatch at C); its reverse KL is finite.", asym.figures,
                     asym.decided_by, "on one of the article's examples only")


def _eval_support_matching(standins: Sequence[float] = WORKED_EXAMPLE_ZERO_STANDINS) -> Evidence:
    at_zero = kl_divergence(_P_WORKED, _Q_WORKED)
    finite = [kl_divergence(_P_WORKED, _standin(_Q_WORKED, _C, e)) for e in standins]
    holds = [math.isinf(at_zero)] + [math.isfinite(v) for v in finite]
    figures = [Figure("at_zero", at_zero, "bits", "D(P||Q) of the worked example, Q(C) = 0")]
    figures += [Figure(f"standin_{i}", v, "bits", f"D(P||Q) with Q(C) = {_sig(e)}")
                for i, (v, e) in enumerate(zip(finite, standins, strict=True))]
    finding = ("The worked example's forward KL is infinite at Q(C) = 0 and finite ("
               + ", ".join(f"{_sig(v)} bits" for v in finite) + ") once Q(C) = "
               + ", ".join(_sig(e) for e in standins) + ": it grows only like P(C) log(1/Q(C)).")
    return _evidence(_verdict(holds), finding, figures, tuple(f.name for f in figures),
                     "only some of the cases")


# ------------------------------------------------------- task-filtered teacher
def _task_teacher(teacher: Categorical = WORKED_EXAMPLE_P,
                  keep: Sequence[str] = _P_TASK_KEEP) -> np.ndarray:
    """The teacher with every outcome outside ``keep`` masked out, renormalised."""
    p = np.asarray(teacher.probs, dtype=float)
    mask = np.array([o in keep for o in teacher.outcomes])
    return np.where(mask, p, 0.0) / p[mask].sum()


@cache
def _task_runs() -> tuple[float, float, float, float]:
    """Forward KL to the task teacher from every grid student: (share reaching it, share
    dropping the masked outcomes below half their original probability, both estimators'
    per-sample variance)."""
    p = np.asarray(WORKED_EXAMPLE_P.probs, dtype=float)
    pt = _task_teacher()
    runs = gradients.descend_many("forward", pt, _grid(p.size), learning_rate=_LD.learning_rate,
                                  steps=_LD.max_steps)
    masked = pt == 0
    reach = float(np.mean([r.total_variation()[-1] <= _LD.tolerance for r in runs]))
    drop = float(np.mean([np.all(r.probs[-1][masked] < LEARNED_SHARE * p[masked]) for r in runs]))
    z0 = _grid(p.size)[0]
    return (reach, drop, gradients.total_variance("forward", pt, z0),
            gradients.total_variance("forward", p, z0))


def _eval_task_filter(focus: bool = True) -> Evidence:
    reach, drop, var_task, var_full = _task_runs()
    masked = [o for o in WORKED_EXAMPLE_P.outcomes if o not in _P_TASK_KEEP]
    holds = [var_task <= var_full, reach == 1.0 and drop == 1.0] if focus else [reach == 1.0 and drop == 1.0]
    figures = [
        Figure("variance_task", var_task, "value",
               "forward estimator's per-sample variance, teacher with "
               + ", ".join(masked) + " masked (1 - sum P_task^2)"),
        Figure("variance_full", var_full, "value", "the same for the full teacher"),
        Figure("reached", reach, "ratio", "share of grid runs ending within the tolerance of P_task"),
        Figure("dropped", drop, "ratio", "share of grid runs ending with the masked outcomes "
               "under half their original probability"),
    ]
    finding = (f"Masking {', '.join(masked)} from the worked example's teacher, forward-KL descent "
               f"from every grid student reaches the task teacher in {_pct(reach)} of runs and "
               f"drops {', '.join(masked)} in {_pct(drop)}: it seeks the kept outcomes with the "
               f"forward estimator, whose per-sample variance is {_sig(var_task)} (full teacher: "
               f"{_sig(var_full)}).")
    return _evidence(_verdict(holds), finding, figures,
                     ("variance_task", "variance_full", "reached", "dropped") if focus
                     else ("reached", "dropped"),
                     "only in part (see the figures)")


def _eval_sharpen_then_forward() -> Evidence:
    raw = np.asarray(DISTILL_TEACHER.probs, dtype=float)
    stages, run = gradients.task_distill_run()  # the run section 14 draws
    task = stages[-1][1]
    end_tv = float(run.total_variation()[-1])
    top = int(np.argmax(raw))
    kept = int(np.sum(task > 0))
    emphasised = task[top] > raw[top] and kept < raw.size
    holds = [bool(emphasised), end_tv <= _LD.tolerance]
    figures = [
        Figure("top_raw", float(raw[top]), "probability",
               f"the raw teacher's top token ({DISTILL_TEACHER.tokens[top]})"),
        Figure("top_filtered", float(task[top]), "probability", "the same after the filters"),
        Figure("kept", float(kept), "count", f"tokens the filters keep, of {raw.size}"),
        Figure("end_tv", end_tv, "value", "total variation between the student and the filtered "
               f"teacher after {TASK_DISTILL_STEPS} exact forward-KL steps"),
        Figure("tolerance", _LD.tolerance, "value", "total variation counted as reached"),
    ]
    finding = (f"The filters (mask, temperature, top-k, top-p) raise {DISTILL_TEACHER.tokens[top]} "
               f"from {_sig(raw[top])} to {_sig(task[top])} and keep {kept} of {raw.size} tokens; "
               f"forward-KL descent from a uniform student ends {_sig(end_tv)} from the filtered "
               "teacher in total variation.")
    return _evidence(_verdict(holds), finding, figures, ("top_raw", "top_filtered", "end_tv"),
                     "only in part (see the figures)")


def _eval_alpha_interpolates() -> Evidence:
    fits, t = gaussians.alpha_fits()  # the sweep sections 14 and 18 draw
    sigmas = np.array([f.sigma for f in fits])
    seek, cover = fits[0], fits[-1]
    spanned = seek.landing == "peak" and cover.landing == "cover"
    jumps = np.abs(np.diff(sigmas))
    largest = float(jumps.max())
    gap = abs(cover.sigma - seek.sigma)
    smooth = largest < gap / 2
    figures = [
        Figure("sigma_seek", seek.sigma, "value", f"fitted sigma at alpha = {seek.alpha:g} (reverse KL)"),
        Figure("sigma_cover", cover.sigma, "value", f"fitted sigma at alpha = {cover.alpha:g} (forward KL)"),
        Figure("largest_jump", largest, "value", "largest change of the fitted sigma between "
               "neighbouring swept alphas"),
        Figure("path_switch", float(t.path_switch) if t.path_switch is not None else math.nan,
               "value", "alpha where the descent from the section-10 start switches valley"),
        Figure("global_switch", float(t.global_switch) if t.global_switch is not None else math.nan,
               "value", "alpha where the covering fit becomes the deepest"),
        Figure("peaks_vanish", float(t.peaks_vanish) if t.peaks_vanish is not None else math.nan,
               "value", "alpha above which no local minimum sits on one peak"),
    ]
    verdict = DIFFERS if not spanned else (AGREES if smooth else CONDITIONAL)
    finding = (f"From section 10's start the fit sits on a peak (sigma {_sig(seek.sigma)}) at "
               f"alpha 0 and covers both (sigma {_sig(cover.sigma)}) at alpha 1; between "
               f"neighbouring alphas sigma changes by up to {_sig(largest)}, so it "
               + ("moves smoothly." if smooth else
                  f"jumps: the descent switches valley at alpha about {t.path_switch:.3f}, the "
                  f"covering valley is the deepest from {t.global_switch:.3f}, and the peak "
                  f"valleys vanish at {t.peaks_vanish:.3f}."))
    condition = ("the family spans seeking to covering, but on this teacher the fit switches "
                 "between two valleys instead of interpolating; where it switches depends on the "
                 f"start (about {t.path_switch:.3f} from section 10's)") if t.path_switch else ""
    return _evidence(verdict, finding, figures, ("sigma_seek", "sigma_cover", "largest_jump"),
                     condition)


# ------------------------------------------------------------------- PPO
def _ppo_identity_error(teachers: Sequence[Categorical] = _LD.teachers,
                        baselines: Sequence[float] = (-1.0, 0.0, 0.5)) -> float:
    """Largest |PPO one-sample estimate + REINFORCE one-sample estimate with baseline -b|."""
    worst = 0.0
    for t in teachers:
        p = np.asarray(t.probs, dtype=float)
        for z in _grid(p.size):
            score = gradients.grad_log_q(z)
            reward = gradients.ppo_kl_reward(p, z)
            r_rev = np.log(softmax(z)) - np.log(p)
            for b in baselines:
                ppo = (reward - b)[:, None] * score
                rev = (r_rev - (-b))[:, None] * score
                worst = max(worst, float(np.max(np.abs(ppo + rev))))
    return worst


def _eval_ppo_inherits(base: Callable[[], Evidence]) -> Evidence:
    err = _ppo_identity_error()
    ev = base()
    same = err <= 1e-12
    figures = [Figure("ppo_identity_error", err, "value",
                      "largest |PPO one-sample estimate + REINFORCE's with baseline -b|"), *ev.figures]
    finding = (f"PPO's one-sample estimate (A = log P - log Q - b) is minus REINFORCE's with "
               f"baseline -b (largest difference {_sig(err)}), so it inherits REINFORCE's "
               "behaviour: " + ev.finding)
    return _evidence(ev.verdict if same else DIFFERS, finding, figures,
                     ("ppo_identity_error", *ev.decided_by), ev.condition)


def _eval_ppo_downsides() -> Evidence:
    parts = [_eval_ppo_inherits(f) for f in _PPO_BASES]
    verdict = _combine(*(p.verdict for p in parts))
    figures = [Figure("ppo_identity_error", _ppo_identity_error(), "value",
                      "largest |PPO one-sample estimate + REINFORCE's with baseline -b|")]
    figures += [Figure(f"verdict_{cid.split('.')[1]}", float(VERDICTS.index(p.verdict)), "count",
                       f"{cid}: 0 agrees, 1 holds only under a condition, 2 differs")
                for cid, p in zip(_PPO_IDS, parts, strict=True)]
    finding = "PPO inherits: " + "; ".join(f"{n}: {p.verdict} ({cid})" for n, cid, p in
                                            zip(_PPO_NAMES, _PPO_IDS, parts, strict=True)) + "."
    condition = ("; ".join(f"{n} holds only under a condition ({cid})" for n, cid, p in
                           zip(_PPO_NAMES, _PPO_IDS, parts, strict=True) if p.verdict == CONDITIONAL)
                 + "; " + ", ".join(n for n, p in zip(_PPO_NAMES, parts, strict=True)
                                    if p.verdict == AGREES) + " agrees")
    return _evidence(verdict, finding, figures, tuple(f.name for f in figures), condition)


_PPO_NAMES = ("high variance", "blind spots", "mode-seeking", "lower sample-efficiency")
_PPO_IDS = ("ppo.inherits_high_variance", "ppo.inherits_blind_spots", "ppo.inherits_mode_seeking",
            "ppo.lower_sample_efficiency")
_PPO_BASES: tuple[Callable[[], Evidence], ...] = (
    lambda: _eval_variance("reverse"), _eval_blind_spot, _eval_reverse_seeks, _eval_sample_efficient)


# ----------------------------------------------------------------- the rules
_R_COORDS = ("Checked for a softmax student's logits and for the probabilities as parameters "
             "(at the article's Q, with Q(C) = 0): holds in both: agrees; in one: holds only "
             "under that parametrisation; in neither: differs.")
_R_HUGE_PUSH = ("'Huge' = C's component is the largest of the gradient's components. "
                + _R_COORDS)
_R_NO_GRADIENT = (f"'No gradient' = the component is below {NEGLIGIBLE:g} of the largest "
                  "component. " + _R_COORDS)
_R_BLIND = (f"'Blind spot' = the outcome is drawn even once in section 12's experiment with "
            f"chance under 1 %, and its gradient component is below {NEGLIGIBLE:g} of the "
            "largest. " + _R_COORDS.replace("(at the article's Q, with Q(C) = 0)",
                                             "(section 12's student, Q(B) about 2e-7)"))
_R_ZERO_AT_Q0 = ("Both checks: the worked example's C at Q(C) = 0 exactly ('no gradient' below "
                 f"{NEGLIGIBLE:g} of the largest component) and section 12's B at Q(B) about 2e-7, "
                 "each for the logits and for the probabilities; all hold: agrees; none: differs; "
                 "otherwise holds only under a condition.")
_R_VARIANCE = ("Variance of the one-sample estimator (exact, a sum over the outcomes) divided by "
               "the squared size of its own exact gradient (what sets the batch for a given "
               "accuracy), at every grid student of both teachers, against REINFORCE with no "
               "baseline, the mean-reward baseline and the variance-optimal constant: the claimed "
               "side lower at every student against every baseline: agrees; at none: differs; "
               "otherwise holds only under a condition.")
_R_COVER_PEAKS = (f"A peak is covered when the fitted student keeps at least {MISSED_SHARE:.0%} of "
                  "the teacher's mass within one teacher width of it. Forward-KL descent (section "
                  "10's step) from every start of the sweep: every fit covers every peak: agrees; "
                  "none does: differs; some: holds only under a condition.")
_R_SEEK = (f"A fit seeks a mode when it covers one peak and misses another (under "
           f"{MISSED_SHARE:.0%} of the teacher's mass near it). Reverse-KL descent from every "
           "start of the sweep: all seek: agrees; none: differs; some: holds only under a "
           "condition (the basin).")
_R_LEARN = (f"An outcome is learned once Q(x) >= {LEARNED_SHARE:g} P(x). Exact descent on the "
            "logits from every grid student of both teachers: every run learns every outcome "
            "within the step budget: agrees; none: differs; some: holds only under a condition.")
_R_EFFICIENT = ("Samples until the student is within the tolerance (total variation) of the "
                "teacher, sampled descent from every grid student of both teachers, median over "
                "the runs (never = infinite): forward needs no more than REINFORCE and gets there "
                "at least as often, against every baseline: agrees; against none: differs; "
                "otherwise holds only under a condition.")
_R_LARGE = ("'Large' = the top quarter of the grid sweep by that KL (plus the worked example "
            "when its KL is that large). The claim holds for a student when its largest KL term "
            "is on an outcome of the claimed kind; all: agrees; none: differs; some: holds only "
            "under a condition.")
_R_PPO = ("PPO's one-sample estimate must equal minus REINFORCE's with baseline -b (largest "
          "difference under 1e-12 over the grid students), else differs; then the verdict is "
          "the one of the reverse-KL claim it inherits.")


def _q(cid: str, section: int, quote: str, statement: str, rule: str, how: str,
       evaluate: Callable[[], Evidence]) -> QualitativeClaim:
    return QualitativeClaim(cid, section, quote, statement, rule, how, evaluate)


#: Every comparative or qualitative claim of sections 10 to 20, in article order.
QUALITATIVE: tuple[QualitativeClaim, ...] = (
    # Section 10: forward vs reverse KL.
    _q("forward.penalty_huge", 10, r"If $P(x)>0$ and $Q(x)\ll P(x)$, the penalty is huge.",
       "Where the teacher has mass and the student far less, forward KL's penalty is huge",
       f"'Q << P' = Q(x) = P(x)/{MUCH_SMALLER:g}; 'huge' = the term P(x) log2(P(x)/Q(x)) is at "
       f"least {HUGE_BITS:g} bit. Every outcome of the article's two teachers: all huge: agrees; "
       "none: differs; some: holds only under a condition.",
       "P(x) log2(100) for each outcome of WORKED_EXAMPLE_P and MOVIE_REVIEW_P",
       _eval_penalty_huge),
    _q("forward.mode_covering", 10,
       r"Strongly discourages **missing any mass** where $P$ is nonzero → **mode-covering**",
       "Forward KL is mode-covering", _R_COVER_PEAKS,
       "gaussians.descend('forward', BIMODAL_TEACHER, ...) from TWO_PEAK_STARTS; student mass "
       "near each peak over the teacher's", _eval_forward_covers_peaks),
    _q("reverse.valley_penalty", 10, r"Penalizes placing mass where $P\approx 0$",
       "Reverse KL penalises the student's mass where the teacher has almost none",
       "Two readings: the covering student (mass in the valley) pays more reverse KL than a "
       "student on one peak, and most of its positive penalty lies where P is under a tenth of "
       "its peak density; both: agrees; one: holds only under a condition; none: differs.",
       "gaussians.reverse_kl of the moment-matched student and of the best reverse fit; the "
       "integrand Q log(Q/P) on a grid", _eval_valley_penalty),
    _q("reverse.missing_mode_free", 10, r"but not for **missing** modes",
       "Reverse KL does not penalise a missed mode",
       "The reverse KL of the student sitting on one peak: at most 1e-3 nats (free): agrees; "
       "under a tenth of the forward KL of the same student: holds only compared with forward "
       "KL; otherwise differs.",
       "gaussians.reverse_kl and forward_kl of the best reverse fit", _eval_missing_mode_cost),
    _q("reverse.mode_seeking", 10, r"not for **missing** modes → **mode-seeking**",
       "Reverse KL is mode-seeking", _R_SEEK,
       "gaussians.descend('reverse', BIMODAL_TEACHER, ...) from TWO_PEAK_STARTS", _eval_reverse_seeks),
    _q("toy.forward_inflates_and_covers", 10,
       "inflate variance and center between peaks to **cover both**",
       "The forward fit inflates its variance and covers both peaks",
       _R_COVER_PEAKS.replace("covers every peak", "covers every peak and is wider than the "
                              "teacher's peaks"),
       "gaussians.descend('forward', ...) from TWO_PEAK_STARTS",
       lambda: _eval_forward_covers_peaks(inflate=True)),
    _q("toy.reverse_picks_one_peak", 10, "pick **one** peak and ignore the other (mode-seeking)",
       "The reverse fit picks one peak and ignores the other", _R_SEEK,
       "gaussians.descend('reverse', ...) from TWO_PEAK_STARTS", _eval_reverse_seeks),
    # Section 11: the gradients.
    _q("forward.low_variance", 11,
       r"Expectation under **fixed** $P$ → **low-variance**, standard cross-entropy gradient.",
       "The forward-KL gradient (samples from P) has low variance", _R_VARIANCE,
       "gradients.variance_sweep over logit_grid for both teachers", _eval_variance),
    _q("forward.gradient_blows_up", 11,
       r"\frac{\nabla_\theta Q_\theta(x)}{Q_\theta(x)}$ blows up → **strong correction**",
       "As Q(x) -> 0 with P(x) > 0, grad log Q(x) blows up: a strong correction",
       f"'Blows up' = grows more than {MUCH_SMALLER:g}-fold as Q(C) falls from the largest to "
       "the smallest stand-in for 0 (a millionfold). Checked for a softmax's logits and for the "
       "probabilities as parameters: both: agrees; one: holds only under that parametrisation; "
       "neither: differs.",
       "|e_C - Q| (softmax score) and 1/Q(C) (probabilities) at Q(C) = 1e-3, 1e-6, 1e-9; the "
       "forward pushes Q - P and -P/Q", _eval_score_blows_up),
    _q("forward.covers_all_modes", 11, r"This is why forward KL **covers** all teacher modes.",
       "Forward KL covers every teacher mode", _R_LEARN,
       "gradients.descend_many('forward', ...) from logit_grid, both teachers", _eval_learns_everything),
    _q("reverse.blind_spot", 11,
       r"If $Q_\theta(x)\approx 0$, that $x$ is **never sampled** → **zero-gradient blind spot**.",
       "An outcome with Q(x) ≈ 0 is never sampled and gets zero gradient", _R_BLIND,
       "BLIND_SPOT: 1 - (1 - Q(B))^draws; reverse_gradient and probability_gradient at its "
       "student", _eval_blind_spot),
    # Section 12: blind spots and variance.
    _q("blind.zero_gradient", 12,
       r"the reverse-KL gradient at $x$ is zero because you never sample that $x$ from $Q_\theta$",
       "Where Q(x) = 0 < P(x) the reverse-KL gradient at x is zero", _R_ZERO_AT_Q0,
       "logit_gradient / probability_gradient of D(Q||P) at the worked example; BLIND_SPOT",
       _eval_zero_at_q0),
    _q("blind.never_learn", 12,
       "The student may **never learn** that token even though the teacher says it matters.",
       "Under reverse KL the student may never learn the blind token",
       f"Exact descent from section 12's student: reverse KL does not learn B within "
       f"{BUDGET_FACTOR} times the steps forward KL needs: agrees; learns it as fast as forward: "
       "differs; in between: holds only under a condition.",
       "gradients.descend_logits from BLIND_SPOT.student_logits, both directions", _eval_never_learn),
    _q("variance.reverse_high", 12,
       "a “reward” $\\log Q-\\log P$ that can swing widely → **high variance**",
       "The REINFORCE (reverse-KL) gradient has high variance", _R_VARIANCE,
       "gradients.variance_sweep over logit_grid for both teachers", lambda: _eval_variance("reverse")),
    _q("variance.reverse_needs_help", 12, "needs baselines/huge batches/clipping",
       "REINFORCE needs baselines, huge batches or clipping",
       "At the median swept student: REINFORCE without a baseline needs a bigger batch than "
       "forward for the same relative accuracy, and the variance-optimal baseline cuts its "
       "variance: agrees; the first fails: differs; only the second fails: holds only under a "
       "condition.",
       "median over the grid of relative-variance ratios; max one-sample size over |gradient|",
       _eval_needs_help),
    _q("variance.forward_low", 12,
       r"Forward-KL gradient samples from **fixed** $P$ and is just cross-entropy → **low variance**",
       "The forward-KL gradient has low variance", _R_VARIANCE,
       "gradients.variance_sweep over logit_grid for both teachers", _eval_variance),
    _q("efficiency.forward_sample_efficient", 12, "**low variance** and **sample-efficient**",
       "Forward KL is sample-efficient", _R_EFFICIENT,
       "gradients.descend_many(..., batch_size=8, seed=10) from logit_grid, both teachers, "
       "forward and REINFORCE with each baseline", _eval_sample_efficient),
    # Section 13: distillation.
    _q("distill.stable", 13, "**Properties:** stable",
       "Forward-KL distillation is stable",
       "'Stable' = exact descent on the logits at the standard step lowers the loss at every "
       "step from every grid student (both teachers) and ends within the tolerance of the "
       "teacher: both: agrees; monotone but not always converged: holds only under a condition; "
       "not monotone: differs. (The largest monotone step size is reported for both directions.)",
       "gradients.descend_many exact from logit_grid at each of LOGIT_DESCENT.step_sizes",
       _eval_stable),
    _q("distill.low_variance", 13, "stable, low-variance", "Forward-KL distillation is low-variance",
       _R_VARIANCE, "gradients.variance_sweep over logit_grid for both teachers", _eval_variance),
    _q("distill.no_blind_spots", 13, "**mode-covering** (no blind spots)",
       "Forward-KL distillation is mode-covering with no blind spots", _R_LEARN,
       "gradients.descend_many('forward', ...) from logit_grid; push Q - P over P", _eval_learns_everything),
    _q("distill.entropy_constant", 13,
       r"It's a constant w\.r.t. $\theta$ and doesn't affect gradients",
       "H(P) is constant in theta: the cross-entropy falls to it while the KL falls to 0",
       "H(P,Q) - D(P||Q) equals H(P) within 1e-9 bits at every step of a forward-KL descent: "
       "agrees; otherwise differs.",
       "gradients.descend_logits('forward', WORKED_EXAMPLE_P, ...); cross_entropy - forward_kl",
       _eval_entropy_constant),
    # Section 14: task-relevant modes.
    _q("task.filtered_low_variance", 14,
       "You retain low variance while focusing learning where it matters.",
       "Forward KL to a filtered teacher keeps low variance and focuses learning",
       "The forward estimator's per-sample variance with the filtered teacher is no larger than "
       "with the full one, and descent from every grid student reaches the task teacher and "
       "drops the masked outcome: both: agrees; one: holds only under a condition; none: differs.",
       "WORKED_EXAMPLE_P with C masked; total_variance; descend_many('forward', P_task, ...)",
       _eval_task_filter),
    _q("task.sharpen_then_forward", 14,
       "**Temperature & top-p/k** on teacher outputs to emphasize salient modes, then forward-KL",
       "Temperature and top-p/k filtering emphasises the salient modes, and forward KL then "
       "distils the filtered teacher",
       "On DISTILL_TEACHER with DISTILL_FILTERS: 'emphasise' = the top token gains mass and some "
       "tokens are dropped; 'then forward KL' = exact forward descent from a uniform student "
       "ends within the audit's total-variation tolerance of the filtered teacher. Both: agrees; "
       "one: holds only under a condition; none: differs.",
       "teachers.filter_stages(DISTILL_TEACHER, DISTILL_FILTERS); descend_logits('forward', ...)",
       _eval_sharpen_then_forward),
    _q("task.alpha_interpolates", 14,
       "interpolate between mode-covering and mode-seeking",
       "Alpha-divergences interpolate between mode-covering and mode-seeking",
       "Descent from section 10's start for every alpha of ALPHA_SWEEP: the fit must sit on one "
       "peak at alpha 0 and cover both at alpha 1 (else: differs); it interpolates when the "
       "fitted sigma moves by less than half the gap between those two fits from one swept alpha "
       "to the next (agrees), and holds only under a condition when it jumps.",
       "gaussians.alpha_sweep(ALPHA_SWEEP, BIMODAL_TEACHER, ...); gaussians.alpha_transitions",
       _eval_alpha_interpolates),
    # Section 15: PPO.
    _q("ppo.inherits_high_variance", 15, "It inherits reverse-KL’s drawbacks: **high variance**",
       "PPO on the KL reward inherits reverse KL's high variance", _R_PPO + " " + _R_VARIANCE,
       "ppo_kl_reward, grad_log_q; then variance.reverse_high",
       lambda: _eval_ppo_inherits(_PPO_BASES[0])),
    _q("ppo.inherits_blind_spots", 15, "**high variance**, **blind spots**",
       "PPO on the KL reward inherits reverse KL's blind spots", _R_PPO + " " + _R_BLIND,
       "ppo_kl_reward, grad_log_q; then reverse.blind_spot",
       lambda: _eval_ppo_inherits(_PPO_BASES[1])),
    _q("ppo.inherits_mode_seeking", 15, "**blind spots**, **mode-seeking**",
       "PPO on the KL reward inherits reverse KL's mode seeking", _R_PPO + " " + _R_SEEK,
       "ppo_kl_reward, grad_log_q; then reverse.mode_seeking",
       lambda: _eval_ppo_inherits(_PPO_BASES[2])),
    _q("ppo.lower_sample_efficiency", 15,
       "**lower sample-efficiency** than forward-KL distillation when you already have teacher samples",
       "PPO on the KL reward is less sample-efficient than forward-KL distillation",
       _R_PPO + " " + _R_EFFICIENT, "ppo_kl_reward, grad_log_q; then "
       "efficiency.forward_sample_efficient", lambda: _eval_ppo_inherits(_PPO_BASES[3])),
    # Section 16: the magnitude of KL.
    _q("magnitude.not_symmetric", 16, "Not symmetric", "KL is not symmetric",
       "D(P||Q) differs from D(Q||P) on both of the article's examples (movie review, worked "
       "example): agrees; on one: holds only under a condition; on neither: differs.",
       "kl_divergence both ways", _eval_asymmetry),
    _q("magnitude.no_triangle_inequality", 16, "no triangle inequality (not a metric)",
       "KL does not satisfy the triangle inequality",
       "A counterexample among the article's coins (fair, biased) and their midpoint: "
       "D(fair||biased) > D(fair||M) + D(M||biased): agrees; otherwise differs.",
       "kl_divergence of FAIR_COIN, BIASED_COIN and their half-and-half mixture", _eval_triangle),
    _q("magnitude.forward_large_underestimates", 16,
       "**Forward KL large** → the student **underestimates** regions the teacher cares about.",
       "A large forward KL means the student underestimates outcomes the teacher cares about",
       _R_LARGE + " Claimed kind: Q(x) < P(x) with P(x) at least a uniform share (1/K).",
       "kl_divergence and its terms over logit_grid, both teachers, and the worked example",
       lambda: _eval_large_kl("forward")),
    _q("magnitude.reverse_large_overallocates", 16,
       "**Reverse KL large** → the student **over-allocates** mass where the teacher says "
       "probability is tiny/zero.",
       "A large reverse KL means the student over-allocates where the teacher's probability is tiny",
       _R_LARGE + " Claimed kind: Q(x) > P(x) on the teacher's least likely outcome.",
       "kl_divergence and its terms over logit_grid, both teachers, and the worked example",
       lambda: _eval_large_kl("reverse")),
    # Section 18: the FAQ.
    _q("faq.reverse_zero_at_q0", 18,
       "Because the gradient is an **expectation under $Q$**; events with $Q(x)=0$ are never "
       "sampled, contributing no gradient.",
       "The reverse-KL gradient is zero at Q(x) = 0 (never sampled; a factor Q(x))",
       _R_ZERO_AT_Q0, "logit_gradient / probability_gradient of D(Q||P); BLIND_SPOT",
       _eval_zero_at_q0),
    _q("faq.forward_smaller_variance", 18,
       "Yes—samples come from fixed $P$, and the gradient is a plain cross-entropy expectation.",
       "Forward KL has the smaller gradient variance", _R_VARIANCE,
       "gradients.variance_sweep over logit_grid for both teachers", _eval_variance),
    _q("faq.mode_seeking_advice", 18,
       "Prefer **task-conditioned forward KL** (filter/weight teacher)",
       "For mode-seeking, task-conditioned forward KL does the job",
       "Forward-KL descent to the filtered teacher from every grid student reaches it and drops "
       "the masked outcome: all runs: agrees; some: holds only under a condition; none: differs.",
       "WORKED_EXAMPLE_P with C masked; descend_many('forward', P_task, ...)",
       lambda: _eval_task_filter(focus=False)),
    # Section 19: the worked example.
    _q("worked.forward_push_on_c", 19, r"huge gradient to increase $Q(\text{C})$",
       "Forward KL gives a huge gradient to increase Q(C)", _R_HUGE_PUSH,
       "gradients.logit_gradient / probability_gradient('forward', P, Q) at the worked example",
       _eval_forward_push),
    _q("worked.student_covers_c", 19, "Student **covers** C.", "Under forward KL the student covers C",
       f"Forward-KL descent on the logits from each stand-in for Q(C) = 0 reaches Q(C) >= "
       f"{LEARNED_SHARE:g} P(C) within the step budget: all: agrees; none: differs; some: holds "
       "only under a condition.",
       "gradients.descend_many('forward', ...) from the worked example with Q(C) = 1e-3, 1e-6, 1e-9",
       _eval_covers_c),
    _q("worked.reverse_no_gradient_c", 19, r"→ **no gradient** for C",
       "Reverse KL gives no gradient for C", _R_NO_GRADIENT,
       "gradients.logit_gradient / probability_gradient('reverse', P, Q) at the worked example",
       _eval_reverse_no_gradient),
    _q("worked.reverse_ignores_c", 19, "Student can happily ignore C (mode-seeking).",
       "Under reverse KL the student can ignore C",
       f"Reverse-KL descent from each stand-in for Q(C) = 0 leaves Q(C) under {LEARNED_SHARE:g} "
       f"P(C) for {BUDGET_FACTOR} times the steps forward KL needs: all: agrees; none: differs; "
       "some: holds only under a condition.",
       "gradients.descend_many('reverse', ...) from the worked example with Q(C) = 1e-3, 1e-6, 1e-9",
       _eval_ignores_c),
    # Section 20: the cheat-sheet.
    _q("cheat.forward_low_variance", 20, "[Low-variance gradients]",
       "Forward KL has low-variance gradients", _R_VARIANCE,
       "gradients.variance_sweep over logit_grid for both teachers", _eval_variance),
    _q("cheat.forward_mode_covering", 20, "**mode-covering**, needs",
       "Forward KL is mode-covering", _R_COVER_PEAKS,
       "gaussians.descend('forward', ...) from TWO_PEAK_STARTS", _eval_forward_covers_peaks),
    _q("cheat.forward_support_matching", 20,
       r"needs **support matching** (finite only if $Q>0$ where $P>0$)",
       "Forward KL is finite only if Q > 0 wherever P > 0",
       "Infinite at the worked example (Q(C) = 0) and finite at every stand-in Q(C) > 0: agrees; "
       "otherwise holds only in some cases or differs.",
       "kl_divergence(WORKED_EXAMPLE_P, Q) with Q(C) = 0, 1e-3, 1e-6, 1e-9", _eval_support_matching),
    _q("cheat.reverse_mode_seeking", 20, "**Mode-seeking**, **[blind spots]",
       "Reverse KL is mode-seeking", _R_SEEK,
       "gaussians.descend('reverse', ...) from TWO_PEAK_STARTS", _eval_reverse_seeks),
    _q("cheat.reverse_blind_spots", 20, "**[blind spots](#5-blind-spots-and-variance-why-reverse-kl-is-tricky)**",
       "Reverse KL has blind spots", _R_BLIND, "BLIND_SPOT: sampling chance; reverse_gradient, "
       "probability_gradient", _eval_blind_spot),
    _q("cheat.reverse_high_variance", 20, "**high variance**.", "Reverse KL has high variance",
       _R_VARIANCE, "gradients.variance_sweep over logit_grid for both teachers",
       lambda: _eval_variance("reverse")),
    _q("cheat.filter_teacher_forward", 20,
       "To focus on task-relevant modes, **filter/weight the teacher** and still use forward KL.",
       "Filtering the teacher and using forward KL focuses on the task's modes",
       "As for the FAQ's advice: every forward run to the filtered teacher reaches it and drops "
       "the masked outcome: agrees; some: holds only under a condition; none: differs.",
       "WORKED_EXAMPLE_P with C masked; descend_many('forward', P_task, ...)",
       lambda: _eval_task_filter(focus=False)),
    _q("cheat.ppo_inherits", 20, "inherits its downsides for supervised settings",
       "PPO on the KL reward inherits reverse KL's downsides",
       "The four inherited drawbacks of section 15 (high variance, blind spots, mode-seeking, "
       "lower sample-efficiency): all agree: agrees; all differ: differs; otherwise holds only "
       "under a condition.", "the section-15 PPO claims", _eval_ppo_downsides),
    _q("cheat.direction_matters", 20, "direction matters; can be infinite with support mismatch",
       "The KL's direction matters; it can be infinite with support mismatch",
       "The two directions differ on both examples and the worked example's forward KL is "
       "infinite while its reverse KL is finite: agrees; otherwise holds only in part or differs.",
       "kl_divergence both ways on the movie review and the worked example", _eval_direction_matters),
)

#: Statements of sections 10 to 20 the audit does not compute, with the reason.
NOT_AUDITED: tuple[tuple[str, str], ...] = (
    ("* Teacher $P$: two peaks at $-3$ and $+3$.", "the example's input (tests check examples.py "
     "against it)"),
    ("* Student $Q$: one Gaussian.", "the example's set-up"),
    ("> For the mathematical details on how these behaviors emerge", "a pointer"),
    ("Apply the **log-trick**", "a derivation step (the numeric claim "
     "gradients.reverse_log_trick checks the result)"),
    ("you must **sample from $Q_\\theta$**", "a statement of method: on the article's examples "
     "the expectation is a sum over three outcomes, computed exactly here (the variance rows "
     "compare the sampled estimators)"),
    ("Reverse-KL gradient uses random samples from an **evolving** student distribution",
     "a description of the estimator; its consequences (variance) are audited"),
    ("**Setup:** Teacher", "the set-up"),
    ("* **Objective:** minimize", "a definition (the numeric claim kl.derivation checks "
     "D = H(P,Q) - H(P))"),
    ("* **Gradient:** $-\\mathbb{E}_{x\\sim P}", "a formula (the numeric claim gradients.forward "
     "checks it)"),
    ("trivial to implement (it's the usual", "about code, not about sizes or behaviour"),
    ("Often you **don’t** want the student to copy", "advice; its measurable part (filtered "
     "teacher, forward KL) is audited below"),
    ("* **Focal/importance weighting** of the cross-entropy.", "advice, no claim about size"),
    ("So PPO on this reward **maximizes** $J$", "the identity is the numeric claim ppo.reverse_kl"),
    ("* **Supervised learning**: cross-entropy", "practice (the identity is the numeric claim "
     "gradients.forward)"),
    ("* **Knowledge distillation**: forward KL to match", "practice"),
    ("* **Variational inference**: often minimize", "practice"),
    ("* **RL**: policy updates regularized by KL", "practice"),
    ("* **VAEs**: KL regularizes latent posteriors", "practice"),
    ("* **“Why is the reverse-KL gradient zero at $Q(x)=0$?”**", "the question (its answer is audited)"),
    ("* **“Does forward-KL have smaller gradient variance?”**", "the question (its answer is audited)"),
    ("* **“What if I want ‘mode-seeking’ behavior?”**", "the question (its answer is audited)"),
    ("* **[Entropy](#entropy)**: $H(P)=-\\sum P\\log P$.", "a definition"),
    ("* **[Reverse KL](#reverse-kl-mode-seeking)**: $D(Q\\|P)$ with", "a definition (its "
     "properties, on the next line, are audited)"),
    ("exactly minimizes **reverse KL**", "the identity is the numeric claim ppo.reverse_kl"),
)


def get_qualitative(claim_id: str,
                    claims: Sequence[QualitativeClaim] = QUALITATIVE) -> QualitativeClaim:
    """The qualitative claim with this id; KeyError listing the ids otherwise."""
    for c in claims:
        if c.id == claim_id:
            return c
    raise KeyError(f"no qualitative claim {claim_id!r}; claims: {', '.join(c.id for c in claims)}")


@cache
def assess(claim_id: str) -> Assessment:
    """Compute one qualitative claim's verdict: ``assess("worked.forward_push_on_c")``.

    Cached: the computations are deterministic (fixed seeds), so every scene asking gets
    the same object.
    """
    return get_qualitative(claim_id).assess()


def assess_all(claims: Sequence[QualitativeClaim] = QUALITATIVE) -> list[Assessment]:
    """Every qualitative claim assessed, in article order."""
    return [assess(c.id) if any(c is k for k in QUALITATIVE) else c.assess() for c in claims]
