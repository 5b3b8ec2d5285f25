"""Slides: kept decks, reveal.js fetched once, offline HTML, PowerPoint, PDF, the presenter."""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from outputs_helpers import LOW, S01, make_video

from entropy_explorer.cli import main
from entropy_explorer.pipeline import slides
from entropy_explorer.pipeline import subtitles as subs
from entropy_explorer.pipeline.scenes import inputs_fingerprint
from entropy_explorer.pipeline.subtitles import Cue

# ------------------------------------------------------------------------------ decks


def _fake_media_deck(tmp_path: Path, resolution: tuple[int, int] = (854, 480)) -> Path:
    """A deck as manim-slides writes it: JSON + clips under media_slides/files/<Class>/."""
    media = tmp_path / "media_slides"
    clips = media / "files" / S01.scene_class
    slides_json = []
    for i, notes in enumerate(["", "Likely events teach little."]):
        clip = make_video(clips / f"clip{i}.mp4", 0.6, size=resolution)
        slides_json.append({
            "loop": False, "auto_next": False, "playback_rate": 1.0,
            "reversed_playback_rate": 1.0, "notes": notes, "dedent_notes": True,
            "skip_animations": False, "src": None, "type": "video", "direction": "horizontal",
            "file": str(clip), "rev_file": str(clip),
        })
    deck = {"slides": slides_json, "resolution": list(resolution), "background_color": "#0e1116"}
    (media / f"{S01.scene_class}.json").write_text(json.dumps(deck))
    # the narration Manim wrote beside the scene's video (media/videos/<module>/<quality>/)
    srt = tmp_path / "videos" / S01.module / LOW.folder / f"{S01.scene_class}.srt"
    srt.parent.mkdir(parents=True)
    srt.write_text(subs.to_srt([Cue(0.1, 0.5, "Hello."), Cue(0.7, 1.1, "P & <Q>.")]))
    return media


def test_snapshot_keeps_a_stamped_copy_of_the_deck(tmp_path: Path) -> None:
    media = _fake_media_deck(tmp_path)
    decks = tmp_path / "decks"
    kept = slides.snapshot_deck(S01, LOW, media_slides=media, decks_dir=decks)
    assert kept == decks / "480p15" / "InformationScene.json"
    data = json.loads(kept.read_text())
    files = [Path(s["file"]) for s in data["slides"]]
    assert all(f.exists() and decks in f.parents for f in files)  # clips copied, not linked
    # each slide's notes gain the narration heard during its clip
    assert data["slides"][0]["notes"] == "Narration: Hello."
    assert data["slides"][1]["notes"] == "Likely events teach little.\n\nNarration: P & <Q>."
    assert slides.deck_is_current(S01, LOW, decks)
    # the media cache being overwritten (another render) does not touch the kept copy
    for clip in (media / "files" / S01.scene_class).iterdir():
        clip.unlink()
    assert slides.deck_is_current(S01, LOW, decks)
    # a stamp from other inputs, or a lost clip, makes it stale
    stamp = decks / "480p15" / ".InformationScene.inputs"
    assert stamp.read_text().strip() == inputs_fingerprint(S01, LOW)
    stamp.write_text("0" * 64)
    assert not slides.deck_is_current(S01, LOW, decks)
    stamp.write_text(inputs_fingerprint(S01, LOW))
    files[0].unlink()
    assert not slides.deck_is_current(S01, LOW, decks)


def test_snapshot_refuses_a_deck_of_another_quality(tmp_path: Path) -> None:
    media = _fake_media_deck(tmp_path, resolution=(1280, 720))
    with pytest.raises(slides.SlidesError, match="not quality l"):
        slides.snapshot_deck(S01, LOW, media_slides=media, decks_dir=tmp_path / "decks")
    with pytest.raises(slides.SlidesError, match="no slide deck"):
        slides.snapshot_deck(S01, LOW, media_slides=tmp_path / "nowhere", decks_dir=tmp_path)


# ---------------------------------------------------------------------------- reveal.js


def test_missing_npm_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(slides.shutil, "which", lambda name: None)
    with pytest.raises(slides.SlidesError) as err:
        slides.fetch_revealjs("6.0.1", vendor_dir=tmp_path)
    assert "apt-get install npm" in str(err.value) and "--reveal-dir" in str(err.value)


def test_second_fetch_uses_the_unpacked_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "reveal.js-6.0.1"
    (root / "dist").mkdir(parents=True)
    (root / "dist" / "reveal.js").write_text("/* reveal */")

    def no_npm(*args: object, **kwargs: object) -> None:
        raise AssertionError("npm must not run when reveal.js is already unpacked")

    monkeypatch.setattr(slides.subprocess, "run", no_npm)
    assert slides.fetch_revealjs("6.0.1", vendor_dir=tmp_path) == root


# --------------------------------------------------------------------- offline checks


def test_network_references_finds_remote_assets(tmp_path: Path) -> None:
    (tmp_path / "local.css").write_text("@import url('https://fonts.example/x.css'); a{}")
    page = tmp_path / "index.html"
    page.write_text('<link rel="stylesheet" href="local.css">'
                    '<script src="https://cdn.jsdelivr.net/npm/reveal.js@6/dist/reveal.js"></script>'
                    '<section data-background-video="index_assets/a.mp4"></section>'
                    '<img src="//cdn.example/x.png"><a href="https://revealjs.com">docs</a>')
    refs = slides.network_references(page)
    assert len(refs) == 4  # the script, the protocol-relative image, the link, the CSS import
    assert any("cdn.jsdelivr" in r or "src=" in r for r in refs)
    assert any(r.startswith("local.css:") for r in refs)
    page.write_text('<script src="reveal.js/dist/reveal.js"></script>')
    assert slides.network_references(page) == []


# ----------------------------------------------------------------------------- presenter


def test_present_command_and_extra_options() -> None:
    deck = Path("/x/decks/480p15/InformationScene.json")
    cmd = slides.present_command([(S01, deck)], ["--full-screen"])
    assert cmd[1:] == ["-m", "manim_slides", "--silent", "present", "--folder",
                       "/x/decks/480p15", "--full-screen", "InformationScene"]
    assert slides.split_extra(["1", "entropy", "--full-screen", "-r", "2"]) == (
        ["1", "entropy"], ["--full-screen", "-r", "2"])


def test_present_without_qt_explains_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(slides, "qt_binding", lambda: None)
    monkeypatch.setattr(slides, "ensure_decks", lambda *a, **k: pytest.fail("must not render"))
    assert main(["present", "-q", "l", "1"]) == 1
    err = capsys.readouterr().err
    assert ".[present]" in err and "make slides" in err


def test_unknown_scene_lists_valid_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["slides", "-q", "l", "no-such-section"]) == 2
    err = capsys.readouterr().err
    assert "no-such-section" in err and "01-information" in err


def test_help_for_slides_and_present(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("slides", "present"):
        with pytest.raises(SystemExit) as ok:
            main([command, "--help"])
        assert ok.value.code == 0
    out = capsys.readouterr().out
    assert "--pptx" in out and "--pdf" in out and "Qt" in out


# ---------------------------------------------------------------- real exports, slow


class _Sections(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.slides: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section" and any(k == "data-scene" for k, _ in attrs):
            self.slides.append(dict(attrs))


@pytest.fixture(scope="module")
def s01_deck() -> Path:
    from outputs_helpers import s01_outputs

    return s01_outputs()[1]


@pytest.fixture(scope="module")
def reveal_root() -> Path:
    try:
        return slides.fetch_revealjs()
    except slides.SlidesError as exc:
        pytest.skip(f"reveal.js not available: {exc}")


@pytest.mark.slow
def test_fetched_reveal_is_the_version_manim_slides_template_names(reveal_root: Path) -> None:
    package = json.loads((reveal_root / "package.json").read_text())
    assert package["name"] == "reveal.js"
    assert package["version"] == slides.reveal_version()
    assert re.fullmatch(r"\d+\.\d+\.\d+", package["version"])


@pytest.mark.slow
def test_html_export_is_offline_and_lists_every_slide(
    tmp_path: Path, s01_deck: Path, reveal_root: Path
) -> None:
    page = slides.export_html([(S01, s01_deck)], tmp_path / "slides", reveal_root=reveal_root)
    assert page == tmp_path / "slides" / "index.html"
    assert slides.network_references(page) == []
    parser = _Sections()
    parser.feed(page.read_text())
    deck = json.loads(s01_deck.read_text())
    assert len(parser.slides) == len(deck["slides"]) >= 2
    assert {s["data-scene"] for s in parser.slides} == {S01.name}
    assert [s["id"] for s in parser.slides] == [f"s01-{i + 1}" for i in range(len(deck["slides"]))]
    for s in parser.slides:  # each slide's clip is beside the page, and every slide is muted
        assert (page.parent / str(s["data-background-video"])).exists()
        assert "data-background-video-muted" in s
    assert (page.parent / "reveal.js" / "dist" / "reveal.js").exists()
    text = page.read_text()
    assert "Likely events teach little" in text  # speaker notes kept
    assert "Narration: Information measures surprise" in text  # and the script


@pytest.mark.slow
def test_html_slides_play_in_headless_chromium_without_network(
    tmp_path: Path, s01_deck: Path, reveal_root: Path
) -> None:
    if slides.chromium_path() is None:
        pytest.skip("chromium is not installed (tools/check-slides.sh installs it)")
    page = slides.export_html([(S01, s01_deck)], tmp_path / "slides", reveal_root=reveal_root)
    state = slides.browser_check(page)
    n = len(json.loads(s01_deck.read_text())["slides"])
    assert state == f"video-ok 854x480 slides={n}"
    # and the probe can fail: without reveal.js the page does not start
    (tmp_path / "slides" / "reveal.js" / "dist" / "reveal.js").unlink()
    assert slides.browser_check(page) == "no-reveal"


@pytest.mark.slow
def test_pptx_and_pdf_exports(tmp_path: Path, s01_deck: Path) -> None:
    from pptx import Presentation

    deck = json.loads(s01_deck.read_text())
    pptx_file = slides.export_pptx([(S01, s01_deck)], tmp_path / "talk.pptx")
    prs = Presentation(str(pptx_file))
    assert len(prs.slides) == len(deck["slides"])
    assert (prs.slide_width, prs.slide_height) == (854 * 9525, 480 * 9525)
    notes = [s.notes_slide.notes_text_frame.text for s in prs.slides if s.has_notes_slide]
    assert notes[0].startswith("Narration: Information measures surprise")
    assert any(n.startswith("Likely events teach little; unlikely ones teach a lot.\n\n"
                            "Narration: Put probability") for n in notes)
    assert notes[-1].startswith("Rarer events sit higher on the curve.\n\nNarration: Likely "
                                "events carry little information")
    pdf = slides.export_pdf([(S01, s01_deck)], tmp_path / "handout.pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == len(deck["slides"])


@pytest.mark.slow
def test_slides_command_end_to_end(tmp_path: Path, s01_deck: Path, reveal_root: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # the kept test deck stands in for build/decks, so the command renders nothing
    monkeypatch.setattr(slides, "ensure_decks", lambda sections, q, **k: [s01_deck])
    out = tmp_path / "html"
    code = main(["slides", "-q", "l", "1", "-o", str(out), "--reveal-dir", str(reveal_root),
                 "--check"])
    assert code == 0
    assert (out / "index.html").exists()
    assert subprocess.run(["grep", "-c", "data-scene", str(out / "index.html")],
                          capture_output=True, text=True).stdout.strip() != "0"
