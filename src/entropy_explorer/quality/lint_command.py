"""`entropy-explorer lint`: the layout lint of :mod:`entropy_explorer.quality.lint` as a
command. Prints ``scene:time:rule: what`` per finding and exits 1 when there is any; with
``--jobs`` of two or more (the default on a machine with more than one core) the scenes'
dry runs run on a local cluster of worker processes
(:func:`~entropy_explorer.quality.spread.each_scene`).
"""

from __future__ import annotations

import argparse
import sys

from entropy_explorer.quality.lint import (
    BODY_FONT_SIZE,
    MAX_STILL,
    MAX_WORDS,
    MIN_FONT_SIZE,
    SAFE_MARGIN,
    SceneReport,
    lint_scenes,
)
from entropy_explorer.quality.spread import add_jobs, chosen_scenes

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "lint",
        help="layout lint: clipped, overlapping, too-small or too-wordy text; still frames "
        "while the voice speaks; unaccounted numbers",
        description="Run scenes (all registered ones by default) without rendering and check "
        f"every pause: text inside the safe area (margin {SAFE_MARGIN:g}), no overlapping "
        f"texts, font size at least {MIN_FONT_SIZE:g} ({BODY_FONT_SIZE:g} for body text), at "
        f"most {MAX_WORDS} words of prose at once, nothing still for more than {MAX_STILL:g} s "
        "while a line is said, every numeral accounted for by the numbers manifest. Prints "
        "'scene:time:rule: what' per finding; exits 1 if any.",
    )
    p.add_argument("scenes", nargs="*", metavar="SCENE",
                   help="section number, slug, file stem or class name, or 'cover' "
                   "(default: every scene with a module, the cover included)")
    p.add_argument("--no-numbers", action="store_true",
                   help="skip the unaccounted-number rule (layout rules only)")
    p.add_argument("--strict", action="store_true",
                   help="apply the raised rules to the scenes not yet composed as well")
    p.add_argument("--words", action="store_true",
                   help="print each scene's most words of prose on screen at once, and "
                   "how many raised-rule findings were waived")
    add_jobs(p)
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    sections = chosen_scenes(args, "lint")
    if sections is None:
        return 2
    reports: list[SceneReport] = []
    findings = lint_scenes(sections, numbers=not args.no_numbers, echo=True,
                           strict=args.strict, reports=reports, jobs=args.jobs)
    for f in findings:
        if f.rule == "error":
            print(f, flush=True)
    if args.words:
        for r in reports:
            print(f"{r.scene}: at most {r.max_words} words on screen; "
                  f"{len(r.waived)} raised-rule finding(s) waived", file=sys.stderr)
    waived = sum(len(r.waived) for r in reports)
    print(f"lint: {len(sections)} scene(s), {len(findings)} finding(s)"
          + (f", {waived} waived in scenes not yet composed" if waived else ""), file=sys.stderr)
    return 1 if findings else 0
