"""Every registered scene passes the layout lint and the numbers check.

One dry run per scene (fast mode: each play jumps to its end) inspected at every pause:
no text outside the safe area, no overlapping texts, nothing below the minimum font size,
and every numeral on screen accounted for by the numbers manifest or declared as notation.
Fix a finding in the scene (or, for an intended overlap, declare it with
``self.allow_overlap``); run ``entropy-explorer lint SCENE`` to see them all.
"""

from __future__ import annotations

import pytest

from entropy_explorer.quality.lint import check_scene
from entropy_explorer.sections import available_sections

SECTIONS = available_sections()


@pytest.mark.parametrize("section", SECTIONS, ids=[s.name for s in SECTIONS])
def test_scene_passes_layout_lint_and_numbers_check(section) -> None:  # type: ignore[no-untyped-def]
    report = check_scene(section)
    assert report.pauses > 0
    assert report.manifest, "a section shows at least one computed number"
    assert not report.findings, "\n" + "\n".join(str(f) for f in report.findings)
