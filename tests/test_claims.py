"""The claims audit: each recomputation against an independent reference, the article's
text located, every stated result covered, and altered claims reported as differing.

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

from entropy_explorer import cli, examples
from entropy_explorer.claims import ARTICLE_PATH, CLAIMS, audit, check, get_claim
from entropy_explorer.quality.audit import render_markdown, run_audit, summary
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
