"""The section registry against the article."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from entropy_explorer.sections import COVER, SECTIONS, find_section

ROOT = Path(__file__).resolve().parents[1]
ARTICLE_COPY = ROOT / "assets" / "kl-divergence.md"
ARTICLE_SHARED = ROOT.parent / "shared" / "article" / "kl-divergence.md"


def headings(path: Path) -> list[str]:
    return [m.group(1) for m in re.finditer(r"^## (.+?)\s*$", path.read_text(encoding="utf-8"), re.M)]


def test_every_article_section_is_registered_in_order() -> None:
    assert [s.heading for s in SECTIONS] == headings(ARTICLE_COPY)
    assert [s.number for s in SECTIONS] == list(range(1, len(SECTIONS) + 1))
    assert len(SECTIONS) == 20


def test_project_copy_of_article_matches_the_source() -> None:
    if not ARTICLE_SHARED.exists():
        pytest.skip("the shared article is not beside the project")
    assert headings(ARTICLE_COPY) == headings(ARTICLE_SHARED)


def test_names_are_unique_and_stable() -> None:
    names = [s.name for s in SECTIONS]
    assert len(set(names)) == len(names)
    assert len({s.scene_class for s in SECTIONS}) == len(SECTIONS)
    assert SECTIONS[0].name == "01-information"
    assert SECTIONS[0].module == "s01_information"
    assert COVER.module == "cover"
    for s in SECTIONS:
        assert re.fullmatch(r"\d\d-[a-z0-9-]+", s.name)
        assert "\\" not in s.title and "$" not in s.title


def test_every_article_section_has_its_scene() -> None:
    """The video covers the whole article: one scene module per ``##`` heading."""
    missing = [f"{s.name} ({s.heading})" for s in SECTIONS if not s.is_available]
    assert not missing, f"sections without a scene: {missing}"
    assert len(headings(ARTICLE_COPY)) == sum(s.is_available for s in SECTIONS)


def test_available_scene_modules_define_their_class() -> None:
    for s in SECTIONS:
        if s.is_available:
            assert f"class {s.scene_class}(" in s.path.read_text(encoding="utf-8"), s.name


@pytest.mark.parametrize("name", ["1", "01", "information", "01-information", "InformationScene"])
def test_find_section_accepts_every_form(name: str) -> None:
    assert find_section(name).number == 1


def test_unknown_section_lists_valid_names() -> None:
    with pytest.raises(KeyError, match="valid names: 01-information"):
        find_section("nope")
    with pytest.raises(KeyError):
        find_section("21")
