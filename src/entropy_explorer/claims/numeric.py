"""The article's numeric claims, each recomputed with the math module (the audit's first table).

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
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
from scipy.optimize import minimize

from entropy_explorer import gaussians, gradients
from entropy_explorer.claims.claim import CERTAIN, Claim, ClaimResult
from entropy_explorer.claims.common import (
    P_MOVIE,
    P_WORKED,
    Q_MOVIE,
    Q_WORKED,
    C,
    kl_terms_bits,
    outcome_index,
    probs_of,
)
from entropy_explorer.examples import (
    BIASED_COIN,
    BIMODAL_TEACHER,
    FAIR_COIN,
    GUESS_LARGE,
    GUESS_SMALL,
    MOVIE_REVIEW_P,
    MOVIE_REVIEW_Q,
    NEXT_WORD,
    TWO_COIN_FLIPS,
    UNLIKELY_EVENT,
)
from entropy_explorer.infotheory import (
    cross_entropy,
    entropy,
    information,
    kl_divergence,
    softmax,
)

__all__ = ["CLAIMS", "audit", "check", "get_claim"]


def _movie_surprise(dist: object, word: str) -> Callable[[], float]:
    return lambda: float(information(probs_of(dist)[outcome_index(dist, word)]))


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



#: A softmax student for the gradient identities: logits of the movie model Q, teacher P.
_THETA = np.log(Q_MOVIE)
#: Student logits for the score identities: the next-word example's scores.
_NEXT_WORD_LOGITS = np.asarray(NEXT_WORD.logits, dtype=float)
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
          lambda: entropy(P_MOVIE), "entropy(MOVIE_REVIEW_P.probs)", approx=True),
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
          lambda: cross_entropy(P_MOVIE, Q_MOVIE),
          "cross_entropy(MOVIE_REVIEW_P.probs, MOVIE_REVIEW_Q.probs)", approx=True),
    Claim("movie.entropy.again", 8, "much higher than the entropy of 1.36 bits",
          "The entropy it is compared with: 1.36 bits", "1.36",
          lambda: entropy(P_MOVIE), "entropy(MOVIE_REVIEW_P.probs)", approx=True),
    Claim("movie.excess", 8, "(2.18 - 1.36 = 0.82 bits)",
          "Excess surprise H(P,Q) - H(P), the cost of the wrong model: 0.82 bits", "0.82",
          lambda: cross_entropy(P_MOVIE, Q_MOVIE) - entropy(P_MOVIE),
          "cross_entropy(P, Q) - entropy(P)", approx=True),
    Claim("cross_entropy.perfect_model", 8, "$H(P,Q) = H(P)$ when $Q = P$",
          "A perfect model's cross-entropy is the entropy (movie P)", "H(P)",
          lambda: cross_entropy(P_MOVIE, P_MOVIE), "cross_entropy(P, P)",
          reference=lambda: entropy(P_MOVIE)),
    Claim("cross_entropy.support_mismatch", 8, "cross-entropy becomes infinite",
          "Q(x) = 0 where P(x) > 0 makes the cross-entropy infinite (worked example)", "inf",
          lambda: cross_entropy(P_WORKED, Q_WORKED),
          "cross_entropy(WORKED_EXAMPLE_P.probs, WORKED_EXAMPLE_Q.probs)"),
    # Section 9: KL divergence.
    Claim("kl.derivation", 9, r"&= H(P, Q) \;-\; H(P).",
          "D(P||Q) = H(P,Q) - H(P) (movie example)", "H(P,Q) - H(P)",
          lambda: kl_divergence(P_MOVIE, Q_MOVIE), "kl_divergence(P, Q)",
          reference=lambda: cross_entropy(P_MOVIE, Q_MOVIE) - entropy(P_MOVIE)),
    # Section 10: reverse KL ignores what Q never visits.
    Claim("reverse.zero_contribution", 10,
          "If $Q(x)=0$ somewhere $P(x)>0$, that point contributes **zero**",
          "In D(Q||P), an outcome with Q(x) = 0 < P(x) contributes 0 (worked example, C)", "0",
          lambda: float(kl_terms_bits(Q_WORKED, P_WORKED)[C]),
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
          lambda: _max_abs(-(P_MOVIE @ gradients.grad_log_q(_THETA)) - _finite_difference(
              lambda t: gradients.forward_kl_nats(P_MOVIE, t), _THETA)),
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
          lambda: _max_abs(gradients.reverse_gradient(P_MOVIE, _THETA) - _finite_difference(
              lambda t: gradients.reverse_kl_nats(P_MOVIE, t), _THETA)),
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
              _THETA, gradients.ppo_kl_reward(P_MOVIE, _THETA)) + _finite_difference(
              lambda t: gradients.reverse_kl_nats(P_MOVIE, t), _THETA)),
          "policy_gradient(theta, ppo_kl_reward(P, theta)) + finite-difference grad of "
          "reverse_kl_nats", unit="value", tolerance=1e-6),
    # Section 16: the magnitude of KL.
    Claim("magnitude.zero_iff_equal", 16, r"it’s $0$ iff $P=Q$",
          "D(P||P) = 0 (movie P)", "0",
          lambda: kl_divergence(P_MOVIE, P_MOVIE), "kl_divergence(P, P)"),
    Claim("magnitude.infinite", 16, "Can be **infinite** if support mismatch occurs",
          "Forward KL is infinite under support mismatch (worked example)", "inf",
          lambda: kl_divergence(P_WORKED, Q_WORKED),
          "kl_divergence(WORKED_EXAMPLE_P.probs, WORKED_EXAMPLE_Q.probs)"),
    # Section 19: the mini worked example.
    Claim("worked.forward_term_c", 19, r"term for C is $0.02\log(0.02/0)\to\infty$",
          "Forward KL term for C: 0.02 log(0.02/0) is infinite", "inf",
          lambda: float(kl_terms_bits(P_WORKED, Q_WORKED)[C]),
          "forward-KL term of C: P(C) log2(P(C)/Q(C))"),
    Claim("worked.reverse_term_c", 19, r"term for C is $Q(\text{C})\log(Q/P)=0\cdot(\cdot)=0$",
          "Reverse KL term for C: 0 · log(0/0.02) = 0", "0",
          lambda: float(kl_terms_bits(Q_WORKED, P_WORKED)[C]),
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
