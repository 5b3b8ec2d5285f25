"""The shape of the code: imports run one way, and the pipeline is three layers.

Read from the import statements of every module under ``src/entropy_explorer`` (all of
them, inside functions too), so nothing runs. Fails on an import circle; on a pipeline
layer importing a higher one (leaves < steps < targets, the build layer); on the
pipeline importing the quality checks (the command line hands the build layer the one
it calls); on maths importing manim; on an
import inside a function in the pipeline or the CLI (the old way of dodging a circle);
and on a private name taken from another project module.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "entropy_explorer"
LAYERS = {"leaves": 0, "steps": 1, "targets": 2}
#: The maths floor and the data under it, by the first name under the package: a package
#: (``gaussians``, ``gradients``, ``claims``) counts with every module in it.
MATHS = {"infotheory", "gaussians", "gradients", "claims", "examples", "numbers", "sections",
         "teachers", "theme"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports(path: Path) -> Iterator[tuple[str, list[str], bool, int]]:
    """(module imported, names taken, inside a function?, line) for each import."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    functions = {id(n) for f in ast.walk(tree) if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)
                 for n in ast.walk(f) if n is not f}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, [], id(node) in functions, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [a.name for a in node.names]
            for name in names:  # "from entropy_explorer.pipeline.leaves import procs"
                if f"{node.module}.{name}" in MODULES:
                    yield f"{node.module}.{name}", [], id(node) in functions, node.lineno
            yield node.module, names, id(node) in functions, node.lineno


def project_edges() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for name, path in MODULES.items():
        for target, _names, _inside, _line in imports(path):
            if target in MODULES and target != name:
                graph[name].add(target)
    return graph


def find_circle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.get(parts[2]) if len(parts) > 2 and parts[1] == "pipeline" else None


def test_there_is_no_import_circle() -> None:
    assert find_circle(project_edges()) is None


def test_the_circle_check_can_fail() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}
    assert find_circle(graph) == ["a", "b", "c", "a"]


def test_the_pipeline_imports_only_downward() -> None:
    upward = [(a, b) for a, targets in project_edges().items() for b in targets
              if layer(a) is not None and layer(b) is not None and layer(b) > layer(a)]  # type: ignore[operator]
    assert upward == []
    # the package root and each layer's __init__ import nothing of the pipeline
    for init in ("entropy_explorer.pipeline", *(f"entropy_explorer.pipeline.{x}" for x in LAYERS)):
        assert not project_edges()[init], init


def test_the_pipeline_never_imports_the_quality_checks() -> None:
    edges = project_edges()
    callers = {(a, b) for a, targets in edges.items() for b in targets
               if b.startswith("entropy_explorer.quality") and a.startswith("entropy_explorer.pipeline")}
    assert callers == set()  # the command line hands the build layer the numbers check
    # and the quality checks use nothing of the pipeline but its leaves
    above = {(a, b) for a, targets in edges.items() if a.startswith("entropy_explorer.quality")
             for b in targets if b.startswith("entropy_explorer.pipeline") and layer(b) != 0}
    assert above == set()


def test_scenes_maths_and_look_never_import_the_pipeline_or_quality() -> None:
    for name, targets in project_edges().items():
        short = name.split(".")[1] if "." in name else name
        if short in MATHS or short in ("scene", "layers", "mobjects"):
            assert not {t for t in targets if ".pipeline" in t or ".quality" in t}, name
    computing = MATHS - {"sections", "theme", "numbers", "examples"}
    checked = [m for m in MODULES if short_name(m) in computing]
    assert {"entropy_explorer.gaussians.kl", "entropy_explorer.gradients.runs"} <= set(checked)
    for name in checked:
        assert not [t for t, *_ in imports(MODULES[name]) if t.split(".")[0] == "manim"], name


def short_name(module: str) -> str:
    """``gaussians`` for ``entropy_explorer.gaussians.kl``: the room a module lives in."""
    return module.split(".")[1] if "." in module else module


def test_the_maths_imports_only_the_maths() -> None:
    """No module of the maths floor imports a scene helper, a mobject or the pipeline."""
    for name, targets in project_edges().items():
        if short_name(name) in MATHS:
            above = {t for t in targets if short_name(t) not in MATHS and t != "entropy_explorer"}
            assert not above, f"{name} imports {sorted(above)}"


@pytest.mark.parametrize("name", sorted(m for m in MODULES if ".pipeline" in m or m.endswith(".cli")))
def test_no_import_inside_a_function_and_no_private_names(name: str) -> None:
    for target, names, inside, line in imports(MODULES[name]):
        if target.startswith("entropy_explorer"):
            assert not inside, f"{name}:{line} imports {target} inside a function"
            private = [n for n in names if n.startswith("_")]
            assert not private, f"{name}:{line} takes private {private} from {target}"
