"""The article's interactive widgets as offline pages: ``information.html``,
``entropy_explorer.html``, ``cross_entropy.html`` (the article's three iframes) and
``kl_fit.html`` (section 10's two-peaked teacher and a Gaussian student).

Each page is one self-contained HTML file: its CSS, its script and its data are written
into it, so it needs no network and no other file, embedded in an iframe or opened alone.

Where the numbers come from. The reader's inputs are continuous (any ``p``, any ``Q``,
any student ``(mu, sigma)``), so the few formulas they need are ported to JavaScript
(``templates/widgets/maths.js``: information, entropy, cross-entropy, KL, the Gaussian
KLs with the same trapezoid quadrature, their gradients and the same descent loop); a
table of precomputed values could not follow a slider to the digits shown. What the
browser would compute slowly or that needs scipy is computed here by the Python module
and written into the page: the reverse-KL landscape (:func:`~entropy_explorer.gaussians.kl_landscape`)
and its local minima (:func:`~entropy_explorer.gaussians.alpha_local_minima` at
``alpha = 0``). ``tests/test_widgets.py`` drives every page in headless Chromium and
compares each number shown with :mod:`entropy_explorer.infotheory` and
:mod:`entropy_explorer.gaussians`.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from string import Template
from typing import Any

import numpy as np

from entropy_explorer import examples, gaussians, infotheory, theme
from entropy_explorer.examples import (
    BIASED_COIN,
    BIMODAL_TEACHER,
    FAIR_COIN,
    GUESS_LARGE,
    GUESS_SMALL,
    MOVIE_REVIEW_P,
    MOVIE_REVIEW_Q,
    MOVIE_REVIEW_Q_BLIND,
    NEXT_WORD,
    STUDENT_START,
    STUDENT_START_CENTRAL,
    SURPRISE_LANDMARKS,
    TWO_PEAK_DESCENT,
    TWO_PEAK_LANDSCAPE,
)
from entropy_explorer.gaussians import (
    QUADRATURE_NODES,
    Z_MAX,
    alpha_local_minima,
    forward_optimum,
    kl_landscape,
)
from entropy_explorer.pipeline.leaves.browser import browser_check, screenshot
from entropy_explorer.pipeline.leaves.files import atomic_write_text
from entropy_explorer.pipeline.steps.embeds import IFRAME_EMBEDS

__all__ = [
    "DECIMALS",
    "LANDSCAPE_LOG_SIGMAS",
    "LANDSCAPE_MUS",
    "STUDENT_MU_RANGE",
    "STUDENT_SIGMA_RANGE",
    "WIDGETS",
    "WIDGETS_DIR",
    "Widget",
    "check_widget",
    "widget_html",
    "widgets_fingerprint",
    "write_widgets",
]

WIDGETS_DIR = Path(__file__).resolve().parents[2] / "templates" / "widgets"

#: Decimals of each kind of number shown (as the videos show them).
DECIMALS = {"bits": 2, "nats": 3, "probability": 3, "bar": 2, "student": 2, "coin_bits": 3,
            "count": 0}
#: The students the reader may set: beyond these the KLs grow past 1e9 nats, where the
#: digits shown outrun a float's precision and two correct sums differ in the last one.
STUDENT_MU_RANGE = (-50.0, 50.0)
STUDENT_SIGMA_RANGE = (1e-3, 100.0)
#: The reverse-KL landscape's grid: the video's (section 10), mu by log sigma.
LANDSCAPE_MUS = np.linspace(*TWO_PEAK_LANDSCAPE.mu_range, TWO_PEAK_LANDSCAPE.mu_count)
LANDSCAPE_LOG_SIGMAS = np.linspace(*(math.log(s) for s in TWO_PEAK_LANDSCAPE.sigma_range),
                                   TWO_PEAK_LANDSCAPE.sigma_count)
#: Shades of the landscape picture, one character each (64 levels).
_SHADES = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+/"


@dataclass(frozen=True)
class Widget:
    """One widget page: its file, the section it stands beside, its title and the height
    (px) the preview page gives its iframe."""

    file: str
    section_number: int
    title: str
    height: int

    @property
    def stem(self) -> str:
        return self.file.removesuffix(".html")


_TITLES = {
    "information.html": ("Information: the surprise of an outcome", 480),
    "entropy_explorer.html": ("Entropy: the average surprise of a distribution", 560),
    "cross_entropy.html": ("Cross-entropy: surprise measured with the wrong model", 720),
}
#: The article's three iframes (their files and sections from :data:`IFRAME_EMBEDS`), then
#: section 10's fit.
WIDGETS: tuple[Widget, ...] = (
    *(Widget(e.iframe, e.section_number, *_TITLES[e.iframe]) for e in IFRAME_EMBEDS),
    Widget("kl_fit.html", 10, "Forward and reverse KL: fit one Gaussian to two peaks", 1020),
)


def _colours() -> dict[str, str]:
    names = ("BACKGROUND", "TEXT_COLOR", "MUTED_COLOR", "NOTE_COLOR", "P_COLOR", "Q_COLOR",
             "INFORMATION_COLOR", "ENTROPY_COLOR", "CROSS_ENTROPY_COLOR", "KL_COLOR",
             "FORWARD_KL_COLOR", "REVERSE_KL_COLOR")
    return {n.removesuffix("_COLOR").lower(): getattr(theme, n) for n in names}


@lru_cache(maxsize=1)
def _landscape() -> dict[str, Any]:
    """The reverse-KL landscape as shades of log KL, and its local minima."""
    values = kl_landscape("reverse", BIMODAL_TEACHER, LANDSCAPE_MUS, np.exp(LANDSCAPE_LOG_SIGMAS))
    shade = np.log(values)
    shade = (shade - shade.min()) / (shade.max() - shade.min())
    levels = np.minimum((shade**0.6 * len(_SHADES)).astype(int), len(_SHADES) - 1)
    minima = alpha_local_minima(0.0, BIMODAL_TEACHER)
    return {
        "mus": [float(LANDSCAPE_MUS[0]), float(LANDSCAPE_MUS[-1]), len(LANDSCAPE_MUS)],
        "logSigmas": [float(LANDSCAPE_LOG_SIGMAS[0]), float(LANDSCAPE_LOG_SIGMAS[-1]),
                      len(LANDSCAPE_LOG_SIGMAS)],
        "shades": "".join(_SHADES[v] for v in levels.reshape(-1)),
        "minima": [{"mu": m.mu, "sigma": m.sigma, "kl": m.value, "landing": m.landing}
                   for m in minima],
    }


def _data(widget: Widget) -> dict[str, Any]:
    """The settings and values the page's script reads (colours, examples, maths)."""
    data: dict[str, Any] = {"colours": _colours(), "decimals": DECIMALS}
    if widget.stem == "information":
        data.update(landmarks=[{"label": f"1 in {GUESS_SMALL.n}", "p": GUESS_SMALL.p},
                               {"label": f"1 in {GUESS_LARGE.n}", "p": GUESS_LARGE.p},
                               *({"label": f"p = {p:g}", "p": p} for p in SURPRISE_LANDMARKS)],
                    start=GUESS_SMALL.p)
    elif widget.stem == "entropy_explorer":
        data.update(words=list(NEXT_WORD.words), logits=list(NEXT_WORD.logits),
                    context=NEXT_WORD.context, target=NEXT_WORD.target,
                    confidence=[NEXT_WORD.confidence_start, NEXT_WORD.confidence_end],
                    coins=[{"label": FAIR_COIN.name, "p": FAIR_COIN.p_heads},
                           {"label": BIASED_COIN.name, "p": BIASED_COIN.p_heads}])
    elif widget.stem == "cross_entropy":
        data.update(outcomes=list(MOVIE_REVIEW_P.outcomes), p=list(MOVIE_REVIEW_P.probs),
                    presets=[{"label": "the article's model Q", "q": list(MOVIE_REVIEW_Q.probs)},
                             {"label": "a perfect model, Q = P", "q": list(MOVIE_REVIEW_P.probs)},
                             {"label": "a model ruling out 'terrible'",
                              "q": list(MOVIE_REVIEW_Q_BLIND.probs)}])
    elif widget.stem == "kl_fit":
        mu_f, sigma_f = forward_optimum(BIMODAL_TEACHER)
        data.update(teacher={"weights": list(BIMODAL_TEACHER.weights),
                             "means": list(BIMODAL_TEACHER.means),
                             "sigmas": list(BIMODAL_TEACHER.sigmas)},
                    quadrature={"zMax": Z_MAX, "nodes": QUADRATURE_NODES},
                    descent={"learningRate": TWO_PEAK_DESCENT.learning_rate,
                             "maxStep": TWO_PEAK_DESCENT.max_step,
                             "tol": TWO_PEAK_DESCENT.tol, "maxSteps": TWO_PEAK_DESCENT.max_steps},
                    starts=[{"label": "the video's start", "mu": STUDENT_START.mu,
                             "sigma": STUDENT_START.sigma},
                            {"label": "the video's central start", "mu": STUDENT_START_CENTRAL.mu,
                             "sigma": STUDENT_START_CENTRAL.sigma}],
                    forwardOptimum={"mu": mu_f, "sigma": sigma_f},
                    limits={"mu": list(STUDENT_MU_RANGE), "sigma": list(STUDENT_SIGMA_RANGE)},
                    landscape=_landscape())
    return data


def _read(name: str) -> str:
    return (WIDGETS_DIR / name).read_text(encoding="utf-8")


def widget_html(widget: Widget) -> str:
    """The whole page: template, style, data and scripts in one file."""
    data = json.dumps(_data(widget), separators=(",", ":"), allow_nan=False)
    return Template(_read("page.html")).substitute(
        title=html.escape(widget.title), style=_read("style.css"),
        body=_read(f"{widget.stem}.html"),
        data=data.replace("</", "<\\/"),
        scripts="\n".join(_read(n) for n in ("maths.js", "ui.js", f"{widget.stem}.js")),
    )


def widgets_fingerprint() -> str:
    """A hash of everything the pages are made from (templates and the modules' sources)."""
    h = hashlib.sha256()
    for p in sorted(WIDGETS_DIR.iterdir()):
        h.update(p.name.encode() + p.read_bytes())
    for module in (examples, gaussians, infotheory, theme):
        h.update(Path(str(module.__file__)).read_bytes())
    h.update(Path(__file__).read_bytes())
    return h.hexdigest()


def write_widgets(folder: Path) -> list[Path]:
    """Write every widget page into ``folder`` (atomically); return their paths."""
    out = []
    for w in WIDGETS:
        path = folder / w.file
        atomic_write_text(path, widget_html(w))
        out.append(path)
    return out


_WIDGET_PROBE = """
<script>
(function () {
  var shown = document.querySelectorAll("[data-key]"), empty = 0;
  shown.forEach(function (e) { if (!e.textContent.trim()) { empty += 1; } });
  document.body.setAttribute("data-check", empty || !shown.length
    ? "widget-empty " + empty + " of " + shown.length : "widget-ok " + shown.length + " numbers");
})();
</script>
"""


def check_widget(page: Path, png: Path | None = None) -> str:
    """Open a widget page from disk in headless Chromium (network blocked): did its script
    fill every number it shows? ``"widget-ok N numbers"`` on success. With ``png``, also
    a screenshot of it there."""
    state = browser_check(page, _WIDGET_PROBE)
    if png is not None:
        screenshot(page, png)
    return state
