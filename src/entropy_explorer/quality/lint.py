"""`entropy-explorer lint`: the layout lint (nothing clipped, overlapping or too small).

Each scene runs as a dry run (see :mod:`entropy_explorer.quality.runner`); at every pause
(each ``wait``, each ``next_slide`` and the end of each ``play``) the lint looks at every
visible text on screen (``Text``, ``MarkupText``, ``Paragraph``, ``Tex``/``MathTex``,
``DecimalNumber``) and checks four rules:

``outside-safe-area``
    The text's glyphs must lie inside the frame minus a margin of :data:`SAFE_MARGIN`
    scene units on every side (0.3 of the 8-unit frame height: 40 px at 1080p, about
    2 % of the width), so nothing is clipped and nothing hugs the edge on a TV or
    projector that crops.
``overlap``
    No two texts may overlap: their glyph boxes may not intersect by more than
    :data:`OVERLAP_TOLERANCE` units (about 3 px at 1080p) in both directions. A scene
    declares a deliberate overlap with ``self.allow_overlap(a, b)``.
``too-small``
    Every text, labels and ticks included, must have an effective font size (after any
    scaling) of at least :data:`MIN_FONT_SIZE` (Manim ``font_size``): a TeX capital about
    27 px high at 1080p, 9 px in a phone's 360 px high player. A number that cannot be
    read at that size does not belong on screen: say it instead.
``body-too-small``
    Body text (a prose text of :data:`BODY_MIN_WORDS` words or more) must be at least
    :data:`BODY_FONT_SIZE`.
``too-wordy``
    At most :data:`MAX_WORDS` words of prose on screen at once: the voice says the
    sentence, the screen shows the picture, a short label, the key number. Only words of
    ``Text``/``MarkupText``/``Paragraph`` texts of two words or more count (formulas,
    numbers and single-word labels do not; a word is a token with a letter in it).
``still-while-speaking``
    While a narration line is heard, something must move at least every
    :data:`MAX_STILL` seconds: each sentence gets its visual answer (a highlight, an
    arrow, the term being named lighting up). Measured from the scene's timing: each
    line's start and clip length (or reading time without a voice) against the
    animations played (waits do not count).
``unaccounted-number``
    Every numeral shown must be accounted for by the numbers manifest (a value recorded
    through ``fmt``/``number``/``readout``/``track_bars``) or declared as notation with
    ``declare_constants`` (see :mod:`entropy_explorer.quality.numbers`).
``unaccounted-spoken-number``
    The same for what is said: every numeral *and every number word* ("three", "half",
    "one in a thousand") in a narration line or a speaker note must be accounted for by a
    number formatted with ``say`` for that line (or declared with ``declare_spoken``), so
    narration, subtitles, transcript, slide notes and voice cannot carry a number typed by
    hand.

Scenes listed in :data:`NOT_YET_COMPOSED` are held to the rules as they were before the
composition pass (font size 20, no body, wordiness or stillness rule); what the raised rules
find there is kept as *waived* findings (``--strict`` reports them too). The list may only
shrink: a scene comes off it when it passes the raised rules.

Findings print as ``scene:time:rule: what`` (time in seconds from the scene's start, at
the first pause where the problem shows; a problem that persists is reported once). The
command, ``entropy-explorer lint``, is :mod:`entropy_explorer.quality.lint_command`.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from manim import Scene

from entropy_explorer.numbers import NumberRecord, spoken_numbers, spoken_values
from entropy_explorer.quality.composition import (
    BODY_FONT_SIZE,
    BODY_MIN_WORDS,
    MAX_STILL,
    MAX_WORDS,
    prose_words,
    still_problems,
)
from entropy_explorer.quality.texts import (
    TextOnScreen,
    find_texts,
    numerals,
    text_ids,
    text_numerals,
)
from entropy_explorer.scene import SectionScene
from entropy_explorer.sections import Section

__all__ = [
    "BODY_FONT_SIZE",
    "BODY_MIN_WORDS",
    "LEGACY_MIN_FONT_SIZE",
    "MAX_STILL",
    "MAX_WORDS",
    "MIN_FONT_SIZE",
    "NOT_YET_COMPOSED",
    "RAISED_RULES",
    "OVERLAP_TOLERANCE",
    "RULES",
    "SAFE_MARGIN",
    "Finding",
    "Inspector",
    "SceneReport",
    "check_scene",
    "layout_problems",
    "prose_words",
    "still_problems",
    "lint_scenes",
    "report_of",
]

#: Margin inside the frame edge, in scene units (the frame is 14.22 x 8).
SAFE_MARGIN = 0.3
#: Smallest legible Manim font size, on a phone (labels and ticks included).
MIN_FONT_SIZE = 28.0
#: Overlap smaller than this (scene units, both directions) is ignored.
OVERLAP_TOLERANCE = 0.02
#: Every rule the lint checks.
RULES = ("outside-safe-area", "overlap", "too-small", "body-too-small", "too-wordy",
         "still-while-speaking", "unaccounted-number", "unaccounted-spoken-number")
#: The rules raised by the composition pass (legible on a phone, few words, motion with
#: the voice), waived for the scenes in :data:`NOT_YET_COMPOSED`.
RAISED_RULES = ("too-small", "body-too-small", "too-wordy", "still-while-speaking")
#: The smallest font size before the composition pass: still enforced on every scene.
LEGACY_MIN_FONT_SIZE = 20.0
#: Scenes not yet through the composition pass: the raised rules are waived for them
#: (their findings are kept as ``SceneReport.waived``). Only ever remove names; a test
#: fails when a listed scene passes the raised rules (take it off) or a name is added.
#: Every scene has been through it: the raised rules hold everywhere.
NOT_YET_COMPOSED: frozenset[str] = frozenset()

#: Rounding slack for the font-size comparison.
_FONT_SLACK = 0.05


@dataclass(frozen=True, order=True)
class Finding:
    """One problem: where (scene, seconds from its start), which rule, and what.

    ``legacy`` is False for a problem only the raised rules see (a text of font size 24:
    below 28, above the old 20); such findings are waived for scenes not yet composed.
    """

    scene: str
    time: float
    rule: str
    message: str
    legacy: bool = field(default=True, compare=False)

    def __str__(self) -> str:
        return f"{self.scene}:{self.time:.1f}:{self.rule}: {self.message}"


@dataclass
class SceneReport:
    """The result of checking one scene."""

    scene: str
    findings: list[Finding]
    manifest: list[NumberRecord]
    constants: set[str]
    duration: float
    pauses: int
    #: Every string shown at a pause.
    texts: set[str] = field(default_factory=set)
    #: The scene object after its run (for further checks without running it again).
    instance: Scene | None = field(default=None, repr=False, compare=False)
    #: Findings of the raised rules waived because the scene is in NOT_YET_COMPOSED.
    waived: list[Finding] = field(default_factory=list)
    #: Most words of prose on screen at any pause (see ``too-wordy``).
    max_words: int = 0

    @property
    def ok(self) -> bool:
        return not self.findings


# --------------------------------------------------------------------------- rules
def _frame_box(scene: Scene) -> np.ndarray:
    cam = scene.camera
    center = np.asarray(getattr(cam, "frame_center", np.zeros(3)), dtype=float)[:2]
    half = np.array([cam.frame_width, cam.frame_height], dtype=float) / 2
    return np.array([center - half, center + half])


def _overlap_extent(a: np.ndarray, b: np.ndarray, tol: float) -> np.ndarray | None:
    """Largest intersection (w, h) between any glyph box of ``a`` and any of ``b``."""
    lo = np.maximum(a[:, None, 0, :], b[None, :, 0, :])
    hi = np.minimum(a[:, None, 1, :], b[None, :, 1, :])
    ext = hi - lo
    hits = (ext > tol).all(axis=2)
    if not hits.any():
        return None
    areas = np.where(hits, ext[..., 0] * ext[..., 1], -1.0)
    i, j = np.unravel_index(int(np.argmax(areas)), areas.shape)
    return ext[i, j]


def layout_problems(
    texts: Sequence[TextOnScreen],
    frame: np.ndarray,
    *,
    allowed: Iterable[set[int]] = (),
    margin: float = SAFE_MARGIN,
    min_font_size: float = MIN_FONT_SIZE,
    body_font_size: float = BODY_FONT_SIZE,
    max_words: int = MAX_WORDS,
    tol: float = OVERLAP_TOLERANCE,
) -> list[tuple[str, tuple[str, ...], str]]:
    """Layout problems among ``texts`` in ``frame`` (``[[xmin, ymin], [xmax, ymax]]``).

    Returns ``(rule, key, message)`` triples; ``key`` identifies the problem across
    pauses. ``allowed`` holds sets of text ``id``s that may overlap one another.
    ``body_font_size`` or ``max_words`` of 0 turns that rule off.
    """
    problems: list[tuple[str, tuple[str, ...], str]] = []
    safe_lo, safe_hi = frame[0] + margin, frame[1] - margin
    allowed = list(allowed)
    for t in texts:
        lo, hi = t.box
        past = {
            "left": safe_lo[0] - lo[0], "right": hi[0] - safe_hi[0],
            "bottom": safe_lo[1] - lo[1], "top": hi[1] - safe_hi[1],
        }
        worst = max(past, key=lambda k: past[k])
        if past[worst] > 1e-3:
            clipped = (lo < frame[0]).any() or (hi > frame[1]).any()
            how = "is clipped by the frame" if clipped else "is inside the frame margin"
            problems.append((
                "outside-safe-area", (t.describe(),),
                f"{t.describe()} {how}: {past[worst]:.2f} past the {worst} edge of the "
                f"safe area (margin {margin})",
            ))
        size = t.font_size
        if size is not None and size < min_font_size - _FONT_SLACK:
            problems.append((
                "too-small", (t.describe(),),
                f"{t.describe()} has font size {size:.1f} (minimum {min_font_size:g})",
            ))
        elif (body_font_size and size is not None and len(prose_words(t)) >= BODY_MIN_WORDS
              and size < body_font_size - _FONT_SLACK):
            problems.append((
                "body-too-small", (t.describe(),),
                f"{t.describe()} is body text ({len(prose_words(t))} words) at font size "
                f"{size:.1f} (minimum {body_font_size:g} for body text)",
            ))
    if max_words:
        prose = [t for t in texts if prose_words(t)]
        count = sum(len(prose_words(t)) for t in prose)
        if count > max_words:
            wordiest = sorted(prose, key=lambda t: -len(prose_words(t)))
            problems.append((
                "too-wordy", tuple(sorted(t.describe() for t in prose)),
                f"{count} words of prose on screen (at most {max_words}): "
                + ", ".join(f"{t.describe()} ({len(prose_words(t))})" for t in wordiest[:3]),
            ))
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            (alo, ahi), (blo, bhi) = a.box, b.box
            if ((np.minimum(ahi, bhi) - np.maximum(alo, blo)) <= tol).any():
                continue
            ia, ib = id(a.mobject), id(b.mobject)
            if any(ia in group and ib in group for group in allowed):
                continue
            ext = _overlap_extent(a.glyphs, b.glyphs, tol)
            if ext is None:
                continue
            first, second = sorted((a.describe(), b.describe()))
            problems.append((
                "overlap", (first, second),
                f"{first} overlaps {second} ({ext[0]:.2f} x {ext[1]:.2f})",
            ))
    return problems


class Inspector:
    """A pause hook that collects layout findings and the numerals shown.

    Add it to ``scene.pause_hooks`` (``run_scene(..., hooks=[inspector])``), run the scene,
    then call :meth:`finish` for the findings.
    """

    def __init__(self, label: str, *, numbers: bool = True) -> None:
        self.label = label
        self.check_numbers = numbers
        self.pauses = 0
        #: Most words of prose on screen at a pause.
        self.max_words = 0
        self._found: dict[tuple[str, tuple[str, ...]], Finding] = {}
        #: (numeral, description of the text showing it) -> first time shown
        self.shown: dict[tuple[str, str], float] = {}
        #: Every string shown at a pause (text, TeX source or number as displayed).
        self.strings: set[str] = set()

    def _add(self, time: float, rule: str, key: tuple[str, ...], message: str,
             legacy: bool = True) -> None:
        self._found.setdefault((rule, key), Finding(self.label, round(time, 3), rule, message,
                                                    legacy))

    def __call__(self, scene: SectionScene, kind: str) -> None:
        self.pauses += 1
        time = float(scene.renderer.time)
        texts = find_texts(scene.mobjects)
        allowed = [text_ids(group) for group in getattr(scene, "allowed_overlaps", [])]
        sizes = {t.describe(): t.font_size for t in texts}
        for rule, key, message in layout_problems(texts, _frame_box(scene), allowed=allowed):
            legacy = rule not in RAISED_RULES or (
                rule == "too-small" and (sizes.get(key[0]) or 0.0) < LEGACY_MIN_FONT_SIZE - _FONT_SLACK)
            self._add(time, rule, key, message, legacy)
        self.max_words = max(self.max_words, sum(len(prose_words(t)) for t in texts))
        self.strings.update(t.string for t in texts)
        if self.check_numbers:
            for t in texts:
                for numeral in numerals(t.mobject):
                    self.shown.setdefault((numeral, t.describe()), time)

    def finish(self, scene: Scene) -> list[Finding]:
        """All findings, the numbers and stillness checks included, in time order."""
        for time, rule, key, message in still_problems(
                getattr(scene, "spoken", []), getattr(scene, "motions", []),
                float(scene.renderer.time)):
            self._add(time, rule, key, message, legacy=False)
        if self.check_numbers:
            manifest: list[NumberRecord] = list(getattr(scene, "manifest", []))
            constants: set[str] = set(getattr(scene, "constants", set()))
            known = {n for rec in manifest for n in text_numerals(rec.text)}
            known |= {n for c in constants for n in text_numerals(c)}
            for (numeral, where), time in self.shown.items():
                if numeral not in known:
                    self._add(
                        time, "unaccounted-number", (numeral, where),
                        f"{numeral!r} in {where} is not in the numbers manifest (show it "
                        "with fmt/number/readout/track_bars, or declare_constants if it "
                        "is notation)",
                    )
            spoken_constants: set[str] = set(getattr(scene, "spoken_constants", set()))
            for problem in spoken_problems(manifest, spoken_constants, getattr(scene, "spoken", [])):
                self._add(*problem)
        return sorted(self._found.values())


def _key(value: float) -> float:
    return round(abs(value), 9)


def spoken_problems(
    manifest: Iterable[NumberRecord], constants: Iterable[str], lines: Iterable[object]
) -> list[tuple[float, str, tuple[str, ...], str]]:
    """``(time, rule, key, message)`` for every number said but not built with ``say``.

    ``lines`` are the scene's :class:`~entropy_explorer.scene.SpokenLine` objects. A number
    in a line is accounted for when one of the values it may stand for is spoken in a
    ``say`` text made for that same line (``SpokenLine.said``) or in a constant declared
    for speech (``declare_spoken``); the manifest must hold those ``say`` records.
    """
    recorded = {rec.text for rec in manifest if rec.medium == "speech"}
    declared = {_key(v) for c in constants for v in spoken_values(c)}
    problems = []
    for line in lines:
        text = str(getattr(line, "text", ""))
        kind = str(getattr(line, "kind", "narration"))
        said = [t for t in getattr(line, "said", ()) if t in recorded]
        known = declared | {_key(v) for t in said for v in spoken_values(t)}
        for number in spoken_numbers(text):
            if any(_key(v) in known for v in number.values):
                continue
            quote = " ".join(text.split())
            quote = quote if len(quote) <= 50 else quote[:49] + "…"
            problems.append((
                float(getattr(line, "time", 0.0)), "unaccounted-spoken-number",
                (number.text.lower(), text),
                f"{number.text!r} in the {kind} {quote!r} is not a number formatted with "
                "say() for this line (build the sentence from self.say(...), or "
                "declare_spoken if it is notation)",
            ))
    return problems


def check_scene(target: Section | str | type[Scene], *, numbers: bool = True,
                strict: bool = False) -> SceneReport:
    """Run one scene (dry run, fast) and check its layout, stillness and, optionally, its
    numbers. ``strict`` applies the raised rules even to a scene in NOT_YET_COMPOSED."""
    from entropy_explorer.quality.runner import run_scene, scene_label

    label = scene_label(target)
    inspector = Inspector(label, numbers=numbers)
    scene = run_scene(target, hooks=[inspector])
    found = inspector.finish(scene)
    waive = not strict and label in NOT_YET_COMPOSED
    return SceneReport(
        scene=label,
        findings=[f for f in found if f.legacy or not waive],
        waived=[f for f in found if waive and not f.legacy],
        max_words=inspector.max_words,
        manifest=list(getattr(scene, "manifest", [])),
        constants=set(getattr(scene, "constants", set())),
        duration=float(scene.renderer.time),
        pauses=inspector.pauses,
        texts=inspector.strings,
        instance=scene,
    )


def lint_scenes(
    sections: Sequence[Section | type[Scene]], *, numbers: bool = True, echo: bool = False,
    strict: bool = False, reports: list[SceneReport] | None = None, jobs: int = 1,
) -> list[Finding]:
    """Check ``sections`` (or scene classes); a scene that fails to run is itself a finding.

    Each scene's :class:`SceneReport` is appended to ``reports`` when one is given (without
    its scene object when the check ran in a worker). ``jobs`` of two or more spreads the
    scenes over a local cluster of worker processes (:func:`~entropy_explorer.quality.spread.each_scene`);
    the findings are the same, printed (``echo``) once all have run rather than as each does.
    """
    from entropy_explorer.quality.runner import scene_label
    from entropy_explorer.quality.spread import each_scene

    findings: list[Finding] = []

    def take(section: Section | type[Scene], outcome: SceneReport | Exception) -> None:
        if isinstance(outcome, Exception):  # a broken scene must not hide the others' findings
            findings.append(Finding(scene_label(section), 0.0, "error",
                                    f"{type(outcome).__name__}: {outcome}"))
            return
        findings.extend(outcome.findings)
        if reports is not None:
            reports.append(outcome)
        if echo:
            for f in outcome.findings:
                print(f, flush=True)

    if jobs >= 2:
        for section, outcome in zip(sections, each_scene(report_of, sections, numbers, strict,
                                                         jobs=jobs, what="lint: checking"),
                                    strict=True):
            take(section, outcome)
        return findings
    for section in sections:
        try:
            # Manim logs warnings to stdout; keep stdout for the findings.
            with contextlib.redirect_stdout(sys.stderr):
                report = check_scene(section, numbers=numbers, strict=strict)
        except Exception as exc:
            take(section, exc)
            continue
        take(section, report)
    return findings


def report_of(target: Section | type[Scene], numbers: bool, strict: bool) -> SceneReport:
    """:func:`check_scene`'s report without the scene object (for a worker to send back)."""
    report = check_scene(target, numbers=numbers, strict=strict)
    report.instance = None
    return report
