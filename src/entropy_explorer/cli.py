"""The ``entropy-explorer`` command. The Makefile's targets call it; users may too.

Each subcommand lives in its own module that exposes ``register(subparsers)``; the
module adds its parser and sets ``func`` (called with the parsed arguments, returns the
exit code).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

__all__ = ["COMMAND_MODULES", "build_parser", "main"]

#: Subcommand modules, in the order ``--help`` lists them.
COMMAND_MODULES = (
    "entropy_explorer.pipeline.listing",
    "entropy_explorer.pipeline.render",
    "entropy_explorer.pipeline.gif",
    "entropy_explorer.pipeline.slides",
    "entropy_explorer.pipeline.web",
    "entropy_explorer.pipeline.speech",
    "entropy_explorer.quality.audit",
    "entropy_explorer.quality.lint",
    "entropy_explorer.quality.numbers",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="entropy-explorer",
        description="Render, check and package the Entropy Explorer videos.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("entropy-explorer: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
