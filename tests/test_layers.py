"""The layout is the architecture: imports run one way, and every package the code imports is declared.

Read from the source with ``ast`` (no import runs), so a lazy import inside a
function counts as much as one at the top of a module.
"""

from __future__ import annotations

import ast
import functools
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "portfolio"

#: What each layer may import from this package (besides itself); the CLI may import anything.
ALLOWED: dict[str, set[str]] = {
    "system": {"errors", "model.findings"},
    "model": {"errors", "system"},
    "templating": set(),
    "errors": {"model.findings"},
    "site": {"errors", "model", "system", "templating"},
    "reflect": {"errors", "model", "system", "templating"},
    "authoring": {"errors", "model", "system", "templating"},
    "importers": {"errors", "model", "system", "templating"},
}


def layer_of(module: str) -> str:
    """``portfolio.model.entries`` -> ``model``; ``portfolio.cli`` -> ``cli``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


@functools.cache
def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        name = ".".join(rel.parts).removesuffix(".__init__")
        found[name] = path
    return found


@functools.cache
def imports_of(path: Path) -> list[tuple[str, int, list[str]]]:
    """``(module, line, imported names)`` of every import statement, relative ones made absolute."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((module, node.lineno, [alias.name for alias in node.names]))
    return found


def test_the_layers_import_only_downwards() -> None:
    wrong = []
    for name, path in modules().items():
        layer = layer_of(name)
        if layer in ("cli", "__main__", ""):
            continue
        allowed = ALLOWED[layer] | {layer}
        for module, line, _ in imports_of(path):
            if not module.startswith("portfolio.") or module == "portfolio":
                continue
            target = module.removeprefix("portfolio.")
            if not any(target == ok or target.startswith(ok + ".") for ok in allowed):
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {layer} imports {module}")
    assert wrong == []


def test_only_the_engine_modules_import_an_engine() -> None:
    wrong = []
    for name, path in modules().items():
        for module, line, _ in imports_of(path):
            top = module.split(".")[0]
            if top in ("mkdocs", "material", "zensical") and not name.startswith("portfolio.site.engines."):
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line}: imports {module}")
    assert wrong == []


def test_no_module_imports_another_modules_private_names() -> None:
    wrong = []
    for name, path in modules().items():
        for module, line, names in imports_of(path):
            if module.startswith("portfolio") and module != name:
                wrong += [
                    f"{path.relative_to(PACKAGE.parent)}:{line}: {module}.{n}"
                    for n in names
                    if n.startswith("_") and not n.startswith("__")
                ]
    assert wrong == []


@pytest.mark.slow
def test_every_package_the_code_imports_is_declared() -> None:
    """ghp-import arrived only through MkDocs once; now every import has a line in pyproject.toml."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    project = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_normal(spec) for spec in project["dependencies"]}
    optional = {_normal(spec) for specs in project.get("optional-dependencies", {}).values() for spec in specs}
    distributions = packages_distributions()
    stdlib = set(sys.stdlib_module_names)
    missing = []
    for path in modules().values():
        for module, line, _ in imports_of(path):
            top = module.split(".")[0]
            if not top or top == "portfolio" or top in stdlib:
                continue
            owners = {_normal(d) for d in distributions.get(top, [])} or {_normal(top)}  # not installed here (tomli on 3.11+)
            if not owners & (declared | optional) and not distributions.get(top):
                missing.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {module} is installed by no distribution")
            elif not owners & (declared | optional):
                missing.append(
                    f"{path.relative_to(PACKAGE.parent)}:{line}: {module} comes from {sorted(owners)}, which pyproject.toml does not declare"
                )
    assert missing == []


def _normal(spec: str) -> str:
    name = spec.split(";")[0]
    for mark in "<>=!~[ ":
        name = name.split(mark)[0]
    return name.strip().lower().replace("_", "-").replace(".", "-")


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_each_layer_exists(layer: str) -> None:
    """A positive control: the rules above speak of real modules."""
    assert any(layer_of(name) == layer for name in modules())
