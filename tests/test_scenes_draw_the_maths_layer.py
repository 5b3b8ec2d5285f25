"""Scenes draw what the maths layer computes: no optimiser, sampler or descent in a scene file.

Read from the scenes' syntax trees, so nothing runs. A scene may not call numpy's random
generator, the standard library's ``random``, ``scipy.optimize``, or one of the maths
layer's descent and sampling routines with settings of its own: it draws the named runs
(:mod:`entropy_explorer.gaussians.two_peaks`, :mod:`entropy_explorer.gradients.runs`,
:func:`entropy_explorer.gaussians.alpha_picture`), whose settings come from
:mod:`entropy_explorer.examples`. The audit's evaluations call the same named runs (checked
here by recording the calls), so a scene cannot draw a run with other settings than the one
the audit checks.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import entropy_explorer.gaussians as gaussians
import entropy_explorer.gradients as gradients
from entropy_explorer.claims import get_qualitative

SCENES = Path(__file__).resolve().parents[1] / "scenes"

#: The maths layer's routines that run a descent or draw samples given settings; scenes
#: call the named runs instead.
RUN_PRIMITIVES = frozenset({
    "descend", "descend_alpha", "alpha_sweep", "alpha_transitions", "alpha_local_minima",
    "descend_logits", "descend_many", "descent_histories", "estimate_batches",
    "estimator_stats", "ppo_estimator_stats", "variance_sweep",
})
#: Modules a scene may not call into at all.
FORBIDDEN_MODULES = ("numpy.random", "random", "scipy.optimize", "scipy.stats")


def _dotted(node: ast.expr) -> str | None:
    """``np.random.default_rng`` for an attribute chain on a name; None otherwise."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return ".".join([node.id, *reversed(parts)])
    return None


def offences(source: str) -> Iterator[tuple[int, str]]:
    """``(line, what)`` for every call in ``source`` that a scene may not make."""
    tree = ast.parse(source)
    aliases: dict[str, str] = {}  # local name -> module or module.name it stands for
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                aliases[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module:
            for a in node.names:
                aliases[a.asname or a.name] = f"{node.module}.{a.name}"
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _dotted(node.func)
        if name is None:
            continue
        head, _, rest = name.partition(".")
        full = aliases.get(head, head) + (f".{rest}" if rest else "")
        if any(full == m or full.startswith(m + ".") for m in FORBIDDEN_MODULES):
            yield node.lineno, full
        elif full.startswith("entropy_explorer.") and full.rsplit(".", 1)[-1] in RUN_PRIMITIVES:
            yield node.lineno, full


@pytest.mark.parametrize("path", sorted(SCENES.glob("*.py")), ids=lambda p: p.stem)
def test_no_scene_runs_an_optimiser_or_draws_samples_itself(path: Path) -> None:
    found = list(offences(path.read_text(encoding="utf-8")))
    assert found == [], f"{path.name} calls {found}: use a named run of the maths layer"


def test_the_scene_check_can_fail() -> None:
    source = '''
import numpy as np
import random
from scipy.optimize import minimize
from entropy_explorer import gaussians
from entropy_explorer.gaussians import descend_alpha as fit
from entropy_explorer.gradients import estimator_stats, section10_paths

def setup(self):
    rng = np.random.default_rng(3)
    random.random()
    minimize(f, x0)
    gaussians.descend("forward", T, 1.0, 0.7, tol=1e-4)
    fit(0.5, T, 1.0, 0.7, tol=1e-4)
    estimator_stats("forward", p, z, batch_size=8, n_batches=9, rng=rng)
    section10_paths()
    np.linspace(0, 1, 5)
'''
    found = [what for _, what in offences(source)]
    assert found == ["numpy.random.default_rng", "random.random", "scipy.optimize.minimize",
                     "entropy_explorer.gaussians.descend", "entropy_explorer.gaussians.descend_alpha",
                     "entropy_explorer.gradients.estimator_stats"]


# ------------------------------------------------ the audit checks the runs the scenes draw
class Recorder:
    """Wraps a named run and counts its calls."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        self.fn, self.calls = fn, 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return self.fn(*args, **kwargs)


@pytest.mark.parametrize(("claim_id", "module", "run"), [
    ("task.alpha_interpolates", gaussians, "alpha_fits"),
    ("task.sharpen_then_forward", gradients, "task_distill_run"),
    ("forward.mode_covering", gaussians, "descent_ends"),
    ("reverse.mode_seeking", gaussians, "descent_ends"),
])
def test_the_audit_checks_the_named_run_a_scene_draws(monkeypatch: pytest.MonkeyPatch,
                                                      claim_id: str, module: Any, run: str) -> None:
    rec = Recorder(getattr(module, run))
    monkeypatch.setattr(module, run, rec)
    get_qualitative(claim_id).evaluate()
    assert rec.calls >= 1, f"{claim_id} computes its own run instead of {run}()"


def test_the_scenes_draw_the_named_runs_the_audit_checks() -> None:
    """Which scene draws which audited run (so moving a scene off a named run fails here)."""
    called: dict[str, set[str]] = {}
    for path in SCENES.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                called.setdefault(node.func.id, set()).add(path.stem[:3])
    assert {"s14"} <= called["alpha_picture"]
    assert {"s18"} <= called["alpha_fits"]
    assert {"s14"} <= called["task_distill_run"]
    assert {"s10", "s17", "s20"} <= called["section10_paths"]
    assert {"s12", "s18"} <= called["blind_spot_batches"]
