"""Project configuration: ``[tool.target-rules]`` in pyproject.toml, or a ``target-rules.toml``.

Found by walking up from the working directory, like ruff and pytest find theirs, so inside a rules
repository ``target-rules lint`` and ``target-rules test`` need no arguments::

    [tool.target-rules]            # in target-rules.toml the table is the whole file, no header
    rules = ["rules"]              # rule files or directories, relative to this file
    year = 108                     # default plan year (in the plan's calendar) for evaluate, validate, report, template
    lang = "zh"                    # language of text output: zh or en
    ignore = ["no_english_label"]  # lint warning codes never reported (errors cannot be ignored)

Command-line options always win over the file. A malformed file is a usage error (exit 2) with the
file and the key, never a traceback. This module also names the project's public home, the one place
the URLs of the JSON Schemas and the documentation are built from.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from target_rules.errors import Problem, RuleError
from target_rules.messages import LANGS, Code, Message, say
from target_rules.suggest import did_you_mean

__all__ = [
    "CONFIG_FILE",
    "KEYS",
    "PROJECT_URL",
    "RAW_URL",
    "Config",
    "find_config",
    "load_config",
]

# The project's public home. Schema $ids and documentation links derive from it; change it here only.
PROJECT_URL = "https://github.com/target-rules/target-rules"
RAW_URL = "https://raw.githubusercontent.com/target-rules/target-rules/main"

CONFIG_FILE = "target-rules.toml"
KEYS = ("rules", "year", "lang", "ignore")


@dataclass(frozen=True)
class Config:
    """Settings from a project file; ``file`` is None when no file was found (all defaults)."""

    file: Path | None = None
    rules: list[str] = field(default_factory=list)  # absolute or relative to the working directory
    year: int | None = None
    lang: str | None = None
    ignore: frozenset[str] = frozenset()


def find_config(start: str | Path | None = None) -> Path | None:
    """The nearest target-rules.toml, or pyproject.toml with a [tool.target-rules] table, at or above
    ``start`` (default: the working directory). A target-rules.toml wins over pyproject.toml in the
    same directory."""
    here = Path(start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        own = d / CONFIG_FILE
        if own.is_file():
            return own
        py = d / "pyproject.toml"
        if py.is_file() and _has_table(py):
            return py
    return None


def _has_table(pyproject: Path) -> bool:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(data.get("tool"), dict) and "target-rules" in data["tool"]


def load_config(start: str | Path | None = None) -> Config:
    """The configuration that applies at ``start``; RuleError (exit 2) when the file is malformed."""
    path = find_config(start)
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError([Problem(say("config.read", detail=str(exc)), file=str(path))]) from None
    except tomllib.TOMLDecodeError as exc:
        raise RuleError([Problem(say("config.toml", detail=str(exc)), file=str(path))]) from None
    table = data if path.name == CONFIG_FILE else data["tool"]["target-rules"]
    prefix = "" if path.name == CONFIG_FILE else "tool.target-rules."
    problems: list[Problem] = []

    def bad(key: str, expected: Message, value: object, hint: str | None = None) -> None:
        problems.append(
            Problem(
                say(Code.CONFIG, key=f"{prefix}{key}", expected=expected),
                file=str(path),
                expected=expected,
                found=repr(value),
                hint=hint,
            )
        )

    if not isinstance(table, dict):
        bad("", say("ui.config.table"), table)
        raise RuleError(problems)
    for key in table:
        if key not in KEYS:
            bad(key, say("ui.one_of", choices=", ".join(KEYS)), key, did_you_mean(key, KEYS))
    rules = table.get("rules", [])
    if isinstance(rules, str):
        rules = [rules]
    if not isinstance(rules, list) or not all(isinstance(r, str) and r for r in rules):
        bad("rules", say("ui.config.paths"), rules)
        rules = []
    year = table.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int) or year < 1):
        bad("year", say("ui.config.year"), year)
        year = None
    lang = table.get("lang")
    if lang is not None and lang not in LANGS:
        bad("lang", say("ui.config.lang"), lang, did_you_mean(str(lang), LANGS))
        lang = None
    ignore = table.get("ignore", [])
    if not isinstance(ignore, list) or not all(isinstance(c, str) for c in ignore):
        bad("ignore", say("ui.config.codes"), ignore)
        ignore = []
    if problems:
        raise RuleError(problems)
    root = path.parent
    return Config(
        file=path,
        rules=[_relative(root / r) for r in rules],
        year=year,
        lang=lang,
        ignore=frozenset(ignore),
    )


def _relative(p: Path) -> str:
    """``p`` relative to the working directory when inside it: shorter, clickable diagnostics."""
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)
