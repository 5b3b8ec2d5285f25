"""The widget pages against the maths modules, in headless Chromium with the network blocked.

Each page is driven through hundreds of seeded inputs in one page load (see
``widget_helpers``); every number it shows is compared with ``infotheory`` / ``gaussians``
formatted as the videos format it, and its full-precision value where the page gives one.
"""

from __future__ import annotations

import html
import json
import math
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from widget_helpers import Action, close, drive_groups, fmt

from entropy_explorer.examples import (
    BIMODAL_TEACHER,
    GUESS_LARGE,
    GUESS_SMALL,
    MOVIE_REVIEW_P,
    MOVIE_REVIEW_Q,
    MOVIE_REVIEW_Q_BLIND,
    NEXT_WORD,
    STUDENT_START,
    STUDENT_START_CENTRAL,
    TWO_PEAK_DESCENT,
)
from entropy_explorer.gaussians import (
    alpha_local_minima,
    descend,
    forward_kl,
    forward_optimum,
    reverse_kl,
)
from entropy_explorer.infotheory import (
    binary_entropy,
    cross_entropy,
    cross_entropy_terms,
    entropy,
    information,
    kl_divergence,
    softmax,
)
from entropy_explorer.pipeline.leaves.browser import browser_check
from entropy_explorer.pipeline.leaves.project import DEFAULT_PROJECT
from entropy_explorer.pipeline.steps import widgets
from entropy_explorer.pipeline.steps.embeds import IFRAME_RE, iframe_src

DASH = "\u2014"
DEC = widgets.DECIMALS


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from test_slides import needs_chromium

    needs_chromium()
    folder = tmp_path_factory.mktemp("widgets")
    widgets.write_widgets(folder)
    return folder


def _mismatches(state: dict[str, Any], expected: dict[str, tuple[float, int]]) -> list[str]:
    """Every shown number that differs from ``format_value(value, decimals)``."""
    bad = []
    for key, (value, decimals) in expected.items():
        want = fmt(value, decimals)
        got = state["shown"].get(key)
        if got != want:
            bad.append(f"{key}: page {got!r}, module {want!r} ({value!r})")
        raw = state["values"].get(key)
        if raw is not None and not close(raw, value):
            bad.append(f"{key}: page value {raw}, module {value!r}")
    return bad


# ------------------------------------------------------------------------ information
def _information_cases(rng: np.random.Generator) -> list[list[Action]]:
    edges = [0.0, 1.0, 1e-300, 5e-324, 1 - 1e-12, 1e-12, 0.5, 0.125, 1 / 1024, 0.001,
             0.9999999]
    cases: list[list[Action]] = [[("set", "#p", repr(p))] for p in edges]
    cases += [[("set", "#p", repr(float(p)))] for p in rng.uniform(0, 1, 90)]
    cases += [[("set", "#p", repr(float(2.0 ** -s)))] for s in rng.uniform(0, 40, 60)]
    cases += [[("set", "#p-range", f"{s:.2f}")] for s in rng.uniform(0, 20, 40)]
    cases += [[("click", f"#landmarks button:nth-child({i})")] for i in range(1, 7)]
    return cases


@pytest.fixture(scope="module")
def information_run(pages: Path) -> dict[str, list[dict[str, Any]]]:
    return drive_groups(pages / "information.html", {
        "numbers": _information_cases(np.random.default_rng(21)),
        "refuse": [[("set", "#p", "0.25")], [("set", "#p", "-0.1")], [("set", "#p", "1.5")],
                   [("set", "#p", "")], [("set", "#p", "0.5")]]})


def test_information_page_shows_the_modules_numbers(information_run: dict[str, Any]) -> None:
    states = information_run["numbers"]
    assert len(states) > 200
    bad = []
    for i, state in enumerate(states):
        p = float(state["boxes"]["p"])
        assert state["warn"] == ""
        expected = {"p": (p, DEC["probability"]), "one_in": (1 / p if p else math.inf, 0),
                    "bits": (information(p), DEC["bits"]),
                    "nats": (information(p, math.e), DEC["nats"])}
        bad += [f"case {i} (p={p!r}): {m}" for m in _mismatches(state, expected)]
    assert not bad, "\n".join(bad[:20])
    # the edges, shown honestly
    by_p = {float(s["boxes"]["p"]): s["shown"] for s in states}
    assert by_p[0.0]["bits"] == "\u221e" and by_p[1.0]["bits"] == "0.00"
    assert by_p[1 / 8]["bits"] == "3.00" and by_p[1 / 1024]["bits"] == "10.00"
    # the slider sets p = 2^-s (to 6 digits in the box), and the article's examples are buttons
    assert float(states[-6]["boxes"]["p"]) == GUESS_SMALL.p
    assert float(states[-5]["boxes"]["p"]) == GUESS_LARGE.p


def test_information_page_refuses_a_probability_outside_0_1(information_run: dict[str, Any]) -> None:
    states = information_run["refuse"]
    assert [s["warn"] != "" for s in states] == [False, False, True, True, True, False]
    # a refused value changes no number shown
    assert states[2]["shown"] == states[3]["shown"] == states[4]["shown"] == states[1]["shown"]
    assert states[1]["shown"]["bits"] == "2.00" and states[5]["shown"]["bits"] == "1.00"


# --------------------------------------------------------------------------- entropy
def _entropy_cases() -> list[list[Action]]:
    rng = np.random.default_rng(7)
    cs = [0.0, 1e-12, NEXT_WORD.confidence_end, 10.0, 50.0, 800.0, *rng.uniform(0, 10, 110).tolist()]
    coins = [0.0, 1.0, 1e-15, 1 - 1e-15, 5e-324, 0.5, 0.9, *rng.uniform(0, 1, 80).tolist()]
    cases: list[list[Action]] = [[("set", "#confidence", repr(c))] for c in cs]
    cases += [[("set", "#coin", repr(p))] for p in coins]
    cases += [[("set", "#confidence-range", f"{c:.2f}")] for c in rng.uniform(0, 10, 10)]
    cases += [[("set", "#coin-range", f"{p:.3f}")] for p in rng.uniform(0, 1, 10)]
    cases += [[("click", "#coins button:nth-child(1)")], [("click", "#coins button:nth-child(2)")]]
    return cases


@pytest.fixture(scope="module")
def entropy_run(pages: Path) -> dict[str, list[dict[str, Any]]]:
    return drive_groups(pages / "entropy_explorer.html", {
        "numbers": _entropy_cases(),
        "refuse": [[("set", "#confidence", "1e308")], [("set", "#confidence", "-1")],
                   [("set", "#confidence", "2")]]})


def test_entropy_page_shows_the_modules_numbers(entropy_run: dict[str, Any]) -> None:
    states = entropy_run["numbers"]
    assert len(states) > 200
    bad = []
    target = NEXT_WORD.words.index(NEXT_WORD.target)
    for i, state in enumerate(states):
        assert state["warn"] == ""
        c, h = float(state["boxes"]["confidence"]), float(state["boxes"]["coin"])
        probs = softmax(c * np.asarray(NEXT_WORD.logits))
        expected = {f"p.{w}": (float(probs[j]), DEC["bar"]) for j, w in enumerate(NEXT_WORD.words)}
        expected |= {"p_target": (float(probs[target]), DEC["bar"]),
                     "entropy": (entropy(probs), DEC["bits"]),
                     "max_entropy": (math.log2(len(NEXT_WORD.words)), DEC["bits"])}
        coin = [h, 1.0 - h]
        terms = cross_entropy_terms(coin, coin)
        for j, side in enumerate(("heads", "tails")):
            expected |= {f"coin.p_{side}": (coin[j], DEC["bar"]),
                         f"coin.info_{side}": (information(coin[j]), DEC["coin_bits"]),
                         f"coin.term_{side}": (float(terms[j]), DEC["coin_bits"])}
        expected["coin.entropy"] = (binary_entropy(h), DEC["coin_bits"])
        bad += [f"case {i} (c={c!r}, coin={h!r}): {m}" for m in _mismatches(state, expected)]
    assert not bad, "\n".join(bad[:20])
    assert states[1]["shown"]["entropy"] == "2.32"  # c = 0: five equally likely words
    assert states[6]["shown"]["entropy"] == "0.00"  # c = 800: all mass on "dog"
    assert states[-1]["shown"]["coin.entropy"] == "0.469"  # the article's biased coin


def test_entropy_page_refuses_a_confidence_that_overflows(entropy_run: dict[str, Any]) -> None:
    states = entropy_run["refuse"]
    assert [bool(s["warn"]) for s in states] == [False, True, True, False]
    assert states[1]["shown"] == states[0]["shown"]


# --------------------------------------------------------------------- cross-entropy
WORDS = ("amazing", "terrible", "okay")


def _normalised(w: list[float]) -> list[float]:
    s = w[0] + w[1] + w[2]
    return [v / s for v in w]


def _set_weights(dist: str, w: list[float]) -> list[Action]:
    return [("set", f"#{dist}-{word}", repr(v)) for word, v in zip(WORDS, w, strict=True)]


def _cross_entropy_cases() -> list[list[Action]]:
    rng = np.random.default_rng(8)

    def weights() -> list[float]:
        w = rng.uniform(0, 1, 3)
        kind = rng.integers(0, 5)
        if kind == 1:
            w[rng.integers(0, 3)] = 0.0  # a zero
        elif kind == 2:
            w[rng.integers(0, 3)] = 1e-9  # nearly a zero
        elif kind == 3:
            w[rng.integers(0, 3)] = 1e6  # nearly all the mass
        return [float(v) for v in w]

    cases: list[list[Action]] = [
        _set_weights("q", [0.9, 0.0, 0.1]),   # Q rules out "terrible": infinite
        _set_weights("p", [0.5, 0.0, 0.5]),   # ... unless P does too: 0 log 0 = 0
        _set_weights("q", [1.0, 0.0, 0.0]),   # P gives "okay" mass, Q none
        _set_weights("p", [0.0, 0.0, 1e-300]),
        _set_weights("p", [0.5, 0.4, 0.1]) + _set_weights("q", [0.5, 0.4, 0.1]),
    ]
    cases += [_set_weights("p", weights()) + _set_weights("q", weights()) for _ in range(180)]
    cases += [[("set", f"#q-{w}-range", f"{v:.2f}")] for w, v in zip(
        WORDS * 5, rng.uniform(0, 1, 15), strict=True)]
    cases += [[("click", f"#presets button:nth-child({i})")] for i in (1, 2, 3)]
    return cases


@pytest.fixture(scope="module")
def cross_entropy_run(pages: Path) -> dict[str, list[dict[str, Any]]]:
    return drive_groups(pages / "cross_entropy.html", {
        "start": [], "numbers": _cross_entropy_cases(),
        "empty": [_set_weights("q", [0.0, 0.0, 0.0]), [("set", "#q-okay", "1")]]})


def test_cross_entropy_page_shows_the_modules_numbers(cross_entropy_run: dict[str, Any]) -> None:
    states = cross_entropy_run["numbers"]
    assert len(states) > 200
    bad = []
    for i, state in enumerate(states):
        assert state["warn"] == "", state["warn"]
        p = _normalised([float(state["boxes"][f"p-{w}"]) for w in WORDS])
        q = _normalised([float(state["boxes"][f"q-{w}"]) for w in WORDS])
        terms = cross_entropy_terms(p, q)
        expected: dict[str, tuple[float, int]] = {
            "entropy": (entropy(p), DEC["bits"]), "cross_entropy": (cross_entropy(p, q), DEC["bits"]),
            "kl": (kl_divergence(p, q), DEC["bits"])}
        for j, w in enumerate(WORDS):
            expected |= {f"p.{w}": (p[j], DEC["probability"]), f"q.{w}": (q[j], DEC["probability"]),
                         f"bar.p.{w}": (p[j], DEC["bar"]), f"bar.q.{w}": (q[j], DEC["bar"]),
                         f"surprise.p.{w}": (information(p[j]), DEC["bits"]),
                         f"surprise.q.{w}": (information(q[j]), DEC["bits"]),
                         f"term.{w}": (float(terms[j]), DEC["bits"])}
        bad += [f"case {i} (p={p}, q={q}): {m}" for m in _mismatches(state, expected)]
    assert not bad, "\n".join(bad[:20])
    # infinity where Q gives an outcome of P zero mass, and only there
    assert states[1]["shown"]["cross_entropy"] == states[1]["shown"]["kl"] == "\u221e"
    assert states[2]["shown"]["cross_entropy"] != "\u221e"
    assert states[3]["shown"]["kl"] == "\u221e" and states[3]["shown"]["term.okay"] == "\u221e"
    assert states[5]["shown"]["kl"] == "0.00"
    assert [float(states[-3]["boxes"][f"q-{w}"]) for w in WORDS] == list(MOVIE_REVIEW_Q.probs)
    assert [float(states[-1]["boxes"][f"q-{w}"]) for w in WORDS] == list(MOVIE_REVIEW_Q_BLIND.probs)


def test_cross_entropy_page_shows_the_true_movie_value_not_the_articles(
        pages: Path, cross_entropy_run: dict[str, Any]) -> None:
    """The article says H(P,Q) = 2.18 and an excess of 0.82 bits; the module says 2.24 and
    0.88. The page opens on the article's example and shows the module's values."""
    page = pages / "cross_entropy.html"
    [start] = cross_entropy_run["start"]
    assert start["shown"]["cross_entropy"] == fmt(cross_entropy(*_movie()), 2) == "2.24"
    assert start["shown"]["kl"] == fmt(kl_divergence(*_movie()), 2) == "0.88"
    source = page.read_text(encoding="utf-8")
    assert "2.18" not in source and "0.82" not in source
    assert "2.18" not in start["shown"].values()


def _movie() -> tuple[list[float], list[float]]:
    return list(MOVIE_REVIEW_P.probs), list(MOVIE_REVIEW_Q.probs)


def test_cross_entropy_page_with_no_weight_shows_no_number(cross_entropy_run: dict[str, Any]) -> None:
    states = cross_entropy_run["empty"]
    assert "Q needs some weight" in states[1]["warn"]
    assert set(states[1]["shown"].values()) == {DASH}
    assert states[2]["warn"] == "" and states[2]["shown"]["cross_entropy"] == "\u221e"


# --------------------------------------------------------------------------- kl_fit
OPTS = TWO_PEAK_DESCENT.options()


def _student(mu: float, sigma: float) -> list[Action]:
    return [("set", "#mu", repr(mu)), ("set", "#sigma", repr(sigma))]


def _kl_expected(mu: float, sigma: float) -> dict[str, tuple[float, int]]:
    return {"mu": (mu, DEC["student"]), "sigma": (sigma, DEC["student"]),
            "forward": (forward_kl(BIMODAL_TEACHER, mu, sigma), DEC["nats"]),
            "reverse": (reverse_kl(BIMODAL_TEACHER, mu, sigma), DEC["nats"])}


def _student_cases() -> list[list[Action]]:
    rng = np.random.default_rng(10)
    lo, hi = widgets.STUDENT_SIGMA_RANGE
    edges = [(1.0, 0.7), (0.0, lo), (3.0, lo), (-3.0, 1.0), (0.0, hi), (20.0, 0.5),
             (-15.0, 3.0), (0.0, 3.1622776601683795), *((m, s) for m in widgets.STUDENT_MU_RANGE
                                                       for s in (lo, 1.0, hi)),
             # exact ties, which Python rounds to even (0.12, -0.12, 0.38; 0.12, 0.62)
             (0.125, 0.125), (-0.125, 0.625), (0.375, 1.0)]
    students = edges + [(float(m), float(10 ** s)) for m, s in zip(
        rng.uniform(-6, 6, 190), rng.uniform(-2, 1, 190), strict=True)]
    cases = [_student(m, s) for m, s in students]
    cases += [[("set", "#mu-range", f"{m:.2f}")] for m in rng.uniform(-6, 6, 5)]
    cases += [[("set", "#sigma-range", f"{s:.3f}")] for s in rng.uniform(-2, 1, 5)]
    cases += [[("key", "#landscape", k)] for k in ("ArrowRight", "ArrowUp", "ArrowLeft", "ArrowDown")]
    return cases


def _descent_starts() -> list[tuple[float, float]]:
    rng = np.random.default_rng(22)
    starts = [(STUDENT_START.mu, STUDENT_START.sigma),
              (STUDENT_START_CENTRAL.mu, STUDENT_START_CENTRAL.sigma), (0.3, 0.01)]
    return starts + [(round(float(m), 2), round(float(10 ** s), 3)) for m, s in zip(
        rng.uniform(-4, 4, 7), rng.uniform(-1, 0.6, 7), strict=True)]


@pytest.fixture(scope="module")
def kl_fit_run(pages: Path) -> dict[str, list[dict[str, Any]]]:
    descents = [[*_student(mu0, sigma0), ("check", f"#dir-{d}"), ("click", "#descend")]
                for mu0, sigma0 in _descent_starts() for d in ("forward", "reverse")]
    minima = [_student(m.mu, m.sigma) for m in alpha_local_minima(0.0, BIMODAL_TEACHER)]
    refuse = [_student(0.5, 1.0), [("set", "#sigma", "1e-4")], [("set", "#mu", "51")],
              [("set", "#sigma", "0")], [("set", "#mu", "-2")]]
    return drive_groups(pages / "kl_fit.html", {
        "start": [], "students": _student_cases(), "descents": descents, "minima": minima,
        "refuse": refuse})


def test_kl_fit_page_shows_the_modules_kl_for_every_student(kl_fit_run: dict[str, Any]) -> None:
    states = kl_fit_run["students"]
    assert len(states) > 200
    bad = []
    for i, state in enumerate(states):
        assert state["warn"] == ""
        mu, sigma = float(state["values"]["mu"]), float(state["values"]["sigma"])
        assert (mu, sigma) == (float(state["boxes"]["mu"]), float(state["boxes"]["sigma"]))
        bad += [f"case {i} ({mu!r}, {sigma!r}): {m}" for m in _mismatches(state, _kl_expected(mu, sigma))]
    assert not bad, "\n".join(bad[:20])
    # the arrow keys move the student on the landscape
    mus = [float(s["values"]["mu"]) for s in states[-5:]]
    sigmas = [float(s["values"]["sigma"]) for s in states[-5:]]
    assert mus[1] == pytest.approx(mus[0] + 0.05) and mus[3] == pytest.approx(mus[0])
    assert sigmas[2] == pytest.approx(sigmas[0] * 1.02, rel=1e-3)


def test_kl_fit_descent_ends_where_the_modules_descent_ends(kl_fit_run: dict[str, Any]) -> None:
    starts = _descent_starts()
    runs = [descend(d, BIMODAL_TEACHER, mu0, sigma0, **OPTS)  # type: ignore[arg-type]
            for mu0, sigma0 in starts for d in ("forward", "reverse")]
    states = kl_fit_run["descents"][1:]
    bad = []
    for (mu0, sigma0), run, state in zip([s for s in starts for _ in (0, 1)], runs, states, strict=True):
        mu, sigma, _ = run.end
        where = f"{run.direction} from ({mu0}, {sigma0})"
        if state["shown"]["step"] != str(run.steps):
            bad.append(f"{where}: page stopped after {state['shown']['step']} steps, module {run.steps}")
        bad += [f"{where}: {m}" for m in _mismatches(state, _kl_expected(mu, sigma))
                if "page value" not in m]
        if not (close(state["values"]["mu"], mu, rel=1e-6, abs_=1e-6)
                and close(state["values"]["sigma"], sigma, rel=1e-6)):
            bad.append(f"{where}: page ends at ({state['values']['mu']}, {state['values']['sigma']}), "
                       f"module at ({mu!r}, {sigma!r})")
    assert not bad, "\n".join(bad)
    # the video's two reverse-KL stories: a peak from the off-centre start, the wide
    # centred valley from the central one
    assert states[1]["shown"]["mu"] == "2.98" and states[3]["shown"]["sigma"] == "2.74"


def test_kl_fit_page_lists_the_modules_reverse_kl_minima(kl_fit_run: dict[str, Any]) -> None:
    [state] = kl_fit_run["start"]
    minima = alpha_local_minima(0.0, BIMODAL_TEACHER)
    assert len(minima) == 3  # two peaks and the wide, centred valley
    expected = {}
    for i, m in enumerate(minima):
        expected |= {f"minimum.{i}.mu": (m.mu, DEC["student"]),
                     f"minimum.{i}.sigma": (m.sigma, DEC["student"]),
                     f"minimum.{i}.kl": (m.value, DEC["nats"])}
    mu_f, sigma_f = forward_optimum(BIMODAL_TEACHER)
    expected |= {"forward_optimum.mu": (mu_f, 2), "forward_optimum.sigma": (sigma_f, 2)}
    assert not _mismatches(state, expected)
    at_minima = kl_fit_run["minima"][1:]
    for m, s in zip(minima, at_minima, strict=True):
        assert s["shown"]["reverse"] == fmt(m.value, DEC["nats"])


def test_kl_fit_page_refuses_students_beyond_its_limits(kl_fit_run: dict[str, Any]) -> None:
    """Beyond the limits the KLs pass 1e9 nats, where the digits shown outrun a float."""
    states = kl_fit_run["refuse"]
    assert [bool(s["warn"]) for s in states[1:]] == [False, True, True, True, False]
    assert states[2]["shown"] == states[3]["shown"] == states[4]["shown"] == states[1]["shown"]
    assert states[5]["shown"]["mu"] == "-2.00" and states[5]["shown"]["sigma"] == "1.00"


# ------------------------------------------------------------------ the pages as files
class _Inputs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inputs: list[dict[str, str | None]] = []
        self.labels: set[str] = set()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("input", "canvas", "button"):
            self.inputs.append({"tag": tag, **a})
        if tag == "label" and a.get("for"):
            self.labels.add(str(a["for"]))
        for name in ("src", "href"):
            if a.get(name):
                self.urls.append(str(a[name]))


@pytest.mark.parametrize("widget", widgets.WIDGETS, ids=lambda w: w.stem)
def test_page_is_small_offline_and_labelled(widget: widgets.Widget, pages: Path,
                                            request: pytest.FixtureRequest) -> None:
    page = pages / widget.file
    text = page.read_text(encoding="utf-8")
    assert page.stat().st_size < 300_000
    p = _Inputs()
    p.feed(text)
    assert p.urls == []  # nothing to load: style, script and data are in the page
    assert not re.search(r"https?://", text)
    for el in p.inputs:  # every control a screen reader can name (the rest made by script)
        if el["tag"] == "input" and el.get("type") != "radio":
            assert el.get("aria-label") or el.get("id") in p.labels, el
        if el["tag"] == "canvas":
            assert el.get("aria-label"), el
    # in the page as it runs (controls made by its script too): every control has a name
    run = request.getfixturevalue(f"{widget.stem.removesuffix('_explorer')}_run")
    assert all(s["unlabelled"] == [] for group in run.values() for s in group[:1])


def test_web_check_of_a_widget_and_its_screenshot(pages: Path, tmp_path: Path) -> None:
    """``web --check``'s look at a widget: every number filled in, and a PNG of the page."""
    png = tmp_path / "information.png"
    assert widgets.check_widget(pages / "information.html", png) == "widget-ok 4 numbers"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    # the check can fail: a page whose script stops before filling its numbers
    broken = tmp_path / "broken.html"
    broken.write_text((pages / "information.html").read_text(encoding="utf-8").replace(
        "EE.show(\"bits\"", "EE.show(\"no-such-readout\"", 1), encoding="utf-8")
    assert widgets.check_widget(broken).startswith("widget-empty")


def test_pages_work_embedded_in_the_articles_iframes(pages: Path) -> None:
    """Each page inside an iframe as the article embeds it (its height, a 720-px column):
    every number filled in, nothing wider than the frame."""
    article = DEFAULT_PROJECT.article.read_text(encoding="utf-8")
    frames = [(Path(iframe_src(m.group(0))).name, re.search(r'height="(\d+)"', m.group(0)))
              for m in IFRAME_RE.finditer(article)]
    sizes = [(name, int(h.group(1)) if h else 0) for name, h in frames] + [("kl_fit.html", 1100)]
    assert [n for n, _ in sizes] == [w.file for w in widgets.WIDGETS]
    holder = pages / "frames.html"
    holder.write_text("<!doctype html><html><body>" + "".join(
        f'<iframe src="{n}" width="720" height="{h}" style="border:0"></iframe>' for n, h in sizes)
        + "</body></html>", encoding="utf-8")
    probe = """<script>
window.addEventListener("load", function () {
  var out = [];
  document.querySelectorAll("iframe").forEach(function (f) {
    var d = f.contentDocument.documentElement, keys = d.querySelectorAll("[data-key]"), empty = 0;
    keys.forEach(function (e) { if (!e.textContent.trim()) { empty++; } });
    out.push([keys.length, empty, d.scrollWidth <= d.clientWidth]);
  });
  document.body.setAttribute("data-check", JSON.stringify(out));
});
</script>"""
    # file:// pages may read the frames' documents only with this flag (a blog serves one origin)
    found = json.loads(html.unescape(browser_check(holder, probe,
                                                   extra_flags=["--allow-file-access-from-files"])))
    assert len(found) == 4
    for (name, _), (keys, empty, fits) in zip(sizes, found, strict=True):
        assert keys > 0 and empty == 0 and fits, name
