"""The base scene every section scene extends.

:class:`SectionScene` is a manim-slides ``Slide``, so the same class renders as a video
(``manim render``) and presents as slides (``manim-slides``). It gives every section:

* a title card from the section registry (:mod:`entropy_explorer.sections`);
* narration as subcaptions (``narrate``), so subtitles come for free, each line lasting
  as long as its voice clip (:mod:`entropy_explorer.speech`), or its reading time when
  the voice is off;
* pointing at what a line names (``point``/``pointer``: the term lights up, a line is
  drawn round it) so every sentence has its visual answer;
* speaker pauses (``beat``), which are ``next_slide`` calls after the narration has had
  time to be read;
* number helpers (``number``, ``readout``, ``fmt``) that take their values from the math
  module and record every number shown in the numbers manifest (``self.manifest``);
* ``say``, the same for numbers spoken in narration and slide notes: the text is built
  from the module's value (``f"about {self.say('bits.rare', information(p))} bits"``), so
  one change in ``examples.py`` changes picture, subtitles, notes and voice together. Every
  line spoken is kept in ``self.spoken`` for the quality checks.

Subclasses set ``section`` (the article section number) and implement ``body()``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from manim import (
    DOWN,
    UP,
    Animation,
    Circumscribe,
    DecimalNumber,
    FadeIn,
    FadeOut,
    Indicate,
    ManimColor,
    MathTex,
    Mobject,
    Scene,
    ShowPassingFlash,
    SurroundingRectangle,
    Text,
    VGroup,
    Wait,
    Wiggle,
    Write,
    config,
)
from manim.utils.family import extract_mobject_family_members
from manim.utils.iterables import list_update
from manim_slides import Slide

from entropy_explorer import speech
from entropy_explorer.layers import Split, StaticLayers
from entropy_explorer.mobjects.bars import DistributionBars
from entropy_explorer.mobjects.readout import Readout
from entropy_explorer.numbers import NumberRecord, format_value, spoken_text
from entropy_explorer.sections import COVER, SCENES_DIR, SECTIONS, Section
from entropy_explorer.theme import (
    BACKGROUND,
    FONT,
    FONT_SIZE,
    INFORMATION_COLOR,
    MUTED_COLOR,
    TEXT_COLOR,
)

__all__ = ["SectionScene", "SpokenLine"]

#: Where manim-slides writes each scene's deck (JSON and clips); a cache like media/.
SLIDES_DIR = SCENES_DIR.parent / "media" / "slides"


@dataclass(frozen=True)
class SpokenLine:
    """One line of spoken text: narration (a subtitle) or a speaker note, and when it starts.

    ``said`` holds the texts of the numbers formatted with ``say`` for this line (every
    ``say`` call since the previous line): only they account for the numbers in ``text``.
    """

    time: float
    kind: str  # "narration" or "note"
    text: str
    said: tuple[str, ...] = ()
    #: Seconds the line is heard (its voice clip, or its reading time); 0 for a note.
    duration: float = 0.0


class SectionScene(Slide):
    """Base class of every section scene (and the cover).

    Attributes
    ----------
    section
        The article section number (1-20); 0 for the cover.
    manifest
        Every number shown or said so far, as :class:`NumberRecord`.
    constants
        Numerals shown that are notation, not results (``log_2``, axis ticks, the section
        number); the manifest check accepts them on screen.
    spoken_constants
        Numbers said that are notation, not results ("log base two", "axiom one"); the
        narration check accepts them in speech. Screen constants do not count here: an
        axis tick at 3 does not make "three" a checked number in the narration.
    spoken
        Every narration line and speaker note so far, as :class:`SpokenLine`.
    """

    section: ClassVar[int] = 0
    #: The prefix of this scene's clip ids (default: the section's name, ``07-entropy``).
    voice_name: ClassVar[str] = ""
    #: Reversed clips are only needed to step backwards in a presentation; skip them.
    skip_reversing = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Slide decks (manim-slides' JSON + clips) go under media/, not the working folder.
        kwargs.setdefault("output_folder", SLIDES_DIR)
        super().__init__(*args, **kwargs)
        self.manifest: list[NumberRecord] = []
        self.constants: set[str] = set()
        self.spoken: list[SpokenLine] = []
        self.spoken_constants: set[str] = set()
        self._said: list[str] = []
        self._live: list[tuple[str, str, Readout]] = []
        self._live_bars: list[tuple[str, str, DistributionBars]] = []
        self._narration_end = 0.0
        self._line_start = 0.0
        self._lines = 0  # narration lines so far: the next clip is number _lines + 1
        #: Called as ``hook(scene, kind)`` at every pause (``kind`` is "play", "wait" or
        #: "next_slide"); the quality checks (layout lint, numbers check) use it.
        self.pause_hooks: list[Callable[[SectionScene, str], None]] = []
        #: Groups of mobjects whose texts may overlap one another (see ``allow_overlap``).
        self.allowed_overlaps: list[tuple[Mobject, ...]] = []
        self._in_wait = False
        #: ``(start, end)`` scene seconds of every animation played (waits excluded): the
        #: stillness check compares them with the narration.
        self.motions: list[tuple[float, float]] = []
        self._split: Split | None = None
        self._manim_split: tuple[list[Mobject], list[Mobject]] = ([], [])

    # ----------------------------------------------------------------- structure
    def render(self, *args: Any, **kwargs: Any) -> None:
        """Render; the slide deck is only assembled when a movie was written.

        ``manim -s`` (last frame) and dry runs write no partial movies, and manim-slides
        cannot build a deck from nothing, so those render as a plain Scene.
        """
        if config.dry_run:
            # Slide.__init__ forces write_to_movie on; a dry run writes nothing, not even
            # subtitles (manim would need an output file name for them).
            config.write_to_movie = False
            self.renderer.file_writer.write_subcaption_file = lambda: None  # type: ignore[method-assign]
        if config.save_last_frame or config.dry_run:
            Scene.render(self, *args, **kwargs)
        else:
            super().render(*args, **kwargs)

    @property
    def info(self) -> Section:
        """This scene's registry entry."""
        if self.section == 0:
            return COVER
        return SECTIONS[self.section - 1]

    def setup(self) -> None:
        super().setup()
        self.camera.background_color = ManimColor(BACKGROUND)

    def construct(self) -> None:
        self.show_title_card()
        self.body()
        self.finish()

    def body(self) -> None:
        """The section's content; subclasses implement it."""
        raise NotImplementedError(f"{type(self).__name__} must implement body()")

    def show_title_card(self) -> None:
        """Section number and title, held briefly, then cleared."""
        info = self.info
        kicker = Text(f"Section {info.number}", font=FONT, font_size=FONT_SIZE.LABEL, color=MUTED_COLOR)
        self.constants.add(str(info.number))
        title = self._title_text(info.title)
        card = VGroup(kicker, title).arrange(DOWN, buff=0.35)
        self.play(FadeIn(kicker, shift=0.2 * UP), Write(title), run_time=1.5)
        self.wait(1.0)
        self.next_slide()
        self.play(FadeOut(card), run_time=0.6)

    @staticmethod
    def _title_text(text: str) -> Mobject:
        """The title at ``FONT_SIZE.TITLE``, shrunk to the frame's width; a title that would
        shrink below body size (``FONT_SIZE.CAPTION``) is broken into two centred lines."""
        width = config.frame_width - 1.5

        def fitted(s: str) -> Text:
            t = Text(s, font=FONT, font_size=FONT_SIZE.TITLE, color=TEXT_COLOR)
            if t.width > width:
                t.scale_to_fit_width(width)
            return t

        title = fitted(text)
        words = text.split()
        if title.font_size >= FONT_SIZE.CAPTION or len(words) < 2:
            return title
        # Break at the space that leaves the two lines most nearly equal.
        cut = min(range(1, len(words)),
                  key=lambda k: abs(len(" ".join(words[:k])) - len(" ".join(words[k:]))))
        lines = (fitted(" ".join(words[:cut])), fitted(" ".join(words[cut:])))
        size = min(line.font_size for line in lines)
        return VGroup(*(line.scale(size / line.font_size) for line in lines)).arrange(DOWN,
                                                                                  buff=0.3)

    def finish(self) -> None:
        """Hold the last frame, then end the slide deck."""
        self.wait_for_narration()
        self.wait(1.0)

    # ----------------------------------------------------------------- narration
    @property
    def now(self) -> float:
        """Seconds since the scene started."""
        return float(self.renderer.time)

    def narrate(self, text: str, duration: float | None = None) -> float:
        """Say ``text`` (and show it as a subcaption) from now on; returns its duration.

        With the voice on, the duration is the line's clip plus a short pause (the timing
        manifest the voice's pre-pass wrote; at least ``duration`` when one is given), so
        the animations that follow run under the speech; without it, ``duration`` or the
        :func:`~entropy_explorer.speech.reading_time`. Follow with animations or :meth:`wait_for_narration`.
        """
        self.wait_for_narration(min_wait=0.0)
        self._lines += 1
        slot = speech.clip_slot(self.voice_name or self.info.name, self._lines, text)
        if slot is None:
            d = speech.reading_time(text) if duration is None else duration
        else:
            d = slot if duration is None else max(duration, slot)
        self._speak("narration", text, d)
        self.add_subcaption(text, duration=d)
        self._line_start = self.now
        self._narration_end = self.now + d
        return d

    def until(self, fraction: float) -> None:
        """Wait until ``fraction`` (0 to 1) of the current narration line has been said, so
        the next animation answers the words it is timed to (nothing if that is past)."""
        start = self._line_start
        remaining = start + fraction * (self._narration_end - start) - self.now
        if remaining > 1e-3:
            self.wait(remaining)

    def _speak(self, kind: str, text: str, duration: float = 0.0) -> None:
        """Keep a spoken line with the numbers ``say`` formatted for it."""
        self.spoken.append(SpokenLine(self.now, kind, text, tuple(self._said), duration))
        self._said.clear()

    def wait_for_narration(self, min_wait: float = 0.0) -> None:
        """Wait until the current line has been said (or on screen long enough to read)."""
        remaining = max(self._narration_end - self.now, min_wait)
        if remaining > 1e-3:
            self.wait(remaining)

    def pointer(self, target: Mobject, how: str = "indicate", color: str | None = None,
                run_time: float = 1.0) -> Animation:
        """The animation that points at ``target``: ``"indicate"`` (it lights up and swells),
        ``"circumscribe"`` (a line drawn round it), ``"flash"`` (a flash runs round its box)
        or ``"wiggle"``. ``color`` defaults to the highlight colour."""
        color = color or INFORMATION_COLOR
        if how == "indicate":
            return Indicate(target, color=color, scale_factor=1.12, run_time=run_time)
        if how == "circumscribe":
            return Circumscribe(target, color=color, fade_out=True, run_time=run_time)
        if how == "flash":
            box = SurroundingRectangle(target, color=color, buff=0.12, stroke_width=5)
            return ShowPassingFlash(box, time_width=0.6, run_time=run_time)
        if how == "wiggle":
            return Wiggle(target, run_time=run_time)
        raise ValueError(f"unknown pointer {how!r} (indicate, circumscribe, flash, wiggle)")

    def point(self, text: str, *targets: Mobject, how: str = "indicate",
              color: str | None = None, at: Sequence[float] | None = None,
              run_time: float = 1.0) -> float:
        """Say ``text`` and point at what it names: each of ``targets`` in turn.

        The pointers are spread over the line: the ``i``-th starts at fraction ``at[i]``
        of the line's duration (by default evenly, the first at once). Returns after the
        last pointer, with the rest of the line still being said (follow with animations
        or :meth:`wait_for_narration`); returns the line's duration.
        """
        duration = self.narrate(text)
        if not targets:
            return duration
        fractions = list(at) if at is not None else [i / len(targets) for i in range(len(targets))]
        if len(fractions) != len(targets):
            raise ValueError(f"{len(targets)} targets but {len(fractions)} start fractions")
        start = self.now
        for frac, target in zip(fractions, targets, strict=True):
            lag = start + frac * duration - self.now
            if lag > 1e-3:
                self.wait(lag)
            self.play(self.pointer(target, how, color, run_time))
        return duration

    def beat(self, notes: str = "") -> None:
        """A speaker pause: let the narration finish, then start a new slide."""
        self.wait_for_narration(min_wait=0.5)
        if notes:
            self._speak("note", notes)
            self.next_slide(notes=notes)
        else:
            self.next_slide()

    # ------------------------------------------------------------------- numbers
    def record_number(self, key: str, value: float, unit: str, text: str,
                      medium: str = "screen") -> None:
        """Add one shown (or spoken) number to the manifest (duplicates are kept once)."""
        rec = NumberRecord(scene=type(self).__name__, key=key, value=float(value), unit=unit,
                           text=text, medium=medium)
        if rec not in self.manifest:
            self.manifest.append(rec)

    def declare_constants(self, *texts: str) -> None:
        """Declare numerals shown as notation, not results (axis ticks, ``log_2``)."""
        self.constants.update(texts)

    def declare_spoken(self, *texts: str) -> None:
        """Declare numbers said as notation, not results ("log base two", "axiom one").

        Each text is digits or number words; it accounts for the same number in any
        narration line or speaker note of the scene.
        """
        self.spoken_constants.update(texts)

    def say(self, key: str, value: float, unit: str = "bits", decimals: int = 2,
            style: str = "digits") -> str:
        """Format ``value`` for narration or a speaker note, recording it as spoken.

        ``style`` is one of :data:`entropy_explorer.numbers.SPOKEN_STYLES` (or ``"odds"``):
        ``"digits"`` as on screen (``"9.97"``, ``"∞"``), ``"words"`` (``"three"``),
        ``"fraction"`` (``"one eighth"``), ``"odds"`` (``"one in a thousand"``), ``"about"``
        (``"about half"``). The narration check accepts a number said only if a ``say``
        call made for that line (since the previous ``narrate``/``beat``) or a declared
        constant accounts for it: call ``say`` again to repeat a number in a later line.
        """
        text = spoken_text(float(value), style, decimals)
        self.record_number(key, value, unit, text, medium="speech")
        self._said.append(text)
        return text

    def fmt(self, key: str, value: float, unit: str = "bits", decimals: int = 2) -> str:
        """Format ``value`` for use inside a MathTex/Text string, recording it.

        Infinity comes back as ``\\infty`` or ``-\\infty`` (LaTeX) so it can go straight into
        MathTex.
        """
        text = format_value(value, decimals)
        self.record_number(key, value, unit, text)
        if math.isinf(value):
            return r"\infty" if value > 0 else r"-\infty"
        return text

    def number(
        self, key: str, value: float, *, unit: str = "bits", decimals: int = 2, **kwargs: Any
    ) -> Mobject:
        """A static number on screen (``DecimalNumber``, or ``∞``), recorded."""
        text = format_value(value, decimals)
        self.record_number(key, value, unit, text)
        if math.isinf(value):
            return MathTex(r"\infty" if value > 0 else r"-\infty", **kwargs)
        kwargs.setdefault("font_size", FONT_SIZE.BODY)
        kwargs.setdefault("group_with_commas", False)  # as format_value: "1024", not "1,024"
        return DecimalNumber(value, num_decimal_places=decimals, **kwargs)

    def readout(
        self,
        key: str,
        value_fn: Callable[[], float],
        *,
        label: str,
        unit: str = "bits",
        decimals: int = 2,
        **kwargs: Any,
    ) -> Readout:
        """A live number computed by ``value_fn`` (a math-module call on a ValueTracker).

        Its value is recorded in the manifest at every pause (each ``wait`` and the end of
        each ``play``) while it is on screen.
        """
        unit_text = {"probability": "", "value": "", "count": "", "ratio": ""}.get(unit, unit)
        r = Readout(label, value_fn, unit=unit_text, decimals=decimals, **kwargs)
        self._live.append((key, unit, r))
        return r

    def track_bars(
        self, key: str, bars: DistributionBars, *, unit: str = "probability"
    ) -> DistributionBars:
        """Record the value labels of ``bars`` at every pause while they are on screen.

        Each bar's value is recorded as ``{key}.{outcome}``. Returns ``bars``, so
        ``bars = self.track_bars("movie.p", DistributionBars(...))`` reads naturally.
        """
        self._live_bars.append((key, unit, bars))
        return bars

    def snapshot_numbers(self) -> None:
        """Record the current value of every live readout (and tracked bars) on screen."""
        live = self._live or self._live_bars
        on_screen = set(self.get_mobject_family_members()) if live else set()
        for key, unit, r in self._live:
            if r in on_screen:
                self.record_number(key, r.value, unit, r.text)
        for key, unit, bars in self._live_bars:
            if bars in on_screen and bars.show_values:
                texts = bars.value_texts()
                for i, (label, p, text) in enumerate(zip(bars.labels, bars.probs, texts, strict=True)):
                    name = getattr(label, "text", "") or str(i)
                    self.record_number(f"{key}.{name}", float(p), unit, text)

    # ------------------------------------------------------- drawing static parts once
    def get_moving_and_static_mobjects(self, animations: Any) -> tuple[list[Mobject], list[Mobject]]:
        """Manim's split of the drawing into moving and background, made finer.

        See :mod:`entropy_explorer.layers`: mobjects that Manim redraws on every frame only
        because they come after a moving one go into the background image when that cannot
        change a pixel (checked again on every frame by :meth:`update_to_time`).
        """
        animations = list(animations)
        moving, static = super().get_moving_and_static_mobjects(animations)
        self._split = None
        self._manim_split = (moving, static)
        if not moving or self.renderer.skip_animations:
            return moving, static
        order = extract_mobject_family_members(
            list_update(self.mobjects, self.foreground_mobjects),
            use_z_index=self.renderer.camera.use_z_index, only_those_with_points=True)
        if any(m.z_index != 0 for m in order):
            return moving, static
        changing: set[int] = set()
        pending = list(animations)
        while pending:
            anim = pending.pop()
            changing.update(id(f) for f in anim.mobject.get_family())
            pending.extend(getattr(anim, "animations", ()))
        for mob in [*self.get_mobject_family_members(), *self.foreground_mobjects]:
            if mob.updaters or mob in self.foreground_mobjects:
                changing.update(id(f) for f in mob.get_family())
        split = StaticLayers.split(order, moving, static, changing)
        if split is None:
            return moving, static
        self._split = split
        return split.moving, split.static

    def update_to_time(self, t: float) -> None:
        super().update_to_time(t)
        if self._split is not None and not self._split.still_valid():
            # Something moved into (or changed) a mobject drawn in the background: draw
            # the rest of this animation as Manim would.
            self._split = None
            self.moving_mobjects, self.static_mobjects = self._manim_split
            self.renderer.save_static_frame_data(self, self.static_mobjects)

    # ------------------------------------------------------------ layout intent
    def allow_overlap(self, *mobjects: Mobject) -> None:
        """Declare that the texts inside ``mobjects`` may overlap one another on purpose.

        The layout lint then accepts any overlap between a text in one of them and a text
        in another (or the same) one, e.g. a label deliberately stamped over a formula.
        """
        if mobjects:
            self.allowed_overlaps.append(tuple(mobjects))

    # ------------------------------------------------- pauses record the readouts
    def _pause(self, kind: str) -> None:
        """At a pause: record the live numbers, then run the inspection hooks."""
        self.snapshot_numbers()
        for hook in self.pause_hooks:
            hook(self, kind)

    def play(self, *args: Any, **kwargs: Any) -> None:
        start = self.now
        super().play(*args, **kwargs)
        if not self._in_wait:  # Scene.wait plays a Wait: that pause is reported as "wait"
            if not all(isinstance(a, Wait) for a in args):
                self.motions.append((start, self.now))
            self._pause("play")

    def wait(self, *args: Any, **kwargs: Any) -> None:
        self._in_wait = True
        try:
            super().wait(*args, **kwargs)
        finally:
            self._in_wait = False
        self._pause("wait")

    def next_slide(self, *args: Any, **kwargs: Any) -> None:
        super().next_slide(*args, **kwargs)
        self._pause("next_slide")
