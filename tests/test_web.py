"""Web embeds: the iframe mapping against the article, encodes, poster, snippets, Hugo."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import av
import numpy as np
import pytest
from outputs_helpers import S01, ffprobe, make_video

from entropy_explorer.cli import main
from entropy_explorer.pipeline.leaves.project import DEFAULT_PROJECT
from entropy_explorer.pipeline.steps import embeds
from entropy_explorer.pipeline.steps import web_encode as encode
from entropy_explorer.pipeline.steps import web_pages as web
from entropy_explorer.pipeline.steps.captions import read_cues
from entropy_explorer.sections import SECTIONS

ARTICLE_TEXT = DEFAULT_PROJECT.article.read_text(encoding="utf-8")

# ------------------------------------------------------------------- the iframe mapping


def _iframes_with_their_section(text: str) -> list[tuple[str, str]]:
    """(iframe src, heading of the ## section it stands in), read from the article."""
    found = []
    for m in embeds.IFRAME_RE.finditer(text):
        headings = re.findall(r"^## (.+?)\s*$", text[: m.start()], flags=re.MULTILINE)
        found.append((embeds.iframe_src(m.group(0)), headings[-1]))
    return found


def test_every_article_iframe_is_mapped_to_the_section_it_stands_in() -> None:
    found = _iframes_with_their_section(ARTICLE_TEXT)
    assert len(found) == len(embeds.IFRAME_EMBEDS) == 3
    for src, heading in found:
        embed = embeds.embed_for_src(src)
        assert embed.section.heading == heading, (src, heading)
    assert [embeds.embed_for_src(src).section_number for src, _ in found] == [4, 7, 8]


def test_unknown_iframe_is_refused_with_the_known_ones() -> None:
    with pytest.raises(KeyError, match="information.html"):
        embeds.embed_for_src("/entropy-explorer/other.html")
    assert embeds.embed_for_src("https://x.org/entropy-explorer/cross_entropy.html?a=1").section_number == 8


def test_article_iframes_are_replaced_only_for_built_sections() -> None:
    built = [SECTIONS[3], SECTIONS[7]]  # 04-guessing, 08-cross-entropy
    text, replaced = web.article_with_embeds(ARTICLE_TEXT, built, (854, 480))
    assert [Path(r).name for r in replaced] == ["information.html", "cross_entropy.html"]
    assert text.count("<iframe") == 1 and "entropy_explorer.html" in text
    assert '{{< entropy-video name="04-guessing" title="A Guiding Example: Guessing a Number" ' \
           'width="854" height="480" >}}' in text
    assert '{{< entropy-video name="08-cross-entropy"' in text
    # the shortcode stands where the iframe stood: between the same neighbours
    assert text.index("The surprise is greater") < text.index('name="04-guessing"') \
        < text.index("## Why Not Just Use Probability?")
    # each shortcode stands alone between blank lines, so Markdown does not wrap it in <p>
    for section in built:
        call = web.shortcode_call(section, (854, 480))
        assert f"\n\n{call}\n\n" in text

    # nothing else changed (blank lines aside)
    def rest(t: str) -> str:
        for section in built:
            t = t.replace(web.shortcode_call(section, (854, 480)), "")
        return re.sub(r"\n{2,}", "\n\n", embeds.IFRAME_RE.sub("", t))

    assert rest(text) == rest(ARTICLE_TEXT)


# ------------------------------------------------------------------------------- snippets


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in ("source", "track"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open.pop() == tag, f"unbalanced </{tag}>"


def test_snippet_is_a_muted_inline_looping_video_with_subtitles() -> None:
    html = web.snippet_html(SECTIONS[6], "/blog/media", (1920, 1080))
    p = _Tags()
    p.feed(html)
    assert p.open == []
    tags = {t: a for t, a in p.tags}
    video = tags["video"]
    for flag in ("controls", "playsinline", "muted", "loop"):
        assert flag in video
    assert "autoplay" not in video
    assert (video["width"], video["height"]) == ("1920", "1080")
    assert video["poster"] == "/blog/media/07-entropy.png"
    sources = [a for t, a in p.tags if t == "source"]
    assert [s["src"] for s in sources] == ["/blog/media/07-entropy.webm", "/blog/media/07-entropy.mp4"]
    assert sources[0]["type"].startswith("video/webm") and sources[1]["type"] == "video/mp4"
    track = tags["track"]
    assert track["kind"] == "subtitles" and track["src"] == "/blog/media/07-entropy.vtt"
    assert "default" in track and track["srclang"] == "en"


def test_hugo_shortcode_matches_the_snippet() -> None:
    code = (web.TEMPLATES / "hugo" / "entropy-video.html").read_text()
    assert code.count("{{") == code.count("}}")
    for piece in ("playsinline muted loop", '.Get "name"', "{{ $name }}.webm", "{{ $name }}.mp4",
                  "{{ $name }}.vtt", "{{ $name }}.png", '<track kind="subtitles"',
                  'default "/entropy-explorer/"'):
        assert piece in code
    snippet = (web.TEMPLATES / "embed.html").read_text()

    def skeleton(text: str) -> list[str]:
        """Tag names and attribute names of the <figure> element, in order."""
        body = re.sub(r"\{\{.*?\}\}", "", "<figure" + text.split("<figure", 1)[1])
        return [a or b for a, b in re.findall(r"<(\w+)|\s([\w-]+)=", body)]

    assert skeleton(code) == skeleton(snippet)
    assert "playsinline muted loop" in snippet


# -------------------------------------------------------------- encodes from a test video


def _top_level_atoms(path: Path) -> list[str]:
    data, atoms, i = path.read_bytes(), [], 0
    while i + 8 <= len(data):
        size = int.from_bytes(data[i:i + 4], "big")
        atoms.append(data[i + 4:i + 8].decode("latin-1"))
        if size == 1:
            size = int.from_bytes(data[i + 8:i + 16], "big")
        if size < 8:
            break
        i += size
    return atoms


def _last_frame(path: Path) -> np.ndarray:
    with av.open(str(path)) as c:
        frames = list(c.decode(video=0))
        return frames[-1].to_ndarray(format="rgb24").astype(float)


@pytest.fixture
def section_video(tmp_path: Path) -> Path:
    return make_video(tmp_path / "video" / f"{S01.name}.mp4", 2.0, size=(320, 180),
                      pattern="testsrc")


def test_web_encodes(tmp_path: Path, section_video: Path) -> None:
    mp4, webm, png = (tmp_path / f"01-information{ext}" for ext in (".mp4", ".webm", ".png"))
    encode.web_mp4(section_video, mp4)
    encode.web_webm(section_video, webm)
    encode.poster_png(section_video, png)
    src_duration = float(ffprobe(section_video)["format"]["duration"])
    # mp4: H.264, index before the media data (faststart), same length, constant rate
    atoms = _top_level_atoms(mp4)
    assert atoms.index("moov") < atoms.index("mdat")
    assert "moov" in _top_level_atoms(section_video)[_top_level_atoms(section_video).index("mdat"):]
    info = ffprobe(mp4)
    assert [s["codec_name"] for s in info["streams"]] == ["h264"]
    assert info["streams"][0]["avg_frame_rate"] == "15/1"
    assert float(info["format"]["duration"]) == pytest.approx(src_duration, abs=0.07)
    # webm: VP9, same size and length
    info = ffprobe(webm)
    assert info["format"]["format_name"].startswith("matroska,webm")
    [stream] = info["streams"]
    assert (stream["codec_name"], stream["width"], stream["height"]) == ("vp9", 320, 180)
    assert float(info["format"]["duration"]) == pytest.approx(src_duration, abs=0.1)
    # poster: the last frame
    with av.open(str(png)) as c:
        poster = next(c.decode(video=0)).to_ndarray(format="rgb24").astype(float)
    assert poster.shape == (180, 320, 3)
    assert np.abs(poster - _last_frame(section_video)).mean() < 4.0
    assert np.abs(poster - _first_frame(section_video)).mean() > 4.0  # testsrc moves


def _first_frame(path: Path) -> np.ndarray:
    with av.open(str(path)) as c:
        return next(c.decode(video=0)).to_ndarray(format="rgb24").astype(float)


def test_non_h264_source_is_reencoded(tmp_path: Path) -> None:
    src = make_video(tmp_path / "v.mp4", 1.0, codec="mpeg4")
    encode.web_mp4(src, tmp_path / "out.mp4")
    assert ffprobe(tmp_path / "out.mp4")["streams"][0]["codec_name"] == "h264"


@pytest.fixture(scope="module")
def web_project(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from standins.project import make_project

    project = make_project(tmp_path_factory.mktemp("web"), {1: "", 7: ""})
    assert main(["web", "-q", "l", "--base-url", "/ee/"], project=project) == 0
    return project


def test_web_folder_holds_only_what_a_blog_serves(web_project) -> None:  # type: ignore[no-untyped-def]
    out = web_project.web_dir
    static = out / "static" / "entropy-explorer"
    assert sorted(p.name for p in static.iterdir()) == sorted(
        [*(f"{n}{ext}" for n in ("01-information", "07-entropy") for ext in (".mp4", ".webm", ".png", ".vtt")),
         # the widget pages under the names the article's iframes use, and section 10's fit
         "information.html", "entropy_explorer.html", "cross_entropy.html", "kl_fit.html"])
    assert not [p for p in out.rglob(".*")]  # no stamps, no temporaries
    cues = read_cues(static / "01-information.vtt")
    assert [c.text for c in cues][0] == "Hello from the stand-in."
    snippet = (out / "snippets" / "01-information.html").read_text()
    assert 'src="/ee/01-information.vtt"' in snippet and 'width="854"' in snippet
    assert (out / "layouts" / "shortcodes" / "entropy-video.html").exists()
    embeds_md = (out / "EMBEDS.md").read_text()
    for e in embeds.IFRAME_EMBEDS:
        assert f"`{e.iframe}`" in embeds_md
    assert "(section not built yet)" in embeds_md  # sections 4 and 8 were not built
    article = (out / "content" / "kl-divergence.md").read_text()
    # every iframe kept (its widget is served beside the videos), section 7's video before its own
    assert article.count("<iframe") == 3 and 'name="07-entropy"' in article
    assert article.index('name="07-entropy"') < article.index("entropy_explorer.html") \
        < article.index("## Cross-entropy")
    for e in embeds.IFRAME_EMBEDS:
        assert (static / e.iframe).exists()
    assert "kl_fit.html" in embeds_md
    preview = (out / "preview.html").read_text()
    assert 'src="static/entropy-explorer/01-information.webm"' in preview
    # each widget beside its section's video (or alone, its video not built yet)
    beside = preview.split("<h2>7. ")[1].split("<h2>")[0]
    assert '<div class="beside">' in beside and "07-entropy.webm" in beside \
        and 'iframe src="static/entropy-explorer/entropy_explorer.html"' in beside
    for w in ("information.html", "cross_entropy.html", "kl_fit.html"):
        assert f'iframe src="static/entropy-explorer/{w}"' in preview
    assert "data:text/vtt;charset=utf-8;base64," in preview  # the subtitles inside the page
    assert "$" not in preview.replace("$$", "")  # every placeholder filled


def test_web_encodes_carry_the_voice(web_project) -> None:  # type: ignore[no-untyped-def]
    """The section's AAC track is copied into the web mp4 and encoded as Opus in the webm."""
    static = web_project.web_dir / "static" / "entropy-explorer"
    for name, codecs in (("01-information.mp4", ["h264", "aac"]), ("01-information.webm", ["vp9", "opus"])):
        assert [s["codec_name"] for s in ffprobe(static / name)["streams"]] == codecs, name

    def audio_md5(path: Path) -> str:
        return subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-map", "0:a", "-c", "copy",
                               "-f", "md5", "-"], capture_output=True, text=True, check=True).stdout

    assert audio_md5(static / "01-information.mp4") == audio_md5(
        web_project.section_video(SECTIONS[0]))


def test_a_second_web_run_reuses_everything(web_project, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    assert main(["web", "-q", "l", "--base-url", "/ee/"], project=web_project) == 0
    out = capsys.readouterr().out
    assert "web 01-information: up to date" in out and "web 07-entropy: up to date" in out


def test_preview_opened_from_disk_plays_with_subtitles(web_project) -> None:  # type: ignore[no-untyped-def]
    from test_slides import needs_chromium

    needs_chromium()
    page = web_project.web_dir / "preview.html"
    n = len(read_cues(web_project.web_dir / "static" / "entropy-explorer" / "01-information.vtt"))
    assert web.check_preview(page) == f"video-ok webm 854x480 cues={n}"
    # the check can fail: a <track> read from a file:// address is refused, as it was before
    text = page.read_text()
    start = text.index('src="data:text/vtt')
    plain = text[:start] + 'src="static/entropy-explorer/01-information.vtt"' + text[
        text.index('"', start + 5) + 1:]
    page.with_name("plain.html").write_text(plain)
    assert not web.check_preview(page.with_name("plain.html")).startswith("video-ok")


def test_web_command_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["web", "-q", "l", "nope"]) == 2
    assert "valid names" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["web", "--help"])
    assert "--base-url" in capsys.readouterr().out


def _hugo_site(site: Path) -> None:
    """A bare Hugo site's own files: a page layout, a list layout and the config."""
    (site / "layouts" / "_default").mkdir(parents=True, exist_ok=True)
    (site / "layouts" / "_default" / "single.html").write_text("<main>{{ .Content }}</main>\n")
    (site / "layouts" / "_default" / "list.html").write_text("{{ range .Pages }}{{ end }}\n")
    (site / "config.toml").write_text('baseURL = "http://example.org/"\ntitle = "t"\n'
                                      "[markup.goldmark.renderer]\nunsafe = true\n")


@pytest.mark.skipif(shutil.which("hugo") is None, reason="hugo is not installed")
def test_hugo_build_of_the_web_folder_serves_the_article_iframes(
        web_project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """build/web/ as a Hugo site: the article's three iframe paths are served (the widget
    pages, byte for byte), and the article page points its iframes at them."""
    site = tmp_path / "site"
    shutil.copytree(web_project.web_dir, site)
    _hugo_site(site)
    subprocess.run(["hugo", "--quiet", "--buildDrafts", "--source", str(site)], check=True,
                   capture_output=True)  # the article is a draft
    public = site / "public"
    page = (public / "kl-divergence" / "index.html").read_text()
    srcs = re.findall(r'<iframe\s+src=\s*"([^"]+)"', page)
    assert srcs == [f"/entropy-explorer/{e.iframe}" for e in embeds.IFRAME_EMBEDS]
    for src in [*srcs, "/entropy-explorer/kl_fit.html"]:
        served = public / src.lstrip("/")
        assert served.read_bytes() == (site / "static" / src.lstrip("/")).read_bytes(), src
    assert page.count('<figure class="entropy-explorer-video"') == 1  # section 7's, built here
    assert page.index("07-entropy.webm") < page.index("/entropy-explorer/entropy_explorer.html")


@pytest.mark.skipif(shutil.which("hugo") is None, reason="hugo is not installed")
def test_hugo_renders_the_shortcode_in_the_article(tmp_path: Path) -> None:
    import subprocess

    site = tmp_path / "site"
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "layouts" / "_default" / "single.html").write_text("<main>{{ .Content }}</main>\n")
    (site / "layouts" / "_default" / "list.html").write_text("{{ range .Pages }}{{ end }}\n")
    shutil.copytree(web.TEMPLATES / "hugo", site / "layouts" / "shortcodes")
    (site / "config.toml").write_text('baseURL = "http://example.org/"\ntitle = "t"\n')
    text, _ = web.article_with_embeds(ARTICLE_TEXT, [SECTIONS[3], SECTIONS[6], SECTIONS[7]],
                                      (854, 480))
    (site / "content").mkdir()
    (site / "content" / "kl.md").write_text(text)
    subprocess.run(["hugo", "--quiet", "--buildDrafts", "--source", str(site)], check=True,
                   capture_output=True)
    page = (site / "public" / "kl" / "index.html").read_text()
    assert page.count("<iframe") == 0
    assert page.count('<figure class="entropy-explorer-video"') == 3
    assert "<p><figure" not in page
    for name in ("04-guessing", "07-entropy", "08-cross-entropy"):
        for ext in (".webm", ".mp4", ".vtt", ".png"):
            assert f'"/entropy-explorer/{name}{ext}"' in page
    p = _Tags()
    p.feed(page[page.index("<figure"):page.index("</figure>") + len("</figure>")])
    assert p.open == []
