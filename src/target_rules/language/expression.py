"""The expression language of ratio targets: a safe subset of Python arithmetic, parsed once.

An Expression is parsed and checked when the rules load, so ``evaluate`` never meets one it cannot
run: only the nodes, operators and functions below (with their arity), only numbers within
MAX_CONSTANT as constants, ``**`` only to a small constant power, and bounded size and nesting (the
limits are the constants just below, in the style of simpleeval's MAX_POWER). Evaluation later
never parses text; arithmetic that still cannot be done (a division by zero) is the caller's
"undefined", and a consistency check that cannot be computed does not hold or fail: it is skipped.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Mapping
from typing import Any

from simpleeval import DEFAULT_OPERATORS, SimpleEval

from target_rules.quantities import MAX_MAGNITUDE

__all__ = [
    "MAX_CONSTANT",
    "MAX_DEPTH",
    "MAX_EXPRESSION_CHARS",
    "MAX_NODES",
    "MAX_POWER",
    "Expression",
    "ExpressionError",
]

MAX_EXPRESSION_CHARS = 1000  # text length
MAX_NODES = 200  # syntax-tree nodes: a sum of about 60 metrics
MAX_DEPTH = 32  # nesting of operations and parentheses (evaluation recursion stays far from Python's)
MAX_POWER = 10  # ``x ** n`` only for a constant ``n`` with |n| <= MAX_POWER
MAX_CONSTANT = MAX_MAGNITUDE  # the largest number that may be written in an expression

# name -> (function, fewest arguments, most arguments)
_FUNCTIONS: dict[str, tuple[Callable[..., Any], int, int]] = {
    "min": (min, 2, 20),
    "max": (max, 2, 20),
    "abs": (abs, 1, 1),
    "round": (round, 1, 2),
}
_BINOPS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow)
_UNARYOPS = (ast.UAdd, ast.USub, ast.Not)
_CMPOPS = (ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq)
_ALLOWED_NODES = (
    ast.Expression,
    ast.BinOp,
    ast.UnaryOp,
    ast.BoolOp,
    ast.Compare,
    ast.Constant,
    ast.Name,
    ast.Load,
    ast.Call,
    ast.And,
    ast.Or,
    *_BINOPS,
    *_UNARYOPS,
    *_CMPOPS,
)
_SYMBOL = {
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitAnd: "&",
    ast.BitOr: "|",
    ast.BitXor: "^",
    ast.MatMult: "@",
    ast.Invert: "~",
    ast.In: "in",
    ast.NotIn: "not in",
    ast.Is: "is",
    ast.IsNot: "is not",
    ast.IfExp: "... if ... else ...",
    ast.Attribute: "attribute access (.)",
    ast.Subscript: "indexing ([])",
    ast.keyword: "keyword arguments",
    ast.Starred: "*arguments",
    ast.Lambda: "lambda",
}


def _power(base: float, exponent: float) -> float:
    """``**`` for checked expressions: the exponent is a small constant (MAX_POWER), so simpleeval's
    own guard (which refuses any base above 4,000,000) is not needed; an overflow is infinity."""
    try:
        result: float = base**exponent
        return result
    except OverflowError:
        return math.inf


_OPERATORS = {**DEFAULT_OPERATORS, ast.Pow: _power}


class ExpressionError(ValueError):
    """An expression the language does not allow; ``column`` is 1-based within the text, if known."""

    def __init__(self, message: str, column: int | None = None) -> None:
        super().__init__(message if column is None else f"{message} (at character {column})")
        self.column = column


def _depth(tree: ast.AST) -> int:
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, d = stack.pop()
        deepest = max(deepest, d)
        stack.extend((child, d + 1) for child in ast.iter_child_nodes(node))
    return deepest


def _check(tree: ast.AST, text: str) -> tuple[str, ...]:
    names: list[str] = []
    count = 0
    called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    for node in ast.walk(tree):
        count += 1
        col = getattr(node, "col_offset", None)
        col = None if col is None else col + 1
        if count > MAX_NODES:
            raise ExpressionError(f"expression has more than {MAX_NODES} parts; split it or simplify it")
        if not isinstance(node, _ALLOWED_NODES):
            what = _SYMBOL.get(type(node), type(node).__name__)
            raise ExpressionError(
                f"{what} is not allowed in an expression (allowed: + - * / // % **, comparisons, and, or, "
                f"not, {', '.join(_FUNCTIONS)})",
                col,
            )
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in _FUNCTIONS:
                raise ExpressionError(f"only the functions {', '.join(_FUNCTIONS)} may be called", col)
            _, low, high = _FUNCTIONS[node.func.id]
            n = len(node.args)
            if not low <= n <= high or node.keywords:
                want = f"{low}" if low == high else f"{low} to {high}"
                raise ExpressionError(f"{node.func.id}() takes {want} arguments, found {n}", col)
            if node.func.id == "round" and n == 2:
                digits = node.args[1]
                if not (
                    isinstance(digits, ast.Constant) and type(digits.value) is int and 0 <= digits.value <= 12
                ):
                    raise ExpressionError("round(x, n) needs n to be a whole number from 0 to 12", col)
        elif isinstance(node, ast.Name) and id(node) not in called:
            if node.id in _FUNCTIONS:
                raise ExpressionError(f"{node.id} is a function: call it, as in {node.id}(a, b)", col)
            if node.id not in names:
                names.append(node.id)
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, int | float):
                raise ExpressionError(f"only numbers may appear as constants, found {node.value!r}", col)
            if not abs(node.value) <= MAX_CONSTANT:
                raise ExpressionError(f"the constant {node.value!r} is larger than {MAX_CONSTANT:.0e}", col)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            power = node.right
            if isinstance(power, ast.UnaryOp) and isinstance(power.op, ast.USub | ast.UAdd):
                power = power.operand
            if not (
                isinstance(power, ast.Constant) and type(power.value) is int and abs(power.value) <= MAX_POWER
            ):
                where = getattr(node.right, "col_offset", None)
                raise ExpressionError(
                    f"** needs a whole-number constant power from -{MAX_POWER} to {MAX_POWER}",
                    None if where is None else where + 1,
                )
    if _depth(tree) > MAX_DEPTH:
        raise ExpressionError(f"expression is nested more than {MAX_DEPTH} levels deep")
    return tuple(names)


class Expression:
    """A simpleeval expression parsed and checked once; ``names`` are the metrics it reads."""

    __slots__ = ("_evaluator", "logic", "names", "text", "tree")

    def __init__(self, text: str) -> None:
        if not isinstance(text, str):
            raise ExpressionError(f"an expression must be text, found {type(text).__name__}")
        self.text = text
        if len(text) > MAX_EXPRESSION_CHARS:
            raise ExpressionError(f"expression longer than {MAX_EXPRESSION_CHARS} characters")
        if "\n" in text.strip() or "\r" in text:
            raise ExpressionError("an expression is written on one line")
        try:
            self.tree = ast.parse(text.strip(), mode="eval")
        except SyntaxError as exc:
            raise ExpressionError(f"syntax error in expression {text!r}: {exc.msg}", exc.offset) from None
        except (ValueError, RecursionError, MemoryError):
            raise ExpressionError(f"expression {text[:40]!r} cannot be read") from None
        self.names = _check(self.tree, text)
        body = self.tree.body
        self.logic = isinstance(body, ast.Compare | ast.BoolOp) or (
            isinstance(body, ast.UnaryOp) and isinstance(body.op, ast.Not)
        )
        self._evaluator = SimpleEval(
            operators=_OPERATORS, functions={k: f for k, (f, _, _) in _FUNCTIONS.items()}
        )

    def __call__(self, values: Mapping[str, float]) -> Any:
        """The value for ``values``. A division by zero raises ZeroDivisionError (the caller's
        "undefined"); an overflow gives infinity, which callers treat as undefined too. A
        consistency check (a comparison) that cannot be computed counts as holding: it is not
        evidence of inconsistent figures."""
        self._evaluator.names = values
        try:
            return self._evaluator.eval(self.text, previously_parsed=self.tree.body)
        except OverflowError:
            if self.logic:
                return True
            return float("inf")
        except ZeroDivisionError:
            if self.logic:
                return True
            raise
