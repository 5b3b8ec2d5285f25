"""Scene resolution, quality presets and input fingerprints of the render pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from entropy_explorer.pipeline.leaves import scenes as ps
from entropy_explorer.pipeline.leaves.project import Project
from entropy_explorer.sections import SECTIONS, Section


def test_quality_table_matches_manim() -> None:
    from manim.constants import QUALITIES as MANIM

    by_flag = {v["flag"]: v for v in MANIM.values() if v["flag"]}
    for flag, q in ps.QUALITIES.items():
        m = by_flag[flag]
        assert (q.pixel_width, q.pixel_height, q.frame_rate) == (
            m["pixel_width"], m["pixel_height"], m["frame_rate"])


@pytest.mark.parametrize(("value", "flag"), [("l", "l"), ("LOW", "l"), ("m", "m"), ("high", "h"), ("4k", "k")])
def test_parse_quality(value: str, flag: str) -> None:
    assert ps.parse_quality(value).flag == flag


@pytest.mark.parametrize("bad", ["x", "", "hd", "p"])
def test_bad_quality_is_a_clear_error(bad: str) -> None:
    with pytest.raises(ValueError, match="use one of l, m, h, k"):
        ps.parse_quality(bad)


def test_resolve_scenes_defaults_to_available_in_order() -> None:
    got = ps.resolve_scenes([])
    assert got == [s for s in SECTIONS if s.is_available]
    assert got[0].number == 1


def test_resolve_scenes_orders_and_dedupes() -> None:
    assert [s.number for s in ps.resolve_scenes(["information", "1"])] == [1]


def test_unknown_scene_lists_valid_names() -> None:
    with pytest.raises(ps.UnknownSceneError, match="valid names"):
        ps.resolve_scenes(["no-such-scene"])


def test_unwritten_scene_is_refused(tmp_path: Path) -> None:
    missing = [s for s in SECTIONS if not s.is_available]
    if not missing:
        pytest.skip("every section has a scene")
    with pytest.raises(ps.UnknownSceneError, match="has no scene yet"):
        ps.resolve_scenes([missing[-1].name])


def test_input_files_follow_imports() -> None:
    files = {p.name for p in ps.input_files(SECTIONS[0])}
    assert {"s01_information.py", "manim.cfg", "infotheory.py", "scene.py", "theme.py"} <= files
    # the render pipeline itself is not an input of any scene
    assert "render.py" not in files


def _fake_section(tmp_path: Path, body: str) -> tuple[Section, Project]:
    scenes = tmp_path / "scenes"
    scenes.mkdir(exist_ok=True)
    (scenes / "s99_fake.py").write_text(body)
    (scenes / "helper_mod.py").write_text("X = 1\n")
    return Section(99, "fake", "Fake", "Fake", "FakeScene"), Project(tmp_path)


def test_fingerprint_changes_with_inputs_only(tmp_path: Path) -> None:
    section, project = _fake_section(tmp_path, "import helper_mod\n")
    q = ps.QUALITIES["l"]

    def key(quality: ps.Quality = q) -> str:
        return ps.inputs_fingerprint(section, quality, project=project)

    a = key()
    assert key() == a  # stable
    assert key(ps.QUALITIES["h"]) != a  # quality is an input
    (tmp_path / "scenes" / "unrelated.py").write_text("Y = 2\n")
    assert key() == a  # unrelated file: no change
    (tmp_path / "scenes" / "helper_mod.py").write_text("X = 2\n")
    assert key() != a  # imported module changed


def test_a_syntax_error_is_a_scene_error_naming_file_and_line(tmp_path: Path) -> None:
    section, project = _fake_section(tmp_path, "import helper_mod\ndef f(:\n")
    with pytest.raises(ps.SceneError, match=r"^s99_fake.py, line 2: "):
        ps.input_files(section, project)


def test_manim_video_path() -> None:
    p = ps.manim_video_path(SECTIONS[0], ps.QUALITIES["l"], Path("media"))
    assert p == Path("media/videos/s01_information/480p15/InformationScene.mp4")
