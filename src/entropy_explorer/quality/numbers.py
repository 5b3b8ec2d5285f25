"""`entropy-explorer numbers`: the numbers manifest, every number the scenes show.

Scenes show numbers only through the base scene's helpers (``fmt``, ``number``,
``readout``, ``track_bars``), which record each one: the scene, a stable key
(``movie.cross_entropy``), the exact value from the math module, the unit and the text as
shown. This command builds the scenes as a dry run (no video) and prints the records as
JSON: a list of objects with the keys ``scene``, ``key``, ``value`` (a number, or the
string ``"inf"``), ``unit`` and ``text``.

``--check`` also verifies the other direction: every numeral on screen at a pause, in any
text, TeX or ``DecimalNumber``, is the text of a recorded number or a numeral the scene
declared as notation (``declare_constants``: axis ticks, the 2 in ``log_2``), and every
numeral or number word spoken (narration, speaker notes) was recorded with ``say`` or
declared with ``declare_spoken``. The layout lint applies the same checks as its
``unaccounted-number`` and ``unaccounted-spoken-number`` rules. Spoken numbers are in the
manifest with ``"medium": "speech"``.

The same dry run gives a scene's narration lines (:func:`narration_lines`), which the
voice's pre-pass speaks; both are cached per scene fingerprint, so one dry run serves both.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from manim import Scene

from entropy_explorer.numbers import NumberRecord
from entropy_explorer.pipeline.leaves.files import atomic_write_text
from entropy_explorer.pipeline.leaves.scenes import (
    QUALITIES,
    inputs_fingerprint,
)
from entropy_explorer.quality.spread import add_jobs, chosen_scenes, each_scene
from entropy_explorer.sections import Section

__all__ = [
    "collect_manifest", "manifest_json", "narration_lines", "numbers_of", "register",
    "write_manifest",
]


def _dry_run(target: Section | type[Scene]) -> tuple[list[NumberRecord], list[str]]:
    """A scene's numbers and narration lines (only narration is voiced, not the notes)."""
    from entropy_explorer.quality.runner import run_scene

    scene = run_scene(target)
    lines = [line.text for line in getattr(scene, "spoken", []) if line.kind == "narration"]
    return list(getattr(scene, "manifest", [])), lines


def collect_manifest(sections: Sequence[Section | type[Scene]]) -> list[NumberRecord]:
    """Run each scene (dry run, fast) and return every number it records, in order."""
    records: list[NumberRecord] = []
    for section in sections:
        records.extend(_dry_run(section)[0])
    return records


def manifest_json(records: Sequence[NumberRecord]) -> str:
    """The manifest as pretty JSON (``inf`` as the string ``"inf"``)."""
    return json.dumps([r.to_json() for r in records], indent=2, ensure_ascii=False) + "\n"


def _fingerprint(section: Section) -> str:
    """Hash of everything the section's numbers depend on (its scene and imported modules)."""
    return inputs_fingerprint(section, QUALITIES["l"], extra="numbers-manifest")


def _cached_run(section: Section, cache_dir: Path) -> tuple[list[NumberRecord], list[str]]:
    """The section's records and narration, from ``cache_dir`` when its inputs have not
    changed."""
    cache = cache_dir / f"{section.name}.json"
    fingerprint = _fingerprint(section)
    if cache.exists():
        try:
            data = json.loads(cache.read_text(encoding="utf-8"))
            if data.get("fingerprint") == fingerprint:
                return ([NumberRecord.from_json(d) for d in data["records"]],
                        [str(line) for line in data["narration"]])
        except (ValueError, KeyError, TypeError):
            pass  # unreadable or older cache: recompute
    records, lines = _dry_run(section)
    payload = {"fingerprint": fingerprint, "records": [r.to_json() for r in records],
               "narration": lines}
    _atomic_write(cache, json.dumps(payload, ensure_ascii=False) + "\n")
    return records, lines


def _cached_records(section: Section, cache_dir: Path) -> list[NumberRecord]:
    return _cached_run(section, cache_dir)[0]


def narration_lines(target: Section | type[Scene], cache_dir: Path | None = None) -> list[str]:
    """The lines a scene narrates, in order, from its dry run (cached in ``cache_dir`` with
    its numbers, for a registered section)."""
    if isinstance(target, Section) and cache_dir is not None:
        return _cached_run(target, Path(cache_dir))[1]
    return _dry_run(target)[1]


def _atomic_write(path: Path, text: str) -> None:
    atomic_write_text(path, text)


def write_manifest(
    sections: Sequence[Section | type[Scene]], path: Path, *, cache_dir: Path | None = None
) -> list[NumberRecord]:
    """Build the manifest of ``sections`` and write it to ``path`` as JSON (atomically).

    ``make render`` calls this for ``build/numbers.json``. A section whose scene and
    imported modules did not change since the last call is read from ``cache_dir``
    (default: ``.numbers-cache`` beside ``path``) instead of being run again. Returns the
    records.
    """
    path = Path(path)
    cache = Path(cache_dir) if cache_dir is not None else path.parent / ".numbers-cache"
    records: list[NumberRecord] = []
    for target in sections:
        if isinstance(target, Section):
            records.extend(_cached_records(target, cache))
        else:
            records.extend(collect_manifest([target]))
    _atomic_write(path, manifest_json(records))
    return records


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "numbers",
        help="print the numbers manifest (every number on screen) as JSON",
        description="Build scenes (all registered ones by default) without rendering and "
        "print every number they show as JSON: scene, key, value, unit, text.",
    )
    p.add_argument("scenes", nargs="*", metavar="SCENE",
                   help="section number, slug, file stem or class name, or 'cover' "
                   "(default: every scene with a module, the cover included)")
    p.add_argument("-o", "--output", type=Path, help="also write the JSON to this file")
    p.add_argument("--check", action="store_true",
                   help="exit 1 if a scene shows or says a number the manifest does not "
                   "account for")
    add_jobs(p)
    p.set_defaults(func=_run)


def numbers_of(target: Section | type[Scene], check: bool) -> tuple[list[NumberRecord], list[Any]]:
    """A scene's numbers and, with ``check``, its unaccounted-number findings (one dry run)."""
    from entropy_explorer.quality.lint import check_scene

    if not check:
        return collect_manifest([target]), []
    report = check_scene(target, numbers=True)
    return report.manifest, [f for f in report.findings
                             if f.rule in ("unaccounted-number", "unaccounted-spoken-number")]


def _run(args: argparse.Namespace) -> int:
    sections = chosen_scenes(args, "numbers")
    if sections is None:
        return 2
    records: list[NumberRecord] = []
    unaccounted: list[Any] = []
    failed: list[str] = []
    # Manim logs warnings to stdout; keep stdout for the JSON alone.
    with contextlib.redirect_stdout(sys.stderr):
        outcomes = each_scene(numbers_of, sections, args.check, jobs=args.jobs,
                              what="numbers: running")
        for section, outcome in zip(sections, outcomes, strict=True):
            if isinstance(outcome, Exception):  # report the scene, the others still count
                failed.append(section.name)
                print(f"numbers: {section.name} failed: {type(outcome).__name__}: {outcome}")
                continue
            records.extend(outcome[0])
            unaccounted.extend(outcome[1])
    text = manifest_json(records)
    sys.stdout.write(text)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    for f in unaccounted:
        print(f, file=sys.stderr)
    print(f"numbers: {len(records)} number(s) from {len(sections)} scene(s)"
          + (f", {len(unaccounted)} unaccounted" if args.check else "")
          + (f", {len(failed)} failed ({', '.join(failed)})" if failed else ""), file=sys.stderr)
    return 1 if unaccounted or failed else 0
