"""`entropy-explorer audit`: check the article's claims; write build/audit.md.

Two tables. Every numeric claim in :mod:`entropy_explorer.claims` is recomputed with the
math module and compared with the value the article states, at the precision the article
states it (claim, where, article value, computed value, verdict). Every qualitative claim
(:data:`~entropy_explorer.claims.QUALITATIVE`) is assessed by computation on the article's
examples (claim, where, verdict with its condition, the computed evidence, the rule and the
computation). The command prints a one-line summary of both and exits 0 either way, or 1
with ``--strict`` when a numeric claim differs or a qualitative claim *differs*. A claim
that *holds only under a condition* does not fail ``--strict``: the article is right under
the condition the report names, and the scenes say so.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from entropy_explorer.claims import (
    AGREES,
    ARTICLE_PATH,
    CLAIMS,
    CONDITIONAL,
    DIFFERS,
    NOT_AUDITED,
    QUALITATIVE,
    Assessment,
    Claim,
    ClaimResult,
    QualitativeClaim,
    assess_all,
    audit,
)

__all__ = ["DEFAULT_OUTPUT", "qualitative_summary", "register", "render_markdown", "run_audit",
           "summary"]

#: Where ``make audit`` writes the report.
DEFAULT_OUTPUT = Path(__file__).resolve().parents[3] / "build" / "audit.md"


def _cell(text: str) -> str:
    return text.replace("|", r"\|").replace("\n", " ")


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _where(claim: Claim | QualitativeClaim) -> str:
    return _cell(f"§{claim.section} {claim.heading}, line {claim.line}")


def summary(results: Sequence[ClaimResult]) -> str:
    """One line: how many claims, how many agree, which differ."""
    differ = [r.claim.id for r in results if not r.agrees]
    line = f"audit: {len(results)} claims, {len(results) - len(differ)} agree, {len(differ)} differ"
    return line + (f" ({', '.join(differ)})" if differ else "")


def qualitative_summary(assessments: Sequence[Assessment]) -> str:
    """One line: how many qualitative claims, how many agree, hold only under a condition, differ."""
    count = {v: [a.id for a in assessments if a.verdict == v] for v in (AGREES, CONDITIONAL, DIFFERS)}
    line = (f"{len(assessments)} qualitative claims, {len(count[AGREES])} agree, "
            f"{len(count[CONDITIONAL])} hold only under a condition, {len(count[DIFFERS])} differ")
    return line + (f" ({', '.join(count[DIFFERS])})" if count[DIFFERS] else "")


def _qualitative_markdown(assessments: Sequence[Assessment]) -> list[str]:
    lines = [
        "",
        "## The article's qualitative claims, by computation",
        "",
        "Each comparative or qualitative statement of sections 10 to 20 is checked on the "
        "article's own examples (the worked example's and the movie review's teachers with "
        "softmax students on a grid of logits; section 12's student; the two-peaked teacher "
        "with one-Gaussian students). Each row's rule was fixed before computing; the verdict "
        f"is *{AGREES}*, *{DIFFERS}*, or *{CONDITIONAL}* (the condition named). Gradients are "
        "in nats; a softmax student's gradient is taken on its logits unless a row says "
        "\"probabilities\" (each Q(x) its own parameter).",
        "",
        f"**Summary:** {qualitative_summary(assessments)}.",
        "",
        "| # | Claim | Where | Verdict | Evidence (computed) | Rule; computed as |",
        "|---|---|---|---|---|---|",
    ]
    for i, a in enumerate(assessments, start=1):
        c = a.claim
        verdict = a.verdict if a.agrees else f"**{a.verdict}**"
        if a.conditional:
            verdict += f": {a.condition}"
        decisive = ", ".join(f"{f.name} = {f.text()}" for f in a.decisive)
        lines.append(
            f"| Q{i} | {_cell(c.statement)} (`{c.id}`): “{_cell(c.quote)}” | {_where(c)} | "
            f"{_cell(verdict)} | {_cell(a.finding)} Decided by: {_cell(decisive)}. | "
            f"{_cell(c.rule)} Computed as: `{_cell(c.how)}`. |"
        )
    lines += ["", "### Statements not audited", ""]
    lines += [f"- “{_cell(quote)}”: {reason}." for quote, reason in NOT_AUDITED]
    return lines


def render_markdown(results: Sequence[ClaimResult],
                    assessments: Sequence[Assessment] = ()) -> str:
    """The audit report as Markdown (the qualitative table when ``assessments`` are given)."""
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
        verdict = r.verdict if r.agrees else f"**{r.verdict}**"
        lines.append(
            f"| {i} | {_cell(c.description)} (`{c.id}`) | {_where(c)} | "
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
    if assessments:
        lines += _qualitative_markdown(assessments)
    return "\n".join(lines) + "\n"


def run_audit(
    claims: Sequence[Claim] = CLAIMS,
    output: Path | None = DEFAULT_OUTPUT,
    *,
    qualitative: Sequence[QualitativeClaim] = QUALITATIVE,
    strict: bool = False,
    echo: bool = True,
) -> int:
    """Recompute ``claims``, assess ``qualitative``, write the report to ``output``, print
    the summary.

    Returns the exit code: 0, or 1 when ``strict`` and a numeric claim differs or a
    qualitative claim differs (a conditional verdict does not count).
    """
    results = audit(claims)
    assessments = assess_all(qualitative)
    if output is not None:
        output = Path(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        tmp = output.with_name(f".{output.name}.tmp-{os.getpid()}")
        try:
            tmp.write_text(render_markdown(results, assessments), encoding="utf-8")
            os.replace(tmp, output)
        finally:
            tmp.unlink(missing_ok=True)
    if echo:
        where = f" -> {_relative(output)}" if output is not None else ""
        both = summary(results) + (f"; {qualitative_summary(assessments)}" if assessments else "")
        print(both + where)
    failed = not all(r.agrees for r in results) or any(a.differs for a in assessments)
    return 1 if strict and failed else 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "audit",
        help="check the article's claims against the math module; write build/audit.md",
        description="Recompute every numeric claim of the article with the math module and "
        "assess its qualitative claims by computation; write both tables to build/audit.md. "
        "Exits 0 either way unless --strict is given.",
    )
    p.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT,
                   help="report path (default: build/audit.md)")
    p.add_argument("--strict", action="store_true",
                   help="exit 1 when a numeric claim differs or a qualitative claim differs "
                   "(a claim that holds only under a condition does not fail)")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    return run_audit(output=args.output, strict=args.strict)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run_audit())
