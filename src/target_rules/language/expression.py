"""The expression language of ratio targets: a safe subset of Python arithmetic, parsed once.

An Expression is parsed and checked when the rules load (only the nodes and functions below are
allowed, only numbers as constants); evaluation later never parses text.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from typing import Any

from simpleeval import SimpleEval

__all__ = ["Expression", "ExpressionError"]

_FUNCTIONS: dict[str, Callable[..., Any]] = {"min": min, "max": max, "abs": abs, "round": round}
_ALLOWED_NODES = (
    ast.Expression,
    ast.Expr,
    ast.BinOp,
    ast.UnaryOp,
    ast.BoolOp,
    ast.Compare,
    ast.Constant,
    ast.Name,
    ast.Load,
    ast.Call,
    ast.operator,
    ast.unaryop,
    ast.boolop,
    ast.cmpop,
)


class ExpressionError(ValueError):
    pass


class Expression:
    """A simpleeval expression parsed once; ``names`` are the metrics it reads."""

    __slots__ = ("_evaluator", "names", "text", "tree")

    def __init__(self, text: str) -> None:
        self.text = text
        if len(text) > 1000:
            raise ExpressionError("expression longer than 1000 characters")
        try:
            self.tree = SimpleEval.parse(text)
        except SyntaxError as exc:
            raise ExpressionError(f"syntax error in expression {text!r}: {exc.msg}") from None
        names: list[str] = []
        for node in ast.walk(self.tree):
            if not isinstance(node, _ALLOWED_NODES):
                raise ExpressionError(f"{type(node).__name__} is not allowed in an expression")
            if isinstance(node, ast.Call):
                if not isinstance(node.func, ast.Name) or node.func.id not in _FUNCTIONS:
                    raise ExpressionError(f"only the functions {sorted(_FUNCTIONS)} may be called")
            elif isinstance(node, ast.Name) and node.id not in _FUNCTIONS and node.id not in names:
                names.append(node.id)
            elif isinstance(node, ast.Constant) and not isinstance(node.value, int | float):
                raise ExpressionError(f"only numbers may appear as constants, found {node.value!r}")
        self.names = tuple(names)
        self._evaluator = SimpleEval(functions=_FUNCTIONS)

    def __call__(self, values: Mapping[str, float]) -> Any:
        self._evaluator.names = values
        return self._evaluator.eval(self.text, previously_parsed=self.tree)
