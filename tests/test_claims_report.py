"""The audit report (``build/audit.md``) row for row, and its tables read back.

``tests/control_data/audit.md`` is the report as the code before the claims package was
split wrote it (``entropy-explorer audit -o tests/control_data/audit.md``). A refactor of
the claims, the experiments or the maths must leave it unchanged, row for row; a deliberate
change of a claim, an example or a rule regenerates it with that command (and the diff is
reviewed). Independently of that reference, the tables are parsed and each row is checked
against the claim it names: the numeric rows' verdicts are re-derived from their own
article and computed cells, and every qualitative row's decisive figures are the
assessment's.
"""

from __future__ import annotations

import math
import re
from functools import cache
from pathlib import Path

import pytest
from markdown_tables import Table, parse_tables

from entropy_explorer.claims import CLAIMS, QUALITATIVE, assess, assess_all, audit
from entropy_explorer.quality.audit import render_markdown

REFERENCE = Path(__file__).parent / "control_data" / "audit.md"


@cache
def report() -> str:
    return render_markdown(audit(), assess_all())


_ROUND_OFF = re.compile(r"agrees within (\S+)")


def _without_round_off(line: str) -> str:
    """A numeric row whose verdict is ``agrees within T`` with its computed cell blanked when
    that cell is itself within T: the residue of an identity (1e-17 from a matrix product,
    1e-8 from an optimiser) is floating-point round-off, which differs between processors
    (the BLAS kernel chosen at run time); the verdict it gives is still compared."""
    cells = re.split(r"(?<!\\)\|", line)
    if len(cells) != 9 or not (m := _ROUND_OFF.fullmatch(cells[6].strip())):
        return line
    if abs(_number(cells[5])) <= float(m.group(1)):
        cells[5] = " (round-off) "
    return "|".join(cells)


def test_the_report_is_unchanged_row_for_row() -> None:
    now = [_without_round_off(x) for x in report().splitlines()]
    before = [_without_round_off(x) for x in REFERENCE.read_text(encoding="utf-8").splitlines()]
    changed = [(i + 1, b, n) for i, (b, n) in enumerate(zip(before, now, strict=False)) if b != n]
    assert not changed, "first changed line {}:\nbefore: {}\nnow:    {}".format(*changed[0])
    assert len(now) == len(before)


def _tables() -> tuple[Table, Table]:
    tables = parse_tables(report())
    assert len(tables) == 2
    return tables[0], tables[1]


def _number(cell: str) -> float:
    """An article or computed cell: ``≈ 2.18``, ``∞``, ``0.0`` (an identity's formula is
    ``H(P) = 1.36``: its value follows the last ``=``)."""
    text = cell.split("=")[-1].replace("≈", "").strip()
    return math.inf if text == "∞" else float(text)


def test_every_numeric_row_is_its_claim_and_its_verdict_follows_from_its_cells() -> None:
    numeric, _ = _tables()
    assert len(numeric.rows) == len(CLAIMS)
    for row, claim in zip(numeric.rows, CLAIMS, strict=True):
        cells = dict(zip(numeric.header, row, strict=True))
        assert cells["#"] == str(CLAIMS.index(claim) + 1)
        assert f"(`{claim.id}`)" in cells["Claim"]
        assert cells["Where"].startswith(f"§{claim.section} ")
        stated, computed = _number(cells["Article"]), _number(cells["Computed"])
        verdict = cells["Verdict"]
        if math.isinf(stated) or math.isinf(computed):
            assert verdict.startswith("agrees") == (stated == computed), claim.id
        elif m := re.fullmatch(r"agrees to (\d+) decimals?", verdict):
            assert abs(computed - stated) <= 0.5 * 10.0 ** -int(m.group(1)) + 1e-12, claim.id
        elif verdict == "agrees to the nearest whole number":
            assert abs(computed - stated) <= 0.5, claim.id
        elif verdict == "**DIFFERS**":
            # the article states two decimals; the computed cell shows four
            assert abs(computed - stated) > 0.005, claim.id
        else:
            assert verdict.startswith("agrees"), (claim.id, verdict)


@pytest.mark.parametrize("index", range(len(QUALITATIVE)))
def test_every_qualitative_row_shows_its_assessment(index: int) -> None:
    _, qualitative = _tables()
    claim = QUALITATIVE[index]
    cells = dict(zip(qualitative.header, qualitative.rows[index], strict=True))
    a = assess(claim.id)
    assert cells["#"] == f"Q{index + 1}" and f"(`{claim.id}`)" in cells["Claim"]
    assert cells["Verdict"].replace("*", "").startswith(a.verdict)
    if a.conditional:
        assert cells["Verdict"].endswith(a.condition)
    decided = cells["Evidence (computed)"].rsplit("Decided by: ", 1)[1].rstrip(".")
    shown = dict(part.split(" = ", 1) for part in decided.split(", ") if " = " in part)
    for figure in a.decisive:
        assert figure.name in shown, (claim.id, figure.name)
        text = shown[figure.name].split(" ")[0]
        value = float(text.replace("∞", "inf"))
        assert value == pytest.approx(figure.value, rel=5e-3, abs=1e-12), (claim.id, figure.name)


def test_the_rules_write_the_finding_from_the_figures_an_experiment_returns() -> None:
    """Sample efficiency: the experiment returns figures and facts only; the sentence is
    the words', and changes with the figures it is given."""
    from dataclasses import replace

    from entropy_explorer.claims.experiments.logit_descent import measure_sample_efficiency
    from entropy_explorer.claims.verdicts import Figure
    from entropy_explorer.claims.words import sample_efficiency_words

    found = measure_sample_efficiency()
    assert not any(isinstance(v, str) and " " in v for v in found.facts.values())
    finding, _ = sample_efficiency_words(found)
    assert finding == assess("efficiency.forward_sample_efficient").finding
    doubled = replace(found, figures=tuple(
        Figure(f.name, 2 * f.value, f.unit, f.what) if f.name == "samples_forward" else f
        for f in found.figures))
    assert f"median {2 * found['samples_forward']:.0f} samples" in sample_efficiency_words(doubled)[0]


#: Experiment modules whose evaluators return findings only (claims.words writes their sentences).
WORDLESS = ("two_peaks", "ppo", "task", "logit_descent", "pushes", "magnitude", "variance")


def test_every_experiment_module_is_wordless_and_has_its_words_module() -> None:
    import entropy_explorer.claims.experiments as ex
    import entropy_explorer.claims.words as words

    parts = {p.stem for p in Path(ex.__file__).parent.glob("*.py")} - {"__init__"}
    assert parts == set(WORDLESS)
    assert parts == {p.stem for p in Path(words.__file__).parent.glob("*.py")} - {"__init__"}


def test_the_old_import_names_of_the_words_still_work() -> None:
    import entropy_explorer.claims.rules as rules
    import entropy_explorer.claims.words as words

    names = [n for n in words.__all__ if n.endswith("_words")]
    assert names and all(getattr(rules, n) is getattr(words, n) for n in names
                         if n in rules.__all__)
    assert {n for n in rules.__all__ if n.endswith("_words")} == set(names)


@pytest.mark.parametrize("module", WORDLESS)
def test_these_experiments_write_no_sentences(module: str) -> None:
    """No f-string outside a Figure(...) call (a figure's name and label are not prose)."""
    import ast

    import entropy_explorer.claims.experiments as ex

    path = Path(ex.__file__).with_name(f"{module}.py")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inside = {id(n) for c in ast.walk(tree) if isinstance(c, ast.Call)
              and getattr(c.func, "id", "") == "Figure" for n in ast.walk(c)}
    prose = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) and id(n) not in inside]
    assert prose == [], f"{module}.py writes sentences at lines {prose}: move them to rules"
