"""The claims audit: each recomputation against an independent reference, the article's
text located, every stated result covered, and altered claims reported as differing; the
qualitative claims' computations pinned to closed forms, finite differences, enumeration
and quadrature, and their verdict rules shown to give the other verdict on other data.

The references below are written from the article's own numbers with ``math`` and
``scipy`` (not with the code under test).
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from fixtures.altered_claims import AGREEING, ALTERED, ALTERED_IDS
from scipy import integrate, optimize, special, stats

from entropy_explorer import cli, examples, gradients
from entropy_explorer.claims import (
    AGREES,
    ARTICLE_PATH,
    CLAIMS,
    CONDITIONAL,
    DIFFERS,
    NOT_AUDITED,
    QUALITATIVE,
    VERDICTS,
    Evidence,
    Figure,
    QualitativeClaim,
    assess,
    assess_all,
    audit,
    check,
    get_claim,
    get_qualitative,
)
from entropy_explorer.quality.audit import qualitative_summary, render_markdown, run_audit, summary
from entropy_explorer.sections import SECTIONS

ARTICLE = ARTICLE_PATH.read_text(encoding="utf-8")
LN2 = math.log(2)

MOVIE_P = [0.5, 0.4, 0.1]
MOVIE_Q = [0.9, 0.05, 0.05]


def h2(p: list[float]) -> float:
    return float(stats.entropy(p, base=2))


def kl2(p: list[float], q: list[float]) -> float:
    return float(stats.entropy(p, q, base=2))


def _reverse_fit_mean() -> float:
    """Reverse-KL fit of N(mu, sigma^2) to 0.5 N(-3, 1) + 0.5 N(3, 1), on a dense grid."""
    x = np.linspace(-20.0, 20.0, 40001)
    log_teacher = np.logaddexp(stats.norm.logpdf(x, -3, 1), stats.norm.logpdf(x, 3, 1)) + math.log(0.5)

    def reverse_kl(v: np.ndarray) -> float:
        mu, sigma = float(v[0]), float(np.exp(v[1]))
        log_q = stats.norm.logpdf(x, mu, sigma)
        return float(integrate.trapezoid(np.exp(log_q) * (log_q - log_teacher), x))

    res = optimize.minimize(reverse_kl, [1.0, 0.0], method="Nelder-Mead",
                            options={"xatol": 1e-8, "fatol": 1e-13})
    return abs(float(res.x[0]))


#: Claim id -> independent value (inf where the article says infinite).
INDEPENDENT = {
    "axioms.certain_event": lambda: -math.log2(1.0),
    "axioms.two_coin_flips": lambda: -math.log2(0.5) - math.log2(0.5),
    "bits.certain_event": lambda: -math.log2(1.0),
    "bits.unlikely_event": lambda: -math.log2(0.001),
    "guessing.one_in_8": lambda: math.log2(8),
    "guessing.questions_for_8": lambda: 8.0,
    "guessing.one_in_1024": lambda: math.log2(1024),
    "entropy.fair_coin": lambda: h2([0.5, 0.5]),
    "entropy.fair_coin.heads": lambda: -math.log2(0.5),
    "entropy.fair_coin.tails": lambda: -math.log2(0.5),
    "entropy.fair_coin.average": lambda: h2([0.5, 0.5]),
    "entropy.biased_coin.log_heads": lambda: math.log2(0.9),
    "entropy.biased_coin.log_tails": lambda: math.log2(0.1),
    "entropy.biased_coin.term_heads": lambda: -0.9 * math.log2(0.9),
    "entropy.biased_coin.term_tails": lambda: -0.1 * math.log2(0.1),
    "entropy.biased_coin": lambda: h2([0.9, 0.1]),
    "entropy.fair_coin.summary": lambda: h2([0.5, 0.5]),
    "entropy.biased_coin.summary": lambda: h2([0.9, 0.1]),
    "entropy.fair_coin.per_flip": lambda: -math.log2(0.5),
    "entropy.biased_coin.average_surprise": lambda: h2([0.9, 0.1]),
    "movie.entropy": lambda: h2(MOVIE_P),
    "movie.surprise.amazing.model": lambda: -math.log2(0.9),
    "movie.surprise.amazing.true": lambda: -math.log2(0.5),
    "movie.surprise.terrible.model": lambda: -math.log2(0.05),
    "movie.surprise.terrible.true": lambda: -math.log2(0.4),
    "movie.cross_entropy": lambda: -sum(p * math.log2(q) for p, q in zip(MOVIE_P, MOVIE_Q, strict=True)),
    "movie.entropy.again": lambda: h2(MOVIE_P),
    "movie.excess": lambda: kl2(MOVIE_P, MOVIE_Q),
    "cross_entropy.perfect_model": lambda: h2(MOVIE_P),
    "cross_entropy.support_mismatch": lambda: math.inf,
    "kl.derivation": lambda: kl2(MOVIE_P, MOVIE_Q),
    "reverse.zero_contribution": lambda: float(special.rel_entr(0.0, 0.02)) / LN2,
    "toy.forward_centre": lambda: 0.5 * -3 + 0.5 * 3,
    "toy.reverse_one_peak": _reverse_fit_mean,
    # Identities: the claim computes the largest violation, which must vanish.
    "gradients.forward": lambda: 0.0,
    "gradients.score_sums_to_zero": lambda: 0.0,
    "gradients.reverse_log_trick": lambda: 0.0,
    "ppo.baseline_drops": lambda: 0.0,
    "ppo.reverse_kl": lambda: 0.0,
    "magnitude.zero_iff_equal": lambda: kl2(MOVIE_P, MOVIE_P),
    "magnitude.infinite": lambda: kl2([0.49, 0.49, 0.02], [0.98, 0.02, 0.0]),
    "worked.forward_term_c": lambda: float(special.rel_entr(0.02, 0.0)),
    "worked.reverse_term_c": lambda: float(special.rel_entr(0.0, 0.02)) / LN2,
}

#: Looser comparisons for values found by optimisation or finite differences.
TOLERANCE = {
    "toy.forward_centre": 1e-4,
    "toy.reverse_one_peak": 1e-3,
    "gradients.forward": 1e-7,
    "gradients.reverse_log_trick": 1e-7,
    "ppo.reverse_kl": 1e-7,
}

#: Numbers after "=" / "≈" in the article that are inputs or conditions, not results.
#: Inputs name the example data they must equal.
NOT_CLAIMS: list[tuple[str, str, list[float] | None]] = [
    (r"\\( p = 1 \\)) conveys", "a certain event (definition)", None),
    (r"\\( k = 1 \\)", "choice of unit", None),
    (r"(\\( p = 1 \\)), then", "a certain event (definition)", None),
    (r"\\( p = 0.001 \\)", "input", [examples.UNLIKELY_EVENT]),
    (r"$p(\text{Heads}) = 0.5$ and $p(\text{Tails}) = 0.5$", "input",
     list(examples.FAIR_COIN.probs)),
    ("\\\\(P(H)\\\\) = 0.9\n* \\\\(P(T)\\\\) = 0.1", "input", list(examples.BIASED_COIN.probs)),
    ("noticeably less than 1 bit", "comparison with the fair coin's 1 bit", None),
    ("impossible ($Q(x) = 0$)", "condition", None),
    (r"where $P\approx 0$", "condition", None),
    (r"If $Q_\theta(x)\to 0$", "condition", None),
    (r"If $Q_\theta(x)\approx 0$", "condition", None),
    (r"but $Q_\theta(x)=0$, the reverse-KL", "condition", None),
    ("but $Q(x)=0$ for forward KL", "condition", None),
    ("zero at $Q(x)=0$", "condition", None),
    ("events with $Q(x)=0$", "condition", None),
    (r"P(\text{A})=0.49,\;P(\text{B})=0.49,\;P(\text{C})=0.02.", "input",
     list(examples.WORKED_EXAMPLE_P.probs)),
    (r"Q(\text{A})=0.98,\;Q(\text{B})=0.02,\;Q(\text{C})=0.", "input",
     list(examples.WORKED_EXAMPLE_Q.probs)),
]

#: A stated result: a number after "=", "≈", "\approx" or "\to", or a number of bits.
RESULT = re.compile(
    r"(?:=|≈|\\approx|\\to)\s*\$?\s*\(?\s*(-?\d+(?:\.\d+)?)(?![\d/.]\d)"
    r"|(?<![\w.])(\d+(?:\.\d+)?)\s*\$?\s*(?:\\text\{\s*)?bits?\b"
)


# ------------------------------------------------------------- recomputations
def test_every_claim_has_an_independent_reference() -> None:
    assert set(INDEPENDENT) == {c.id for c in CLAIMS}
    assert len({c.id for c in CLAIMS}) == len(CLAIMS), "claim ids are unique"


@pytest.mark.parametrize("claim", CLAIMS, ids=[c.id for c in CLAIMS])
def test_recomputation_matches_independent_reference(claim) -> None:  # type: ignore[no-untyped-def]
    expected = float(INDEPENDENT[claim.id]())
    computed = float(claim.compute())
    if math.isinf(expected):
        assert computed == expected
    else:
        assert computed == pytest.approx(expected, rel=1e-12, abs=TOLERANCE.get(claim.id, 1e-12))


def test_verdicts_match_a_hand_check_of_the_article() -> None:
    # By hand: H(P,Q) = 0.5*0.152 + 0.4*4.322 + 0.1*4.322 = 2.237, not 2.18, and the excess
    # H(P,Q) - H(P) = 0.876, not 0.82. Every other stated value rounds correctly.
    differ = {r.claim.id for r in audit() if not r.agrees}
    assert differ == {"movie.cross_entropy", "movie.excess"}
    assert check("movie.cross_entropy").computed_text() == "2.2370"


def test_precision_rules() -> None:
    from dataclasses import replace

    h = get_claim("movie.cross_entropy")
    assert replace(h, stated="2.24").check().agrees  # 2.2370 rounds to 2.24
    assert not replace(h, stated="2.23").check().agrees
    assert replace(h, stated="2.2").check().agrees  # one decimal: within 0.05
    exact = get_claim("guessing.one_in_1024")
    assert exact.decimals is None and not replace(exact, stated="10.000001").check().agrees
    assert get_claim("bits.unlikely_event").decimals == 2


# ----------------------------------------------------------- where claims stand
@pytest.mark.parametrize("claim", CLAIMS, ids=[c.id for c in CLAIMS])
def test_quote_is_in_the_article_within_its_section(claim) -> None:  # type: ignore[no-untyped-def]
    assert claim.quote in ARTICLE, claim.quote
    start = ARTICLE.index(f"## {SECTIONS[claim.section - 1].heading}\n")
    nxt = (ARTICLE.find(f"## {SECTIONS[claim.section].heading}\n")
           if claim.section < len(SECTIONS) else len(ARTICLE))
    at = ARTICLE.index(claim.quote, start)
    assert start < at < nxt, f"{claim.id} is not in section {claim.section}"


def test_claims_are_in_article_order() -> None:
    lines = [c.line for c in CLAIMS]
    assert all(line > 0 for line in lines)
    assert lines == sorted(lines)


def _spans(quotes: list[str]) -> list[tuple[int, int]]:
    spans = []
    for q in quotes:
        i = ARTICLE.find(q)
        assert i >= 0, f"not in the article: {q!r}"
        spans.append((i, i + len(q)))
    return spans


def test_every_stated_result_in_the_article_is_a_claim() -> None:
    covered = _spans([c.quote for c in CLAIMS] + [q for q, _, _ in NOT_CLAIMS])
    missing = []
    for m in RESULT.finditer(ARTICLE):
        if not any(a <= m.start() and m.end() <= b for a, b in covered):
            line = ARTICLE.count("\n", 0, m.start()) + 1
            missing.append(f"line {line}: {ARTICLE[max(0, m.start() - 30):m.end()]!r}")
    assert not missing, "stated values with no claim:\n" + "\n".join(missing)


@pytest.mark.parametrize(("quote", "reason", "values"), [n for n in NOT_CLAIMS if n[2] is not None])
def test_article_inputs_are_the_example_data(quote: str, reason: str, values: list[float]) -> None:
    stated = [float(x) for x in re.findall(r"=\s*(\d+(?:\.\d+)?)", quote)]
    assert stated == pytest.approx(values)


def test_article_percentages_and_ranges_are_the_example_data() -> None:
    for word, p, q in zip(examples.MOVIE_REVIEW_P.outcomes, examples.MOVIE_REVIEW_P.probs,
                          examples.MOVIE_REVIEW_Q.probs, strict=True):
        assert f'**"{word}"**: {round(p * 100)}% of the time' in ARTICLE
        assert f'**"{word}"**: {round(q * 100)}%\n' in ARTICLE
    assert f"between 1 and {examples.GUESS_SMALL.n}," in ARTICLE
    assert f"between 1 and {examples.GUESS_LARGE.n}," in ARTICLE
    a, b = examples.BIMODAL_TEACHER.means
    assert f"two peaks at ${a:g}$ and $+{b:g}$" in ARTICLE


# ---------------------------------------------------------------- the report
def test_altered_claims_are_reported_as_differing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    results = audit(ALTERED)
    differ = {r.claim.id for r in results if not r.agrees}
    assert ALTERED_IDS <= differ
    assert differ - ALTERED_IDS == {"movie.cross_entropy", "movie.excess"}
    out = tmp_path / "audit.md"
    assert run_audit(ALTERED, out, strict=True, echo=False) == 1
    assert run_audit(ALTERED, out, strict=False, echo=False) == 0
    text = out.read_text(encoding="utf-8")
    for cid in ALTERED_IDS:
        row = next(line for line in text.splitlines() if f"(`{cid}`)" in line)
        assert "**DIFFERS**" in row


def test_strict_passes_when_everything_agrees(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert run_audit(AGREEING, tmp_path / "a.md", strict=True, echo=False) == 0


def test_report_has_a_row_per_claim_and_a_summary() -> None:
    results = audit()
    md = render_markdown(results)
    rows = [line for line in md.splitlines() if re.match(r"^\| \d+ \|", line)]
    assert len(rows) == len(CLAIMS)
    for c, row in zip(CLAIMS, rows, strict=True):
        assert f"(`{c.id}`)" in row and f"line {c.line}" in row
    assert summary(results).startswith(f"audit: {len(CLAIMS)} claims, {len(CLAIMS) - 2} agree, 2 differ")
    assert "## Where the article differs" in md


def test_cli_writes_report_and_strict_exit_code(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "build" / "audit.md"
    assert cli.main(["audit", "--output", str(out)]) == 0
    assert out.exists()
    line = capsys.readouterr().out.strip()
    assert line.startswith("audit: ") and "2 differ" in line and "\n" not in line
    assert cli.main(["audit", "--strict", "--output", str(out)]) == 1


# =============================================================== qualitative claims
# Each computation behind a verdict is pinned to a reference written here from the
# article's numbers: closed forms, finite differences of scipy's KL, exact enumeration of
# the categorical outcomes (np.cov with the outcome probabilities as weights), scipy
# quadrature for the Gaussians, and plain descent loops.
LOG100 = math.log2(100)
WORKED_P = np.array([0.49, 0.49, 0.02])
WORKED_Q = np.array([0.98, 0.02, 0.0])
MOVIE_PN = np.array(MOVIE_P)
QUAL_IDS = [c.id for c in QUALITATIVE]


def softmax_ref(z: np.ndarray) -> np.ndarray:
    e = np.exp(np.asarray(z, dtype=float) - np.max(z))
    return e / e.sum()


def fd(f, x: np.ndarray, h: float = 1e-6) -> np.ndarray:  # type: ignore[no-untyped-def]
    x = np.asarray(x, dtype=float)
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(x.size)])


def fwd_nats(p: np.ndarray, z: np.ndarray) -> float:
    return float(stats.entropy(p, softmax_ref(z)))


def rev_nats(p: np.ndarray, z: np.ndarray) -> float:
    return float(stats.entropy(softmax_ref(z), p))


def standin(eps: float) -> np.ndarray:
    """The worked example's Q with Q(C) = eps and A, B renormalised (0.98 : 0.02)."""
    return np.array([0.98 * (1 - eps), 0.02 * (1 - eps), eps])


def grid() -> np.ndarray:
    v = np.arange(-6.0, 7.0)
    return np.array([[a, b, 0.0] for a in v for b in v])


def enumerated_variance(direction: str, p: np.ndarray, z: np.ndarray, b: float = 0.0) -> float:
    """Trace of the one-sample estimator's covariance, by enumerating the outcomes."""
    q = softmax_ref(z)
    w = p if direction == "forward" else q
    rows = []
    for x in range(p.size):
        s = -q.copy()
        s[x] += 1.0
        rows.append(-s if direction == "forward" else (math.log(q[x] / p[x]) - b) * s)
    return float(np.trace(np.cov(np.array(rows).T, aweights=w, bias=True)))


# ------------------------------------------------------- registry and coverage
def test_qualitative_ids_are_unique_and_apart_from_the_numeric_ones() -> None:
    assert len(set(QUAL_IDS)) == len(QUAL_IDS)
    assert not set(QUAL_IDS) & {c.id for c in CLAIMS}
    with pytest.raises(KeyError, match="forward.penalty_huge"):
        get_qualitative("no.such.claim")


@pytest.mark.parametrize("claim", QUALITATIVE, ids=QUAL_IDS)
def test_qualitative_quote_is_in_its_section(claim) -> None:  # type: ignore[no-untyped-def]
    test_quote_is_in_the_article_within_its_section(claim)
    assert 10 <= claim.section <= 20


def test_qualitative_claims_are_in_article_order() -> None:
    lines = [c.line for c in QUALITATIVE]
    assert all(line > 0 for line in lines) and lines == sorted(lines)


def _audited_lines() -> list[tuple[int, str]]:
    """Lines of sections 10-20 that state something: bullets, bold text, quotes; not
    headings (they restate their bullets) and not display maths."""
    text = ARTICLE.splitlines()
    start = next(i for i, s in enumerate(text) if s.startswith(f"## {SECTIONS[9].heading}"))
    out, in_math = [], False
    for i in range(start + 1, len(text)):
        s = text[i]
        if s.strip() == "$$":
            in_math = not in_math
            continue
        if in_math or s.startswith("#") or not s.strip():
            continue
        if s.lstrip().startswith(("* ", ">")) or "**" in s:
            out.append((i + 1, s))
    return out


def test_every_statement_of_sections_10_to_20_is_audited_or_listed() -> None:
    quotes = [c.quote for c in CLAIMS] + [c.quote for c in QUALITATIVE] + [q for q, _ in NOT_AUDITED]
    for q in quotes[len(CLAIMS):]:
        assert q in ARTICLE, f"not in the article: {q!r}"
    missing = [f"line {n}: {s[:90]}" for n, s in _audited_lines() if not any(q in s for q in quotes)]
    assert not missing, "statements neither audited nor listed in NOT_AUDITED:\n" + "\n".join(missing)
    assert len(_audited_lines()) > 40


@pytest.mark.parametrize("claim", QUALITATIVE, ids=QUAL_IDS)
def test_assessment_is_well_formed(claim) -> None:  # type: ignore[no-untyped-def]
    a = assess(claim.id)
    assert a.verdict in VERDICTS and a.finding
    assert a.conditional == bool(a.condition)
    assert a.decisive and all(f.name in a.figures for f in a.decisive)
    for f in a.figures.values():
        assert not math.isnan(f.value) and f.what
    assert a.verdict_text().startswith(a.verdict)
    assert assess(claim.id) is a  # cached: every scene gets the same answer


def test_assessment_api_for_scenes() -> None:
    a = assess("worked.forward_push_on_c")
    assert a["push_logit_c"] == a.figure("push_logit_c").value
    assert a.figure("push_logit_c").unit == "value"
    with pytest.raises(KeyError, match="push_logit_c"):
        a.figure("nope")
    assert a.id == "worked.forward_push_on_c" and a.claim.section == 19


# --------------------------------------------- pushes: logits versus probabilities
def test_forward_push_on_c_by_hand_and_finite_differences() -> None:
    a = assess("worked.forward_push_on_c")
    # On the logits the gradient is Q - P: written out from the article's numbers.
    assert (a["push_logit_a"], a["push_logit_b"], a["push_logit_c"]) == pytest.approx(
        (0.98 - 0.49, 0.02 - 0.49, 0.0 - 0.02))
    # With respect to the probabilities: -P/Q.
    assert a["push_prob_b"] == pytest.approx(-0.49 / 0.02) and a["push_prob_c"] == -math.inf
    eps = a["standin"]
    q = standin(eps)
    logit_fd = fd(lambda z: fwd_nats(WORKED_P, z), np.log(q))
    assert a["push_logit_standin"] == pytest.approx(logit_fd[2], abs=1e-7)
    prob_fd = fd(lambda v: float(np.sum(WORKED_P * np.log(WORKED_P / v))), q, h=eps * 1e-4)
    assert a["push_prob_standin"] == pytest.approx(prob_fd[2], rel=1e-6)
    # C's logit gets the smallest push, its probability the largest: conditional
    assert a.conditional and "probabilities" in a.condition


def test_score_stays_bounded_on_logits_and_blows_up_on_probabilities() -> None:
    a = assess("forward.gradient_blows_up")
    q = standin(a["standin_smallest"])
    assert a["score_logits_smallest"] == pytest.approx(math.sqrt((1 - q[2]) ** 2 + q[0] ** 2 + q[1] ** 2))
    assert a["score_logits_smallest"] < math.sqrt(2)
    assert a["growth_probs"] == pytest.approx(a["standin_largest"] / a["standin_smallest"])
    assert a["growth_logits"] == pytest.approx(1.0, abs=1e-2)
    assert a["push_prob_smallest"] == pytest.approx(-0.02 / a["standin_smallest"], rel=1e-9)
    assert a.conditional and "probabilities" in a.condition


def test_reverse_gradient_on_c_by_finite_differences() -> None:
    a = assess("worked.reverse_no_gradient_c")
    assert a["rev_logit_c"] == 0.0 and a["rev_prob_c"] == -math.inf
    # the limit: C's logit far down gives a gradient indistinguishable from 0
    far = np.log([0.98, 0.02, 1.0]) - np.array([0.0, 0.0, 60.0])
    assert abs(fd(lambda z: rev_nats(WORKED_P, z), far)[2]) < 1e-12
    eps = a["standin"]
    q = standin(eps)
    assert a["rev_logit_c_standin"] == pytest.approx(fd(lambda z: rev_nats(WORKED_P, z), np.log(q))[2],
                                                     rel=1e-4)
    prob_fd = fd(lambda v: float(np.sum(v * np.log(v / WORKED_P))), q, h=eps * 1e-4)
    assert a["rev_prob_c_standin"] == pytest.approx(prob_fd[2], rel=1e-6)
    assert a["rev_prob_c_standin"] == pytest.approx(math.log(eps / 0.02) + 1)
    assert a.conditional and "logits" in a.condition


def test_blind_spot_figures_by_hand() -> None:
    a = assess("reverse.blind_spot")
    z = np.array(examples.BLIND_SPOT.student_logits)
    q = softmax_ref(z)
    n = examples.BLIND_SPOT.batch_size * examples.BLIND_SPOT.n_batches
    assert a["q_blind"] == pytest.approx(q[1]) and a["draws"] == n
    assert a["chance_sampled"] == pytest.approx(1 - (1 - q[1]) ** n, rel=1e-9)
    assert a["rev_logit_blind"] == pytest.approx(fd(lambda t: rev_nats(WORKED_P, t), z)[1], rel=1e-4)
    assert a["fwd_logit_blind"] == pytest.approx(q[1] - 0.49)
    assert a["rev_prob_blind"] == pytest.approx(math.log(q[1] / 0.49) + 1)
    assert a.conditional
    # section 12 and the FAQ check Q(x) = 0 exactly and section 12's student together
    both = assess("blind.zero_gradient")
    assert both.verdict == assess("faq.reverse_zero_at_q0").verdict == CONDITIONAL
    assert both["blind_chance_sampled"] == a["chance_sampled"]


# ------------------------------------------------------------- descent runs
def _plain_descent(grad, z0: np.ndarray, lr: float, steps: int) -> np.ndarray:  # type: ignore[no-untyped-def]
    z, out = np.array(z0, dtype=float), [np.array(z0, dtype=float)]
    for _ in range(steps):
        z = z - lr * grad(z)
        out.append(z.copy())
    return np.array(out)


def _first(mask: np.ndarray) -> float:
    hits = np.flatnonzero(mask)
    return float(hits[0]) if hits.size else math.inf


def test_never_learn_against_finite_difference_descent() -> None:
    a = assess("blind.never_learn")
    z0 = np.array(examples.BLIND_SPOT.student_logits)
    lr = examples.LOGIT_DESCENT.learning_rate
    fwd = _plain_descent(lambda z: fd(lambda t: fwd_nats(WORKED_P, t), z), z0, lr, 60)
    steps = _first(np.array([softmax_ref(z)[1] for z in fwd]) >= 0.5 * 0.49)
    assert a["forward_steps"] == steps and a["budget"] == 10 * steps
    rev = _plain_descent(lambda z: fd(lambda t: rev_nats(WORKED_P, t), z), z0, lr, int(a["budget"]))
    assert a["reverse_q_end"] == pytest.approx(softmax_ref(rev[-1])[1], rel=1e-5)
    assert a["reverse_steps"] == math.inf and a.agrees
    push = abs(fd(lambda t: rev_nats(WORKED_P, t), z0)[1])
    assert a["steps_per_unit_logit"] == pytest.approx(1 / (lr * push), rel=1e-4)


def test_covering_and_ignoring_c_against_plain_descent() -> None:
    covers, ignores = assess("worked.student_covers_c"), assess("worked.reverse_ignores_c")
    lr = examples.LOGIT_DESCENT.learning_rate
    for i, eps in enumerate(examples.WORKED_EXAMPLE_ZERO_STANDINS):
        z0 = np.log(standin(eps))
        fwd = _plain_descent(lambda z: softmax_ref(z) - WORKED_P, z0, lr, 3000)  # Q - P
        f_steps = _first(np.array([softmax_ref(z)[2] for z in fwd]) >= 0.01)
        assert covers[f"steps_c_{i}"] == f_steps == ignores[f"forward_steps_{i}"]
        budget = int(10 * f_steps)
        rev = _plain_descent(lambda z: gradients.reverse_gradient(WORKED_P, z), z0, lr, budget)
        assert ignores[f"reverse_steps_{i}"] == _first(np.array([softmax_ref(z)[2] for z in rev]) >= 0.01)
    assert covers.agrees and ignores.conditional
    # ignoring C costs the least reverse KL of a student with Q(C) = 0 (a 1-D minimisation)
    best = optimize.minimize_scalar(
        lambda t: t * math.log(t / 0.49) + (1 - t) * math.log((1 - t) / 0.49), bounds=(1e-9, 1 - 1e-9),
        method="bounded", options={"xatol": 1e-12})
    assert ignores["ignore_cost"] == pytest.approx(best.fun, abs=1e-9)


def test_sweep_summaries_match_the_runs_one_by_one() -> None:
    """The vectorised sweep summary agrees with each DescentRun's own methods."""
    from entropy_explorer.claims.experiments.logit_descent import descent_sweep as _sweep

    p = tuple(examples.WORKED_EXAMPLE_P.probs)
    ld = examples.LOGIT_DESCENT
    for direction, batch, baseline in (("forward", None, "none"), ("reverse", ld.batch_size, "optimal")):
        s = _sweep(direction, p, ld.learning_rate, batch, baseline)
        runs = gradients.descend_many(direction, p, grid(), learning_rate=ld.learning_rate,
                                      steps=ld.max_steps, batch_size=batch,
                                      seed=ld.seed if batch else None, baseline=baseline)
        for i in (0, 40, 84, 168):
            hit = runs[i].steps_to(ld.tolerance)
            assert s.reach_step[i] == (math.inf if hit is None else hit)
            assert s.final_tv[i] == pytest.approx(runs[i].total_variation()[-1])
            assert bool(s.monotone[i]) == runs[i].is_monotone()
            assert s.learned_step[i] == _first(np.all(runs[i].probs >= 0.5 * np.array(p), axis=1))


def test_stability_figures() -> None:
    a = assess("distill.stable")
    # descent lemma: the cross-entropy's curvature in the logits is at most 1/2, so every
    # step up to 4 is monotone; the scan's next step size, 8, must fail somewhere
    assert a["forward_largest_stable_step"] >= 4.0
    z0 = np.array([6.0, -6.0, 0.0])
    loss = [fwd_nats(WORKED_P, z) for z in _plain_descent(lambda z: softmax_ref(z) - WORKED_P, z0, 8.0, 40)]
    assert np.any(np.diff(loss) > 1e-12)
    assert a["forward_largest_stable_step"] == 4.0
    assert a["forward_monotone"] == 1.0 and a["forward_converged"] == 1.0 and a.agrees


def test_learning_every_outcome_and_pushes() -> None:
    a = assess("forward.covers_all_modes")
    # an under-weighted outcome's forward push is P - Q > P/2: at least half of P, by algebra
    assert a["min_forward_push"] >= 0.5
    worst = math.inf
    for p in (WORKED_P, MOVIE_PN):
        for z in grid():
            q = softmax_ref(z)
            g = fd(lambda t, p=p: rev_nats(p, t), z)
            under = q < 0.5 * p
            if under.any():
                worst = min(worst, float(np.min(np.abs(g[under]) / p[under])))
    assert a["min_reverse_push"] == pytest.approx(worst, rel=1e-3)
    assert a["starts"] == 2 * 169 and a["learned"] == a["starts"]


def _sampled_forward_reach(p: np.ndarray, starts: np.ndarray, lr: float, batch: int, steps: int,
                           tol: float, rng: np.random.Generator) -> np.ndarray:
    """First step within total variation ``tol`` of ``p`` (inf: never) of sampled forward-KL
    descent from every start, written here as the article states it: each step draws
    ``batch`` teacher samples per student (one multinomial per student, all students from
    one generator) and moves the logits by ``lr`` times ``Q - counts / batch``."""
    z = starts.copy()
    reach = np.full(len(z), np.inf)
    for t in range(steps + 1):
        q = special.softmax(z, axis=1)
        hit = (0.5 * np.abs(q - p).sum(axis=1) <= tol) & np.isinf(reach)
        reach[hit] = t
        if t < steps:
            z = z - lr * (q - rng.multinomial(batch, p, size=len(z)) / batch)
    return reach


def test_sample_efficiency_counts_the_samples_of_independent_runs() -> None:
    a = assess("efficiency.forward_sample_efficient")
    ld = examples.LOGIT_DESCENT
    reach = np.concatenate([
        _sampled_forward_reach(np.array(t.probs), grid(), ld.learning_rate, ld.batch_size,
                               ld.max_steps, ld.tolerance, np.random.default_rng(ld.seed))
        for t in ld.teachers])
    assert a["samples_forward"] == float(np.median(reach)) * ld.batch_size
    assert a["reached_forward"] == pytest.approx(float(np.mean(np.isfinite(reach))), abs=1e-12)
    assert a.agrees and assess("ppo.lower_sample_efficiency").verdict == a.verdict


# ----------------------------------------------------------------- variance
def test_variance_shares_against_enumeration() -> None:
    a = assess("forward.low_variance")
    rel: dict[str, list[float]] = {"forward": [], "none": [], "mean": [], "optimal": []}
    kl_pq, absolute = [], []
    for p in (WORKED_P, MOVIE_PN):
        for z in grid():
            q = softmax_ref(z)
            gf, gr = fd(lambda t, p=p: fwd_nats(p, t), z), fd(lambda t, p=p: rev_nats(p, t), z)
            vf = enumerated_variance("forward", p, z)
            rel["forward"].append(vf / float(gf @ gf))
            b_opt = optimize.minimize_scalar(lambda b, p=p, z=z: enumerated_variance("reverse", p, z, b),
                                             bracket=(-30, 30), tol=1e-12).x
            for name, b in (("none", 0.0), ("mean", float(stats.entropy(q, p))), ("optimal", b_opt)):
                rel[name].append(enumerated_variance("reverse", p, z, b) / float(gr @ gr))
            absolute.append(vf < enumerated_variance("reverse", p, z, 0.0))
            kl_pq.append(float(stats.entropy(p, q)))
    f = np.array(rel["forward"])
    for name in ("none", "mean", "optimal"):
        r = np.array(rel[name])
        assert np.all(np.abs(f - r) > 1e-6 * np.maximum(f, r))  # no tie a rounding could flip
        assert a[f"share_{name}"] == pytest.approx(float(np.mean(f < r)))
    assert a["share_absolute"] == pytest.approx(float(np.mean(absolute)))
    assert a["median_forward"] == pytest.approx(float(np.median(f)), rel=1e-6)
    assert a["median_reverse_optimal"] == pytest.approx(float(np.median(rel["optimal"])), rel=1e-4)
    win = f < np.array(rel["none"])
    assert a["kl_where_reverse_wins"] == pytest.approx(float(np.median(np.array(kl_pq)[~win])))
    # every share strictly between 0 and 1: the verdict must be conditional, on both sides
    assert 0 < min(a[f"share_{n}"] for n in ("none", "mean", "optimal")) < 1
    for cid in ("forward.low_variance", "variance.forward_low", "variance.reverse_high",
                "distill.low_variance", "faq.forward_smaller_variance", "cheat.forward_low_variance",
                "cheat.reverse_high_variance", "ppo.inherits_high_variance"):
        assert assess(cid).conditional, cid
    # section 12's ratio at its student and at the end of its sweep, by enumeration
    z = np.array(examples.BLIND_SPOT.student_logits)

    def comp_var(direction: str, zz: np.ndarray) -> float:
        q = softmax_ref(zz)
        w = WORKED_P if direction == "forward" else q
        vals = [(-(1.0 if x == 0 else 0.0) + q[0]) if direction == "forward"
                else math.log(q[x] / WORKED_P[x]) * ((1.0 if x == 0 else 0.0) - q[0]) for x in range(3)]
        m = float(np.dot(w, vals))
        return float(np.dot(w, (np.array(vals) - m) ** 2))

    assert a["section12_ratio_start"] == pytest.approx(comp_var("reverse", z) / comp_var("forward", z))
    end = z.copy()
    end[2] = examples.BLIND_SPOT.sweep_to
    assert a["section12_ratio_end"] == pytest.approx(comp_var("reverse", end) / comp_var("forward", end))


def test_needs_help_figures_against_enumeration() -> None:
    a = assess("variance.reverse_needs_help")
    factors, gains, tails = [], [], []
    for p in (WORKED_P, MOVIE_PN):
        for z in grid():
            gf, gr = fd(lambda t, p=p: fwd_nats(p, t), z), fd(lambda t, p=p: rev_nats(p, t), z)
            rf = enumerated_variance("forward", p, z) / float(gf @ gf)
            r0 = enumerated_variance("reverse", p, z) / float(gr @ gr)
            b_opt = optimize.minimize_scalar(lambda b, p=p, z=z: enumerated_variance("reverse", p, z, b),
                                             bracket=(-30, 30), tol=1e-12).x
            factors.append(r0 / rf)
            gains.append(r0 / (enumerated_variance("reverse", p, z, b_opt) / float(gr @ gr)))
            q = softmax_ref(z)
            tails.append(max(abs(math.log(q[x] / p[x])) * float(np.linalg.norm(np.eye(3)[x] - q))
                             for x in range(3)) / float(np.linalg.norm(gr)))
    assert a["batch_factor_none"] == pytest.approx(float(np.median(factors)), rel=1e-4)
    assert a["gain_optimal"] == pytest.approx(float(np.median(gains)), rel=1e-4)
    assert a["tail_reverse"] == pytest.approx(max(tails), rel=1e-4)
    assert a["batch_factor_none"] > 1 and a["gain_optimal"] > 1 and a.agrees


# ------------------------------------------------------ the two-peaked teacher
def _mixture_logpdf(x: np.ndarray) -> np.ndarray:
    return np.logaddexp(stats.norm.logpdf(x, -3, 1), stats.norm.logpdf(x, 3, 1)) + math.log(0.5)


def _reverse_kl_quad(mu: float, sigma: float) -> float:
    f = lambda x: stats.norm.pdf(x, mu, sigma) * (stats.norm.logpdf(x, mu, sigma) - _mixture_logpdf(x))  # noqa: E731
    return integrate.quad(f, mu - 14 * sigma, mu + 14 * sigma, limit=200, epsabs=1e-13)[0]


def _forward_kl_quad(mu: float, sigma: float) -> float:
    f = lambda x: np.exp(_mixture_logpdf(x)) * (_mixture_logpdf(x) - stats.norm.logpdf(x, mu, sigma))  # noqa: E731
    return integrate.quad(f, -20, 20, limit=200, epsabs=1e-13)[0]


def test_peak_shares_against_scipy() -> None:
    from entropy_explorer.claims.experiments.two_peaks import peak_shares as _peak_shares

    for mu, sigma in ((0.0, math.sqrt(10)), (2.984, 1.023), (0.4, 0.7)):
        teacher_mass = integrate.quad(lambda x: np.exp(_mixture_logpdf(x)), 2, 4)[0]
        right = stats.norm.cdf(4, mu, sigma) - stats.norm.cdf(2, mu, sigma)
        left = stats.norm.cdf(-2, mu, sigma) - stats.norm.cdf(-4, mu, sigma)
        np.testing.assert_allclose(_peak_shares(examples.BIMODAL_TEACHER, mu, sigma),
                                   [left / teacher_mass, right / teacher_mass], rtol=1e-9, atol=1e-300)


def test_two_peak_fits_are_stationary_points_of_scipy_quadrature() -> None:
    from entropy_explorer.claims.experiments.two_peaks import two_peak_ends as _two_peak_ends

    # forward KL: every fit is moment matching, (0, sqrt(0.5*(1+9)*2 - 0)) = (0, sqrt(10))
    for _, _, mu, sigma, _ in _two_peak_ends("forward"):
        assert (mu, sigma) == pytest.approx((0.0, math.sqrt(10)), abs=2e-3)
    ends = _two_peak_ends("reverse")
    a = assess("reverse.mode_seeking")
    best = min(ends, key=lambda e: e[4])
    assert a["peak_sigma"] == best[3]
    for mu, sigma in ((best[2], best[3]), (a["other_mu"], a["other_sigma"])):
        g = fd(lambda v: _reverse_kl_quad(v[0], math.exp(v[1])), np.array([mu, math.log(sigma)]), 1e-4)
        assert np.max(np.abs(g)) < 2e-3
    assert a["peak_kl"] == pytest.approx(_reverse_kl_quad(best[2], best[3]), abs=1e-7)
    assert a["other_kl"] == pytest.approx(_reverse_kl_quad(a["other_mu"], a["other_sigma"]), abs=1e-7)
    # each fit classified again with scipy: seeking = under 1% of the mass near one peak
    teacher_mass = integrate.quad(lambda x: np.exp(_mixture_logpdf(x)), 2, 4)[0]
    seeking = 0
    for _, _, mu, sigma, _ in ends:
        shares = [(stats.norm.cdf(b, mu, sigma) - stats.norm.cdf(b - 2, mu, sigma)) / teacher_mass
                  for b in (-2, 4)]
        seeking += (min(shares) < 0.01) and (max(shares) >= 0.01)
    assert a["seeking"] == seeking and 0 < seeking < a["starts"] and a.conditional


def test_valley_penalty_and_missing_mode_against_quadrature() -> None:
    from entropy_explorer.claims.experiments.two_peaks import two_peak_ends as _two_peak_ends

    v, m = assess("reverse.valley_penalty"), assess("reverse.missing_mode_free")
    assert v["covering_kl"] == pytest.approx(_reverse_kl_quad(0.0, math.sqrt(10)), abs=1e-7)
    best = min(_two_peak_ends("reverse"), key=lambda e: e[4])
    mu, sigma = best[2], best[3]
    assert v["one_peak_kl"] == pytest.approx(_reverse_kl_quad(mu, sigma), abs=1e-7)
    assert m["reverse_cost"] == v["one_peak_kl"]
    assert m["forward_cost"] == pytest.approx(_forward_kl_quad(mu, sigma), rel=1e-6)
    # the share of the covering student's positive penalty where P is under a tenth of its
    # peak density: quadrature between the roots of P(x) = P_max / 10
    s10 = math.sqrt(10)

    def pos(x: float) -> float:
        lq = stats.norm.logpdf(x, 0, s10)
        return max(0.0, math.exp(lq) * (lq - float(_mixture_logpdf(np.array(x)))))

    p_max = -optimize.minimize_scalar(lambda x: -np.exp(_mixture_logpdf(np.array(x))),
                                      bounds=(2, 4), method="bounded").fun
    cut = lambda x: float(np.exp(_mixture_logpdf(np.array(x)))) - 0.1 * p_max  # noqa: E731
    inner, outer = optimize.brentq(cut, 0, 3), optimize.brentq(cut, 3, 10)
    quad = lambda a, b: integrate.quad(pos, a, b, limit=400, epsabs=1e-14)[0]  # noqa: E731
    low = 2 * (quad(0, inner) + quad(outer, 12 * s10))
    total = low + 2 * quad(inner, outer)
    assert v["low_density_share"] == pytest.approx(low / total, abs=1e-4)
    assert v.agrees and m.conditional


# ---------------------------------------------------------- magnitude of KL
def test_large_kl_counts_against_scipy() -> None:
    for direction, cid in (("forward", "magnitude.forward_large_underestimates"),
                           ("reverse", "magnitude.reverse_large_overallocates")):
        a = assess(cid)
        cases = holding = 0
        for p in (WORKED_P, MOVIE_PN):
            qs = [softmax_ref(z) for z in grid()]
            extra = [WORKED_Q] if p is WORKED_P else []

            def terms(q: np.ndarray, p: np.ndarray = p, direction: str = direction) -> np.ndarray:
                return special.rel_entr(p, q) if direction == "forward" else special.rel_entr(q, p)

            threshold = np.quantile([terms(q).sum() for q in qs], 0.75)
            for q in qs + extra:
                t = terms(q)
                if t.sum() < threshold:
                    continue
                cases += 1
                x = int(np.argmax(t))
                if direction == "forward":
                    holding += q[x] < p[x] and p[x] >= 1 / 3
                else:
                    holding += q[x] > p[x] and x == int(np.argmin(p))
        assert (a["large_cases"], a["holding"]) == (cases, holding)
        assert 0 < holding < cases and a.conditional
    r = assess("magnitude.reverse_large_overallocates")
    assert (r["bound_0"], r["bound_1"]) == pytest.approx((-math.log(0.49), -math.log(0.4)))


def test_asymmetry_and_triangle_against_scipy() -> None:
    a = assess("magnitude.not_symmetric")
    assert a["movie_forward"] == pytest.approx(kl2(MOVIE_P, MOVIE_Q))
    assert a["movie_reverse"] == pytest.approx(kl2(MOVIE_Q, MOVIE_P))
    assert a["worked_forward"] == math.inf and a.agrees
    t = assess("magnitude.no_triangle_inequality")
    assert t["direct"] == pytest.approx(kl2([0.5, 0.5], [0.9, 0.1]))
    assert t["via_midpoint"] == pytest.approx(kl2([0.5, 0.5], [0.7, 0.3]) + kl2([0.7, 0.3], [0.9, 0.1]))
    assert t.agrees


def test_entropy_stays_constant_along_distillation() -> None:
    a = assess("distill.entropy_constant")
    assert a["entropy"] == pytest.approx(h2([0.49, 0.49, 0.02]))
    assert a["cross_entropy_start"] == pytest.approx(
        -float(WORKED_P @ np.log2(standin(examples.WORKED_EXAMPLE_ZERO_STANDINS[0]))))
    assert a["largest_gap"] < 1e-12 and a.agrees
    assert a["cross_entropy_end"] - a["entropy"] < 1e-6


def test_task_filter_by_hand() -> None:
    a = assess("task.filtered_low_variance")
    assert a["variance_task"] == pytest.approx(1 - (0.5**2 + 0.5**2))
    assert a["variance_full"] == pytest.approx(1 - (0.49**2 + 0.49**2 + 0.02**2))
    assert a.agrees and assess("faq.mode_seeking_advice").agrees


def test_ppo_estimate_is_minus_reinforce_with_minus_b() -> None:
    """Written out from section 15: A(x) = log P(x) - log Q(x) - b times e_x - Q."""
    for z in grid()[::17]:
        q = softmax_ref(z)
        for b in (-1.0, 0.3):
            for x in range(3):
                s = np.eye(3)[x] - q
                ppo = (math.log(WORKED_P[x]) - math.log(q[x]) - b) * s
                reinforce = (math.log(q[x]) - math.log(WORKED_P[x]) - (-b)) * s
                np.testing.assert_allclose(ppo, -reinforce, atol=1e-12)
    for ppo_id, base_id in (("ppo.inherits_high_variance", "variance.reverse_high"),
                            ("ppo.inherits_blind_spots", "reverse.blind_spot"),
                            ("ppo.inherits_mode_seeking", "reverse.mode_seeking"),
                            ("ppo.lower_sample_efficiency", "efficiency.forward_sample_efficient")):
        assert assess(ppo_id).verdict == assess(base_id).verdict
        assert assess(ppo_id)["ppo_identity_error"] < 1e-12
    assert assess("cheat.ppo_inherits").conditional


# ------------------------------------------------------- verdicts can fail
def test_verdict_rules_give_the_other_verdict_on_other_data() -> None:
    """The same computations on data where the article's words would be right (or wrong)."""
    from entropy_explorer.claims import experiments as cl

    # a teacher whose C is common and a student split over A and B: C's logit push
    # (Q - P = -0.8 against 0.4) is the largest, in both coordinates
    e = cl.eval_forward_push(p=(0.1, 0.1, 0.8), q=(0.5, 0.5, 0.0))
    assert e.verdict == AGREES and not e.condition
    # a teacher with no rare outcome: every penalty at Q = P/100 is over a bit
    coin = examples.Categorical("coin", ("H", "T"), (0.5, 0.5))
    assert cl.eval_penalty_huge(teachers=(coin,)).verdict == AGREES
    # a coin against itself: no triangle-inequality violation to find
    assert cl.eval_triangle(examples.FAIR_COIN, examples.FAIR_COIN).verdict == DIFFERS
    # a student with no abandoned outcome (its least likely, C, already at Q(C) > P(C)/2):
    # reverse KL "learns" it as soon as forward KL, so "never learn" differs
    awake = examples.GradientExperiment(teacher=examples.WORKED_EXAMPLE_P, student_logits=(0.0, 0.0, -3.0),
                                        batch_size=8, n_batches=10, seed=1)
    assert cl.eval_never_learn(awake).verdict == DIFFERS
    # a one-peaked teacher: reverse-KL fits cover it, none "seeks one peak, missing another"
    one = examples.GaussianMixture(weights=(1.0,), means=(0.0,), sigmas=(1.0,))
    starts = examples.GaussianStarts(mus=(-1.0, 1.0), sigmas=(0.5, 2.0))
    assert cl.eval_reverse_seeks(one, starts).verdict == DIFFERS
    assert cl.eval_forward_covers_peaks(teacher=one, starts=starts).verdict == AGREES


def test_evidence_refuses_a_malformed_verdict() -> None:
    fig = (Figure("x", 1.0, "value", "a figure"),)
    with pytest.raises(ValueError, match="condition"):
        Evidence(CONDITIONAL, "f", fig, ("x",))
    with pytest.raises(ValueError, match="condition"):
        Evidence(AGREES, "f", fig, ("x",), condition="when")
    with pytest.raises(ValueError, match="decided_by"):
        Evidence(AGREES, "f", fig, ("y",))
    with pytest.raises(ValueError, match="verdict"):
        Evidence("mostly", "f", fig, ("x",))
    with pytest.raises(ValueError, match="unit"):
        Figure("x", 1.0, "furlongs", "a figure")
    with pytest.raises(ValueError, match="NaN"):
        Figure("x", math.nan, "value", "a figure")


def _fixture_claim(cid: str, evaluate) -> QualitativeClaim:  # type: ignore[no-untyped-def]
    base = get_qualitative("magnitude.no_triangle_inequality")
    return QualitativeClaim(cid, base.section, base.quote, base.statement, base.rule, base.how, evaluate)


def test_audit_reports_a_differing_qualitative_claim(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from entropy_explorer.claims import experiments as cl

    wrong = _fixture_claim("fixture.triangle_on_one_coin",
                           lambda: cl.eval_triangle(examples.FAIR_COIN, examples.FAIR_COIN))
    right = get_qualitative("magnitude.no_triangle_inequality")
    out = tmp_path / "audit.md"
    assert run_audit(AGREEING, out, qualitative=(right, wrong), strict=True, echo=False) == 1
    row = next(line for line in out.read_text(encoding="utf-8").splitlines()
               if "`fixture.triangle_on_one_coin`" in line)
    assert "**differs**" in row and "direct = 0" in row
    assert run_audit(AGREEING, out, qualitative=(right,), strict=True, echo=False) == 0
    conditional = get_qualitative("worked.forward_push_on_c")
    assert run_audit(AGREEING, out, qualitative=(conditional,), strict=True, echo=False) == 0


def test_report_has_the_qualitative_table() -> None:
    assessments = assess_all()
    md = render_markdown(audit(), assessments)
    rows = [line for line in md.splitlines() if re.match(r"^\| Q\d+ \|", line)]
    assert len(rows) == len(QUALITATIVE)
    for a, row in zip(assessments, rows, strict=True):
        assert f"(`{a.id}`)" in row and f"line {a.claim.line}" in row and a.verdict in row
        assert all(f"{f.name} = {f.text()}" in row for f in a.decisive)
    assert "### Statements not audited" in md
    for quote, _ in NOT_AUDITED:
        assert quote.replace("|", r"\|") in md
    line = qualitative_summary(assessments)
    assert line.startswith(f"{len(QUALITATIVE)} qualitative claims, ") and "\n" not in line


# ------------------------------------------------- section 14: filters and alpha-divergences
def test_sharpen_then_forward_is_pinned_to_a_hand_computed_filter_and_descent() -> None:
    from entropy_explorer.examples import (
        DISTILL_FILTERS,
        DISTILL_TEACHER,
        TASK_DISTILL_LEARNING_RATE,
        TASK_DISTILL_STEPS,
    )

    a = assess("task.sharpen_then_forward")
    f = DISTILL_FILTERS
    p = np.array(DISTILL_TEACHER.probs)
    p[[DISTILL_TEACHER.tokens.index(t) for t in f.masked]] = 0.0
    p = p / p.sum()
    p = p ** (1 / f.temperature)  # temperature on the log-probabilities
    p = p / p.sum()
    order = np.argsort(-p, kind="stable")
    p[order[f.top_k:]] = 0.0
    p = p / p.sum()
    cum = np.cumsum(p[order])
    p[order[int(np.searchsorted(cum, f.top_p - 1e-12)) + 1:]] = 0.0
    p = p / p.sum()
    assert a["top_filtered"] == pytest.approx(p.max())
    assert a["kept"] == np.count_nonzero(p)
    z = np.zeros_like(p)
    for _ in range(TASK_DISTILL_STEPS):  # plain descent: the forward gradient is Q - P
        q = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
        z = z - TASK_DISTILL_LEARNING_RATE * (q - p)
    q = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    assert a["end_tv"] == pytest.approx(0.5 * np.abs(q - p).sum(), rel=1e-6)


def test_alpha_claim_ends_on_the_closed_form_fits_and_jumps_between_them() -> None:
    from scipy.optimize import minimize

    from entropy_explorer import gaussians
    from entropy_explorer.examples import BIMODAL_TEACHER as T

    a = assess("task.alpha_interpolates")
    # alpha = 1 is forward KL: moment matching, sigma^2 = sum w (sigma_i^2 + mu_i^2) - mean^2.
    w, m, s = (np.array(v) for v in (T.weights, T.means, T.sigmas))
    mean = float(w @ m)
    assert a["sigma_cover"] == pytest.approx(np.sqrt(float(w @ (s**2 + m**2)) - mean**2), abs=1e-3)
    # alpha = 0 is reverse KL: its peak fit, by a different optimiser from the right peak.
    res = minimize(lambda v: gaussians.reverse_kl(T, v[0], np.exp(v[1])), x0=[3.0, 0.0],
                   method="Nelder-Mead", options={"xatol": 1e-8, "fatol": 1e-12})
    assert a["sigma_seek"] == pytest.approx(float(np.exp(res.x[1])), abs=5e-3)
    assert a.conditional and a["largest_jump"] > abs(a["sigma_cover"] - a["sigma_seek"]) / 2
    assert 0 < a["path_switch"] < a["global_switch"] < a["peaks_vanish"] < 1
