"""The layout lint: each rule fires on a deliberately bad scene, and only there."""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pytest
from fixtures.lint_scenes import BAD_TIMES, BadLayoutScene, CleanScene
from manim import RIGHT, UP, MathTex, Text, config

from entropy_explorer import cli
from entropy_explorer.quality import lint
from entropy_explorer.quality.lint import (
    MIN_FONT_SIZE,
    OVERLAP_TOLERANCE,
    RULES,
    SAFE_MARGIN,
    Finding,
    SceneReport,
    check_scene,
    layout_problems,
)
from entropy_explorer.quality.texts import find_texts, text_ids

FRAME = np.array([[-config.frame_width / 2, -config.frame_height / 2],
                  [config.frame_width / 2, config.frame_height / 2]])


@cache
def report(cls: type) -> SceneReport:
    return check_scene(cls)


def rules_of(mobjects: list, **kwargs: object) -> list[str]:
    return [rule for rule, _, _ in layout_problems(find_texts(mobjects), FRAME, **kwargs)]


# ------------------------------------------------------------ the fixture scenes
@pytest.mark.parametrize("rule", RULES)
def test_each_rule_fires_on_the_bad_scene_at_its_pause(rule: str) -> None:
    found = [f for f in report(BadLayoutScene).findings if f.rule == rule]
    assert found, f"rule {rule} did not fire"
    assert min(f.time for f in found) == pytest.approx(BAD_TIMES[rule])


def test_bad_scene_findings_name_the_culprits() -> None:
    messages = {f.rule: [] for f in report(BadLayoutScene).findings}
    for f in report(BadLayoutScene).findings:
        messages[f.rule].append(f.message)
    outside = " ".join(messages["outside-safe-area"])
    assert "'clipped' is clipped by the frame" in outside
    assert "'in margin' is inside the frame margin" in outside
    assert "past the left edge" in outside and "past the right edge" in outside
    assert messages["overlap"] == [m for m in messages["overlap"] if "'first'" in m and "'second'" in m]
    assert len(messages["overlap"]) == 1
    assert messages["too-small"] == ["Text 'tiny' has font size 12.0 (minimum 20)"]
    numbers = " ".join(messages["unaccounted-number"])
    assert "'2.18'" in numbers and "'0.82'" in numbers
    assert len(messages["unaccounted-number"]) == 2
    spoken = messages["unaccounted-spoken-number"]
    assert len(spoken) == 2, spoken
    assert any(m.startswith("'2.18' in the narration") for m in spoken)
    assert any(m.startswith("'three' in the narration") for m in spoken)


def test_declared_overlap_invisible_text_and_recorded_numbers_pass() -> None:
    assert report(CleanScene).findings == []
    bad = report(BadLayoutScene)
    assert all(f.time < 3.5 for f in bad.findings), "the fine part of the bad scene is clean"
    assert bad.pauses >= 6


class UndeclaredOverlapScene(CleanScene):
    """CleanScene without its allow_overlap declaration."""

    def allow_overlap(self, *mobjects: object) -> None:
        pass


def test_the_declaration_is_what_allows_the_overlap() -> None:
    found = check_scene(UndeclaredOverlapScene).findings
    assert [f.rule for f in found] == ["overlap"]
    assert "'declared'" in found[0].message and "'overlap'" in found[0].message


def test_finding_prints_as_scene_time_rule_what() -> None:
    f = Finding("07-entropy", 12.345, "overlap", "Text 'a' overlaps Text 'b' (0.10 x 0.20)")
    assert str(f) == "07-entropy:12.3:overlap: Text 'a' overlaps Text 'b' (0.10 x 0.20)"


# -------------------------------------------------------------- rule thresholds
def test_safe_area_margin_threshold() -> None:
    inside = Text("edge", font_size=30).to_edge(RIGHT, buff=SAFE_MARGIN + 0.01)
    assert rules_of([inside]) == []
    near = Text("edge", font_size=30).to_edge(RIGHT, buff=SAFE_MARGIN - 0.05)
    assert rules_of([near]) == ["outside-safe-area"]
    top = MathTex("x^2", font_size=30).to_edge(UP, buff=0.0)
    assert rules_of([top]) == ["outside-safe-area"]


def test_font_size_threshold_follows_scaling() -> None:
    assert rules_of([Text("ok", font_size=MIN_FONT_SIZE)]) == []
    assert rules_of([MathTex("ok", font_size=MIN_FONT_SIZE)]) == []
    assert rules_of([Text("small", font_size=MIN_FONT_SIZE - 1)]) == ["too-small"]
    shrunk = MathTex("shrunk", font_size=40).scale(0.4)  # effective 16
    assert rules_of([shrunk]) == ["too-small"]


def test_overlap_threshold_and_glyph_precision() -> None:
    a = Text("left", font_size=36)
    b = Text("right", font_size=36).next_to(a, RIGHT, buff=2 * OVERLAP_TOLERANCE)
    assert rules_of([a, b]) == []
    c = Text("right", font_size=36).move_to(a.get_center() + RIGHT * 0.3)
    assert rules_of([a, c]) == ["overlap"]
    # Glyphs decide, not boxes: a short word in the gap of a wide one does not overlap it.
    wide = Text("A          B", font_size=48)
    gap = Text("x", font_size=30).move_to(wide)
    assert rules_of([wide, gap]) == []
    assert rules_of([wide, gap.copy().move_to(wide[0])]) == ["overlap"]


def test_allowed_groups_silence_only_their_pairs() -> None:
    a = Text("one", font_size=36)
    b = Text("two", font_size=36).move_to(a)
    c = Text("three", font_size=36).move_to(a)
    allowed = [text_ids([a, b])]
    problems = layout_problems(find_texts([a, b, c]), FRAME, allowed=allowed)
    pairs = [key for rule, key, _ in problems if rule == "overlap"]
    assert len(pairs) == 2 and all(any("three" in k for k in key) for key in pairs)


# ----------------------------------------------------------------------- the CLI
@pytest.mark.parametrize(("scene", "code"), [(BadLayoutScene, 1), (CleanScene, 0)])
def test_cli_prints_findings_and_exit_code(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], scene: type, code: int
) -> None:
    monkeypatch.setattr("entropy_explorer.quality.lint.resolve_scenes", lambda names, **kw: [scene])
    assert cli.main(["lint"]) == code
    out = capsys.readouterr().out.splitlines()
    pattern = re.compile(rf"^{scene.__name__}:\d+\.\d:({'|'.join(RULES)}): .+")
    assert all(pattern.match(line) for line in out), out
    assert len(out) == len(report(scene).findings)


def test_cli_rejects_unknown_scene(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["lint", "no-such-scene"]) == 2
    assert "unknown scene" in capsys.readouterr().err


def test_a_scene_that_crashes_is_a_finding() -> None:
    class Broken(CleanScene):
        def construct(self) -> None:
            raise RuntimeError("boom")

    found = lint.lint_scenes([Broken])
    assert [f.rule for f in found] == ["error"] and "boom" in found[0].message


# ----------------------------------------------------------- spoken numbers
class ScreenConstantIsNotSpokenScene(CleanScene):
    """An axis tick declared for the screen does not account for the same number said."""

    def construct(self) -> None:
        self.declare_constants("3")
        self.narrate("The peaks sit at minus three and plus three.", duration=0.1)
        self.wait(0.2)


class SpokenNoteScene(CleanScene):
    """A speaker note is spoken text too."""

    def construct(self) -> None:
        self.wait(0.2)
        self.beat("Biased coin: about 0.469 bits, less than 1 bit.")


def test_a_screen_constant_does_not_account_for_speech() -> None:
    found = check_scene(ScreenConstantIsNotSpokenScene).findings
    assert [f.rule for f in found] == ["unaccounted-spoken-number"]
    assert "'three'" in found[0].message


def test_speaker_notes_are_checked_like_narration() -> None:
    found = check_scene(SpokenNoteScene).findings
    assert sorted(f.message.split(" in the ")[0] for f in found) == ["'0.469'", "'1'"]
    assert all("in the note" in f.message for f in found)
