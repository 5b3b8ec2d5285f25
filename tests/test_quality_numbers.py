"""The numbers manifest: what it records, how it prints, and the numerals it must cover."""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

import pytest
from fixtures.lint_scenes import BadLayoutScene, CleanScene, InfinityScene
from manim import DecimalNumber, MathTex, Paragraph, Text

from entropy_explorer import cli
from entropy_explorer.numbers import NumberRecord
from entropy_explorer.quality.lint import SceneReport, check_scene
from entropy_explorer.quality.numbers import collect_manifest, manifest_json, write_manifest
from entropy_explorer.quality.texts import numerals, tex_numerals, text_numerals

KEYS = {"scene", "key", "value", "unit", "text", "medium"}


@cache
def report(cls: type) -> SceneReport:
    return check_scene(cls)


# ------------------------------------------------------------------ numerals
@pytest.mark.parametrize(
    ("tex", "expected"),
    [
        (r"-\log_2 0.001 \approx 9.97", ["2", "0.001", "9.97"]),
        (r"\frac{1}{8}", ["1", "8"]),
        (r"2^{3} = 8", ["2", "3", "8"]),
        (r"\mathbb{E}_{x\sim P}[-\log Q(x)]", []),
        (r"D_{\mathrm{KL}}(P\|Q) = \infty", []),
        (r"H(P,Q) \approx 2.24\text{ bits}", ["2.24"]),
    ],
)
def test_tex_numerals(tex: str, expected: list[str]) -> None:
    assert tex_numerals(tex) == expected


def test_text_numerals_ignore_signs_and_units() -> None:
    assert text_numerals("-0.15 bits, 90% of 1024") == ["0.15", "90", "1024"]
    assert text_numerals("∞") == []


def test_numerals_of_mobjects_are_as_displayed() -> None:
    assert numerals(DecimalNumber(2.2369, num_decimal_places=2)) == ["2.24"]
    assert numerals(DecimalNumber(3, num_decimal_places=0)) == ["3"]
    assert numerals(MathTex(r"\log_2", "8")) == ["2", "8"]
    assert numerals(Text("Section 7")) == ["7"]
    assert numerals(Paragraph("line 1", "line 22")) == ["1", "22"]


# ------------------------------------------------------------------ manifest
def test_readouts_bars_and_fmt_are_recorded_with_their_shown_text() -> None:
    records = {r.key: r for r in report(CleanScene).manifest}
    assert records["fixture.p"] == NumberRecord("CleanScene", "fixture.p", 0.25, "probability", "0.25")
    assert records["fixture.bars.a"].text == "0.75" and records["fixture.bars.b"].value == 0.25
    assert records["fixture.half"].value == 1.0 and records["fixture.half"].text == "1"
    assert records["fixture.p_half"].text == "0.5"


def test_unrecorded_numbers_are_unaccounted() -> None:
    unaccounted = [f for f in report(BadLayoutScene).findings if f.rule == "unaccounted-number"]
    shown = sorted(f.message.split("'")[1] for f in unaccounted)
    assert shown == ["0.82", "2.18"]


def test_manifest_json_has_the_issue_keys_and_inf_as_string(tmp_path: Path) -> None:
    path = tmp_path / "build" / "numbers.json"
    records = write_manifest([InfinityScene, CleanScene], path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert len(data) == len(records) >= 5
    assert all(set(item) == KEYS for item in data)
    inf = [d for d in data if d["key"] == "fixture.infinite"]
    assert inf == [{"scene": "InfinityScene", "key": "fixture.infinite", "value": "inf",
                    "unit": "bits", "text": "∞", "medium": "screen"}]
    assert all(isinstance(d["value"], float) for d in data if d is not inf[0])
    spoken = {d["key"]: d for d in data if d["medium"] == "speech"}
    assert spoken["fixture.p_said"]["text"] == "one half"
    assert spoken["fixture.bits_said"]["text"] == "one"
    assert json.loads(manifest_json(records)) == data


def test_values_are_exact_not_rounded() -> None:
    (rec,) = [r for r in collect_manifest([InfinityScene])]
    assert math.isinf(rec.value)
    half = next(r for r in report(CleanScene).manifest if r.key == "fixture.half")
    assert half.value == 1.0  # information(0.5), recorded as computed


@pytest.mark.parametrize(("check", "scene", "code"), [
    (False, BadLayoutScene, 0), (True, BadLayoutScene, 1), (True, CleanScene, 0),
])
def test_cli_prints_json_and_checks(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    check: bool, scene: type, code: int,
) -> None:
    monkeypatch.setattr("entropy_explorer.quality.spread.resolve_scenes", lambda names, **kw: [scene])
    assert cli.main(["numbers", *(["--check"] if check else [])]) == code
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert all(set(item) == KEYS for item in data)
    if code:
        assert "2.18" in err and "unaccounted-number" in err
        assert "unaccounted-spoken-number" in err and "'three' in the narration" in err


def test_spoken_numbers_alone_fail_the_check(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class TypedNarration(CleanScene):
        def construct(self) -> None:
            self.show_fine_things()
            self.narrate("Ten questions find the number.", duration=0.1)
            self.wait(0.2)

    monkeypatch.setattr("entropy_explorer.quality.spread.resolve_scenes",
                        lambda names, **kw: [TypedNarration])
    assert cli.main(["numbers", "--check"]) == 1
    err = capsys.readouterr().err
    assert "'Ten' in the narration" in err and "1 unaccounted" in err


def test_write_manifest_reuses_unchanged_sections(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One dry run serves the numbers and the voice's narration lines until the inputs change."""
    from entropy_explorer.quality import numbers
    from entropy_explorer.sections import find_section

    section = find_section("01")
    runs: list[object] = []
    real = numbers._dry_run

    def counting(target):  # type: ignore[no-untyped-def]
        runs.append(target)
        return real(target)

    monkeypatch.setattr(numbers, "_dry_run", counting)
    monkeypatch.setattr(numbers, "_fingerprint", lambda s: "inputs as they are")
    cache = tmp_path / ".numbers-cache"
    first = write_manifest([section], tmp_path / "numbers.json")
    second = write_manifest([section], tmp_path / "numbers.json")
    lines = numbers.narration_lines(section, cache)
    assert len(runs) == 1, "the second call and the narration read the cache"
    assert first == second and first
    assert lines and all(isinstance(x, str) for x in lines)
    assert lines == numbers.narration_lines(section)  # the same as an uncached dry run
    assert len(runs) == 2
    monkeypatch.setattr(numbers, "_fingerprint", lambda s: "changed inputs")
    write_manifest([section], tmp_path / "numbers.json")
    assert len(runs) == 3, "changed inputs run the scene again"
