"""Every Problem's message comes from the catalog: no sentence written inline in src/.

Walks the source of src/target_rules for calls that build a Problem (``Problem(...)``, a subclass,
``doc.problem(...)``, the checkers' ``add``/``warn``/``error``) and fails on a first argument that is
a string literal or an f-string, which would be English only.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "target_rules"
# engine/kernel.py's ``add`` writes generated source lines, not problems. Every other module speaks
# through the catalog: there is no allow-list of English-only modules any more.
NOT_PROBLEMS = {"engine/kernel.py"}
BUILDERS = {"Problem", "ImportProblem", "problem", "add", "warn", "error", "bad", "_placed_problem"}


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _literal(node: ast.expr) -> bool:
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return " " in node.value.strip()  # a sentence; a lone name ("UTF-8") is no language
    if isinstance(node, ast.BinOp):
        return _literal(node.left) or _literal(node.right)
    if isinstance(node, ast.IfExp):
        return _literal(node.body) or _literal(node.orelse)
    return False


def loose_messages() -> list[str]:
    out = []
    for path in sorted(SRC.rglob("*.py")):
        if str(path.relative_to(SRC)) in NOT_PROBLEMS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _name(node.func) not in BUILDERS:
                continue
            args = list(node.args[1:2]) if _name(node.func) in ("add", "bad") else list(node.args[:1])
            args += [kw.value for kw in node.keywords if kw.arg in ("message", "hint", "expected")]
            if any(_literal(a) for a in args):
                out.append(f"{path.relative_to(SRC)}:{node.lineno}")
    return out


def test_every_problem_message_comes_from_the_catalog():
    assert loose_messages() == []
