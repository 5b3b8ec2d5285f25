"""Slides: kept decks with notes, reveal.js fetched once (or a quick clear failure offline),
offline HTML, PowerPoint and PDF with content posters, the presenter."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from outputs_helpers import LOW, S01, make_video

from entropy_explorer.cli import main
from entropy_explorer.pipeline.leaves.browser import chromium_path
from entropy_explorer.pipeline.leaves.subtitles import Cue
from entropy_explorer.pipeline.steps import decks, presenter, reveal
from entropy_explorer.pipeline.steps import slide_export as export

# ------------------------------------------------------------------------------ decks


def _fake_media_deck(tmp_path: Path, resolution: tuple[int, int] = (854, 480)) -> Path:
    """A deck as manim-slides writes it: JSON + clips under media_slides/files/<Class>/.

    The first clip fades in from black (a section's title card), the last fades out to
    black, as a slide that clears the screen does."""
    media = tmp_path / "media_slides"
    clips = media / "files" / S01.scene_class
    slides_json = []
    looks = ["fade=in:st=0:d=0.5", "null", "fade=out:st=0.1:d=0.3"]
    for i, (notes, look) in enumerate(zip(["", "Likely events teach little.", ""], looks, strict=True)):
        clip = make_video(clips / f"clip{i}.mp4", 0.6, size=resolution, vf=look)
        slides_json.append({
            "loop": False, "auto_next": False, "playback_rate": 1.0,
            "reversed_playback_rate": 1.0, "notes": notes, "dedent_notes": True,
            "skip_animations": False, "src": None, "type": "video", "direction": "horizontal",
            "file": str(clip), "rev_file": str(clip),
        })
    deck = {"slides": slides_json, "resolution": list(resolution), "background_color": "#0e1116"}
    (media / f"{S01.scene_class}.json").write_text(json.dumps(deck))
    return media / f"{S01.scene_class}.json"


NARRATION = [Cue(0.1, 0.5, "Hello."), Cue(0.7, 1.1, "P & <Q>.")]


def _kept(tmp_path: Path) -> Path:
    return decks.snapshot_deck(S01, LOW, _fake_media_deck(tmp_path), tmp_path / "decks", NARRATION)


def test_snapshot_keeps_a_copy_with_notes_on_every_slide(tmp_path: Path) -> None:
    media_deck = _fake_media_deck(tmp_path)
    kept = decks.snapshot_deck(S01, LOW, media_deck, tmp_path / "decks", NARRATION)
    assert kept == tmp_path / "decks" / "480p15" / "InformationScene.json"
    data = json.loads(kept.read_text())
    files = [Path(s["file"]) for s in data["slides"]]
    assert all(f.exists() and tmp_path / "decks" in f.parents for f in files)  # copied
    # remuxed with the index in front (faststart), which make_video's clips lack
    assert all(0 < f.read_bytes().find(b"moov") < f.read_bytes().find(b"mdat") for f in files)
    assert not any(0 < c.read_bytes().find(b"moov") < c.read_bytes().find(b"mdat")
                   for c in media_deck.parent.joinpath("files", S01.scene_class).iterdir())
    assert decks.deck_files(kept) == [kept, *sorted(set(files))]
    notes = [s["notes"] for s in data["slides"]]
    heading = "Section 1: Information (in the Shannon Sense)"
    # the opener too: the heading and what is said during it
    assert notes[0] == f"{heading}\n\nNarration: Hello."
    assert notes[1] == f"{heading} (slide 2 of 3)\n\nLikely events teach little.\n\nNarration: P & <Q>."
    assert notes[2] == f"{heading} (slide 3 of 3)"
    # the media cache being overwritten (another render) does not touch the kept copy
    for clip in media_deck.parent.joinpath("files", S01.scene_class).iterdir():
        clip.unlink()
    assert all(f.exists() for f in files)


def test_snapshot_refuses_a_deck_of_another_quality_or_none(tmp_path: Path) -> None:
    with pytest.raises(decks.DeckError, match="not quality l"):
        decks.snapshot_deck(S01, LOW, _fake_media_deck(tmp_path, (1280, 720)), tmp_path, [])
    with pytest.raises(decks.DeckError, match="no slide deck"):
        decks.snapshot_deck(S01, LOW, tmp_path / "nowhere.json", tmp_path, [])
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(decks.DeckError, match="cannot read the slide deck"):
        decks.load_deck(bad)


# ------------------------------------------------------------------------------ posters


def _blank(image: object) -> bool:
    pixels = np.asarray(image).astype(int)
    return int(np.abs(pixels - pixels.mean(axis=(0, 1))).max()) < 30


def test_posters_show_content_never_a_blank_frame(tmp_path: Path) -> None:
    clips = [Path(s["file"]) for s in json.loads(_kept(tmp_path).read_text())["slides"]]
    from PIL import Image

    def first(clip: Path) -> object:
        import av

        with av.open(str(clip)) as c:
            return next(c.decode(video=0)).to_image()

    assert _blank(first(clips[0]))  # the opener starts black, as every title card does
    for clip in clips:
        poster = export.poster_frame(clip)
        assert isinstance(poster, Image.Image) and not _blank(poster), clip.name
    # a clip that ends black gets a frame with content from inside it
    assert _blank(export.poster_frame(clips[1]).point(lambda v: 0)) and not _blank(
        export.poster_frame(clips[2]))


def test_pptx_has_every_slide_with_notes_and_content_posters(tmp_path: Path) -> None:
    from pptx import Presentation

    kept = _kept(tmp_path)
    out = export.export_pptx([(S01, kept)], tmp_path / "talk.pptx")
    prs = Presentation(str(out))
    assert len(prs.slides) == 3
    assert (prs.slide_width, prs.slide_height) == (854 * 9525, 480 * 9525)
    for slide in prs.slides:
        assert slide.notes_slide.notes_text_frame.text.startswith("Section 1: Information")
        [movie] = [s for s in slide.shapes if s.shape_type == 16 or "movie" in s.name.lower()
                   or s.__class__.__name__ == "Movie"]
        from io import BytesIO

        from PIL import Image

        poster = Image.open(BytesIO(movie.poster_frame.blob))
        assert not _blank(poster)
    assert 'delay="0"' in prs.slides[0].element.xml.replace("'", '"')  # autoplay


def test_pdf_handout_has_a_page_with_content_per_slide(tmp_path: Path) -> None:
    out = export.export_pdf([(S01, _kept(tmp_path))], tmp_path / "handout.pdf")
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == 3
    if subprocess.run(["which", "pdftoppm"], capture_output=True).returncode == 0:
        subprocess.run(["pdftoppm", "-png", "-r", "20", str(out), str(tmp_path / "p")], check=True)
        from PIL import Image

        pages = sorted(tmp_path.glob("p-*.png"))
        assert len(pages) == 3 and not any(_blank(Image.open(p).convert("RGB")) for p in pages)


# ---------------------------------------------------------------------------- reveal.js


def test_missing_npm_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reveal.shutil, "which", lambda name: None)
    with pytest.raises(reveal.RevealError) as err:
        reveal.fetch_revealjs(tmp_path, "6.0.1")
    assert "apt-get install npm" in str(err.value) and "--reveal-dir" in str(err.value)


def test_second_fetch_uses_the_unpacked_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "reveal.js-6.0.1"
    (root / "dist").mkdir(parents=True)
    (root / "dist" / "reveal.js").write_text("/* reveal */")

    def no_npm(*args: object, **kwargs: object) -> None:
        raise AssertionError("npm must not run when reveal.js is already unpacked")

    monkeypatch.setattr(reveal.procs, "run", no_npm)
    assert reveal.fetch_revealjs(tmp_path, "6.0.1") == root


@pytest.mark.skipif(subprocess.run(["which", "npm"], capture_output=True).returncode,
                    reason="npm is not installed")
def test_offline_with_an_empty_npm_cache_fails_fast_and_clearly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a registry nobody answers at (a closed local port) and an empty cache: offline
    monkeypatch.setenv("npm_config_registry", "http://127.0.0.1:9/")
    monkeypatch.setenv("npm_config_cache", str(tmp_path / "npm-cache"))
    t0 = time.monotonic()
    with pytest.raises(reveal.RevealError) as err:
        reveal.fetch_revealjs(tmp_path / "vendor", "6.0.1")
    took = time.monotonic() - t0
    assert took < 10, f"took {took:.1f} s"
    message = str(err.value)
    assert "cannot be reached (offline?)" in message and "--reveal-dir" in message
    assert "\n" not in message
    assert not (tmp_path / "vendor" / "reveal.js-6.0.1").exists()


# --------------------------------------------------------------------- offline checks


def test_network_references_finds_remote_assets(tmp_path: Path) -> None:
    (tmp_path / "local.css").write_text("@import url('https://fonts.example/x.css'); a{}")
    page = tmp_path / "index.html"
    page.write_text('<link rel="stylesheet" href="local.css">'
                    '<script src="https://cdn.jsdelivr.net/npm/reveal.js@6/dist/reveal.js"></script>'
                    '<section data-background-video="index_assets/a.mp4"></section>'
                    '<img src="//cdn.example/x.png"><a href="https://revealjs.com">docs</a>')
    refs = export.network_references(page)
    assert len(refs) == 4  # the script, the protocol-relative image, the link, the CSS import
    assert any("cdn.jsdelivr" in r or "src=" in r for r in refs)
    assert any(r.startswith("local.css:") for r in refs)
    page.write_text('<script src="reveal.js/dist/reveal.js"></script>')
    assert export.network_references(page) == []


# ----------------------------------------------------------------------------- presenter


def test_present_command_and_extra_options() -> None:
    deck = Path("/x/decks/480p15/InformationScene.json")
    cmd = presenter.presenter_command([(S01, deck)], ["--full-screen"])
    assert cmd[1:] == ["-m", "manim_slides", "--silent", "present", "--folder",
                       "/x/decks/480p15", "--full-screen", "InformationScene"]
    assert presenter.split_extra(["1", "entropy", "--full-screen", "-r", "2"]) == (
        ["1", "entropy"], ["--full-screen", "-r", "2"])


def test_present_without_qt_explains_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(presenter, "qt_binding", lambda: None)
    assert main(["present", "-q", "l", "1"]) == 1
    err = capsys.readouterr().err
    assert ".[present]" in err and "make slides" in err


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


def needs_chromium() -> None:
    """Skip without Chromium, except in CI, where the set-up installs it: fail there."""
    if chromium_path() is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing although the set-up installs it")
        pytest.skip("chromium is not installed (make setup installs it)")


@pytest.fixture(scope="module")
def s01_deck() -> Path:
    from outputs_helpers import s01_outputs

    return s01_outputs()[1]


@pytest.fixture(scope="module")
def reveal_root() -> Path:
    from outputs_helpers import TEST_PROJECT

    try:
        return reveal.fetch_revealjs(TEST_PROJECT.vendor_dir)
    except reveal.RevealError as exc:
        pytest.skip(f"reveal.js not available: {exc}")


@pytest.mark.slow
def test_fetched_reveal_is_the_version_manim_slides_template_names(reveal_root: Path) -> None:
    package = json.loads((reveal_root / "package.json").read_text())
    assert package["name"] == "reveal.js"
    assert package["version"] == reveal.reveal_version()
    assert re.fullmatch(r"\d+\.\d+\.\d+", package["version"])


@pytest.mark.slow
def test_html_export_is_offline_and_lists_every_slide(
    tmp_path: Path, s01_deck: Path, reveal_root: Path
) -> None:
    page = export.export_html([(S01, s01_deck)], tmp_path / "slides", reveal_root)
    assert page == tmp_path / "slides" / "index.html"
    assert export.network_references(page) == []
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
    assert text.count("Section 1: Information") == len(deck["slides"])  # notes on every slide


@pytest.mark.slow
def test_html_slides_play_in_headless_chromium_without_network(
    tmp_path: Path, s01_deck: Path, reveal_root: Path
) -> None:
    needs_chromium()
    page = export.export_html([(S01, s01_deck)], tmp_path / "slides", reveal_root)
    state = export.check_html(page)  # opened from disk, as a user does
    n = len(json.loads(s01_deck.read_text())["slides"])
    assert state == f"video-ok 854x480 slides={n}"
    # and the probe can fail: without reveal.js the page does not start
    (tmp_path / "slides" / "reveal.js" / "dist" / "reveal.js").unlink()
    assert export.check_html(page) == "no-reveal"


@pytest.mark.slow
def test_real_pptx_notes_and_posters(tmp_path: Path, s01_deck: Path) -> None:
    from io import BytesIO

    from PIL import Image
    from pptx import Presentation

    deck = json.loads(s01_deck.read_text())
    prs = Presentation(str(export.export_pptx([(S01, s01_deck)], tmp_path / "talk.pptx")))
    assert len(prs.slides) == len(deck["slides"])
    notes = [s.notes_slide.notes_text_frame.text for s in prs.slides]
    heading = "Section 1: Information (in the Shannon Sense)"
    assert notes[0].startswith(heading) and all(n.startswith(heading) for n in notes)
    assert any("Likely events teach little; unlikely ones teach a lot.\n\n"
               "Narration: Put probability" in n for n in notes)
    for slide in prs.slides:  # the title card's poster shows the title, not black
        movie = next(s for s in slide.shapes if s.__class__.__name__ == "Movie")
        assert not _blank(Image.open(BytesIO(movie.poster_frame.blob)).convert("RGB"))


@pytest.mark.slow
def test_slides_command_end_to_end(tmp_path: Path, s01_deck: Path, reveal_root: Path) -> None:
    from outputs_helpers import TEST_PROJECT

    out = tmp_path / "html"
    # the decks are current (s01_outputs made them), so the command renders nothing
    code = main(["slides", "-q", "l", "1", "-o", str(out), "--reveal-dir", str(reveal_root),
                 "--check", "--wait"], project=TEST_PROJECT)
    assert code == 0
    assert "data-scene" in (out / "index.html").read_text()


def test_slides_command_on_a_stand_in_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from standins.project import make_project, started

    project = make_project(tmp_path, {1: "", 2: ""})
    assert main(["slides", "-q", "l", "--pdf"], project=project) == 0
    assert (project.build_dir / "entropy-explorer-slides.pdf").exists()
    assert len(started(project)) == 2
    # a kept deck whose clip was damaged is made again; the other is reused
    clip = next((project.decks_dir / "480p15" / "files" / "AxiomsScene").iterdir())
    clip.write_bytes(b"")
    assert main(["slides", "-q", "l", "--pptx"], project=project) == 0
    assert [name for _, name in started(project)[2:]] == ["s02_axioms.py"]
    assert (project.build_dir / "entropy-explorer.pptx").exists()
