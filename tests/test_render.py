"""The render pipeline end to end: a real video, skipping, failures, atomic outputs."""

from __future__ import annotations

import shutil
from pathlib import Path

import av
import pytest

from entropy_explorer.pipeline import render
from entropy_explorer.pipeline.scenes import QUALITIES
from entropy_explorer.sections import SECTIONS, Section

LOW = QUALITIES["l"]


def probe(path: Path) -> tuple[float, int, int]:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        duration = float(container.duration or 0) / av.time_base
        return duration, stream.codec_context.width, stream.codec_context.height


@pytest.mark.slow
def test_render_information_scene_then_skip(tmp_path: Path) -> None:
    section = SECTIONS[0]
    [first] = render.render_scenes([section], LOW, video_dir=tmp_path, echo=False)
    assert first.status == "rendered", first.error
    out = tmp_path / "01-information.mp4"
    duration, width, height = probe(out)
    assert duration > 10
    assert (width, height) == (LOW.pixel_width, LOW.pixel_height)
    srt = out.with_suffix(".srt").read_text(encoding="utf-8")
    assert "Information measures surprise" in srt
    assert not [p for p in tmp_path.iterdir() if ".tmp" in p.name]
    # nothing changed: the second run skips the scene
    [second] = render.render_scenes([section], LOW, video_dir=tmp_path, echo=False)
    assert second.status == "up to date"


@pytest.mark.slow
def test_failing_scene_names_itself_and_leaves_no_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenes = tmp_path / "scenes"
    scenes.mkdir()
    (scenes / "s99_broken.py").write_text(
        "from entropy_explorer.scene import SectionScene\n"
        "class BrokenScene(SectionScene):\n"
        "    section = 1\n"
        "    def body(self):\n"
        "        raise RuntimeError('deliberately broken scene')\n"
    )
    monkeypatch.setattr("entropy_explorer.sections.SCENES_DIR", scenes)
    monkeypatch.setattr("entropy_explorer.pipeline.scenes.SCENES_DIR", scenes)
    monkeypatch.setattr("entropy_explorer.pipeline.scenes.PROJECT_ROOT", tmp_path)
    monkeypatch.setattr(render, "LOG_DIR", tmp_path / "logs")
    broken = Section(99, "broken", "Broken", "Broken", "BrokenScene")
    video_dir = tmp_path / "video"
    [result] = render.render_scenes([broken], LOW, video_dir=video_dir,
                                    media_dir=tmp_path / "media", echo=False)
    assert result.status == "failed"
    assert "deliberately broken scene" in result.error
    assert not video_dir.exists() or not any(video_dir.iterdir())


def test_atomic_copy_leaves_nothing_on_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "src.mp4"
    src.write_bytes(b"x" * 1000)
    dst = tmp_path / "out" / "final.mp4"

    def half_copy(a: Path, b: Path) -> None:
        Path(b).write_bytes(b"x" * 10)
        raise KeyboardInterrupt

    monkeypatch.setattr(shutil, "copyfile", half_copy)
    with pytest.raises(KeyboardInterrupt):
        render.atomic_copy(src, dst)
    assert not dst.exists()
    assert list(dst.parent.iterdir()) == []


def test_atomic_copy_replaces(tmp_path: Path) -> None:
    src = tmp_path / "a"
    src.write_text("new")
    dst = tmp_path / "b"
    dst.write_text("old")
    render.atomic_copy(src, dst)
    assert dst.read_text() == "new"
