"""Shared pytest configuration.

Reference frames (``tests/control_data/``) are compared with Manim's
``frames_comparison``; ``--set_test`` rewrites them instead of comparing (run it after a
deliberate visual change, look at the new frames, and commit them), ``--show_diff`` shows
a failing frame next to its reference.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

from entropy_explorer.pipeline.leaves import manim_fixes

# Test workers build the same texts and formulas at once: parse Manim's SVGs in memory.
manim_fixes.apply()

# Property tests check results, not speed: on a loaded 2-core machine an example can take
# longer than Hypothesis' default 200 ms deadline, which would fail a correct test.
# `make test` (and CI) is reproducible: derandomised (each test's examples follow from its
# own code), with no example database, so every machine and every run tries the same
# inputs and a fresh clone fails exactly where CI would. Cases once found by the random
# search are kept as @example in the tests. `make test-explore` searches at random, for
# longer (HYPOTHESIS_EXAMPLES per test), keeping what it finds in .hypothesis/.
settings.register_profile("entropy-explorer", deadline=None, derandomize=True, database=None,
                          print_blob=True)
settings.register_profile("explore", deadline=None, print_blob=True,
                          max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "2000")))
settings.load_profile("entropy-explorer")

TESTS_DIR = Path(__file__).resolve().parent
# Fixture scenes and helpers import as ``fixtures.<name>``.
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--set_test", action="store_true", default=False,
        help="write the reference frames in tests/control_data instead of comparing",
    )
    parser.addoption(
        "--show_diff", action="store_true", default=False,
        help="show a failing frame next to its reference (needs a display)",
    )
