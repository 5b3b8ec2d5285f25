"""`entropy-explorer audit`: check the article's numeric claims; write build/audit.md.

Every claim in :mod:`entropy_explorer.claims` is recomputed with the math module and
compared with the value the article states, at the precision the article states it.
The report is a Markdown table (claim, where, article value, computed value, verdict);
the command prints a one-line summary and exits 0 either way, or 1 with ``--strict``
when any claim differs.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from entropy_explorer.claims import ARTICLE_PATH, CLAIMS, Claim, ClaimResult, audit

__all__ = ["DEFAULT_OUTPUT", "register", "render_markdown", "run_audit", "summary"]

#: Where ``make audit`` writes the report.
DEFAULT_OUTPUT = Path(__file__).resolve().parents[3] / "build" / "audit.md"


def _cell(text: str) -> str:
    return text.replace("|", r"\|").replace("\n", " ")


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def summary(results: Sequence[ClaimResult]) -> str:
    """One line: how many claims, how many agree, which differ."""
    differ = [r.claim.id for r in results if not r.agrees]
    line = f"audit: {len(results)} claims, {len(results) - len(differ)} agree, {len(differ)} differ"
    return line + (f" ({', '.join(differ)})" if differ else "")


def render_markdown(results: Sequence[ClaimResult]) -> str:
    """The audit report as Markdown."""
    lines = [
        "# Claims audit: the article checked against the math module",
        "",
        f"Article: `{ARTICLE_PATH.name}`. Each value the article states is recomputed from "
        "the article's example data (`examples.py`) with the math modules (`infotheory`, "
        "`gaussians`, `gradients`). *Agrees* means the computed value rounds to the "
        "article's value at the precision the article states (exactly, for values written "
        "with `=`); identities compare the article's formula with the definition on the "
        "same example; fits and gradients found numerically agree within the stated "
        "tolerance.",
        "",
        summary(results).replace("audit: ", "**Summary:** ") + ".",
        "",
        "| # | Claim | Where | Article | Computed | Verdict | Recomputed as |",
        "|---|---|---|---|---|---|---|",
    ]
    for i, r in enumerate(results, start=1):
        c = r.claim
        where = f"§{c.section} {c.heading}, line {c.line}"
        verdict = r.verdict if r.agrees else f"**{r.verdict}**"
        lines.append(
            f"| {i} | {_cell(c.description)} (`{c.id}`) | {_cell(where)} | "
            f"{_cell(r.stated_text())} | {_cell(r.computed_text())} | {verdict} | "
            f"`{_cell(c.how)}` |"
        )
    differ = [r for r in results if not r.agrees]
    if differ:
        lines += ["", "## Where the article differs", ""]
        for r in differ:
            lines.append(
                f"- **{r.claim.id}** (line {r.claim.line}): the article says "
                f"{r.stated_text()}, the math module gives {r.computed_text()} "
                f"({r.claim.how}). The scenes show the computed value and say so on screen."
            )
    return "\n".join(lines) + "\n"


def run_audit(
    claims: Sequence[Claim] = CLAIMS,
    output: Path | None = DEFAULT_OUTPUT,
    *,
    strict: bool = False,
    echo: bool = True,
) -> int:
    """Recompute ``claims``, write the report to ``output``, print the summary.

    Returns the exit code: 0, or 1 when ``strict`` and some claim differs.
    """
    results = audit(claims)
    if output is not None:
        output = Path(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        tmp = output.with_name(f".{output.name}.tmp-{os.getpid()}")
        try:
            tmp.write_text(render_markdown(results), encoding="utf-8")
            os.replace(tmp, output)
        finally:
            tmp.unlink(missing_ok=True)
    if echo:
        where = f" -> {_relative(output)}" if output is not None else ""
        print(summary(results) + where)
    return 1 if strict and not all(r.agrees for r in results) else 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "audit",
        help="check the article's numeric claims against the math module; write build/audit.md",
        description="Recompute every numeric claim of the article with the math module and "
        "write a table (claim, article value, computed value, verdict) to build/audit.md. "
        "Exits 0 either way unless --strict is given.",
    )
    p.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT,
                   help="report path (default: build/audit.md)")
    p.add_argument("--strict", action="store_true", help="exit 1 when any claim differs")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    return run_audit(output=args.output, strict=args.strict)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run_audit())
