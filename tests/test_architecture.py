"""The seam of bot/feature.py kept honest: feature packages import no other feature's handlers,
form no import cycle, the journey imports no other feature, and no module grows past 300 lines.
Read from the source (ast), so a new feature package is covered without listing it here."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

BOT = ROOT / "bot"
# Packages that are not features: the content schema; the journey is the spine (checked below).
NOT_FEATURES = {"content", "__pycache__"}
FEATURES = {p.name for p in BOT.iterdir() if p.is_dir() and p.name not in NOT_FEATURES}


def imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("bot."):
            found += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("bot.")]
    return found


def feature_edges() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {f: set() for f in FEATURES}
    for feature in FEATURES:
        for path in (BOT / feature).glob("*.py"):
            for name in imports(path):
                other = name.split(".")[1]
                if other in FEATURES and other != feature:
                    edges[feature].add(other)
    return edges


def test_no_import_cycle_among_feature_packages() -> None:
    edges = feature_edges()

    def reach(start: str) -> set[str]:
        seen: set[str] = set()
        todo = [start]
        while todo:
            for nxt in edges[todo.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    assert [f for f in sorted(FEATURES) if f in reach(f)] == []


def test_the_journey_imports_no_feature_and_handlers_no_other_handlers() -> None:
    assert feature_edges()["journey"] == set()
    for path in BOT.glob("*/handlers.py"):
        own = path.parent.name
        others = [
            n for n in imports(path) if n.split(".")[-1] == "handlers" and n.split(".")[1] != own
        ]
        assert others == [], path


def test_no_module_over_300_lines() -> None:
    long = {
        str(p.relative_to(ROOT)): n
        for p in BOT.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 300
    }
    assert long == {}


def test_every_feature_package_declares_itself_and_is_registered() -> None:
    from bot.features import FEATURES as REGISTRY

    names = {f.name for f in REGISTRY.features}
    for package in FEATURES:
        assert (BOT / package / "feature.py").is_file(), package
        assert package in names, package
