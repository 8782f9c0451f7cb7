"""argparse in the reader's language: the parser and help formatter every command is built with.

argparse writes its own words through gettext (``_('usage: ')``, ``_('options')``, its error
messages), which would need compiled .mo files and a process-wide textdomain. Instead the words it
lets a caller choose are chosen here from the catalog (target_rules.messages): the usage prefix
(``HelpFormatter.add_usage``'s ``prefix``), the two group titles, the help of ``-h`` and ``--version``
(added by us, not by ``add_help``). The error messages it builds itself reach us only as finished
English sentences in ``ArgumentParser.error``; ARGPARSE_WORDS reads them back into catalog keys by
pattern. Those sentences have been stable from Python 3.11 to 3.14 (3.12.8 stopped quoting the choices
of 'invalid choice', 3.14 may add ', maybe you meant ...'; the patterns take both); a sentence a
future argparse words differently is shown as argparse wrote it, never dropped, and
tests/cli/test_clerk_reads_chinese.py fails on the ones we know.

This module is not a command (it defines no NAME), so the command discovery in cli/__init__ skips it.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from typing import Any, NoReturn

from target_rules.messages import Message, current_language, render, text_in
from target_rules.suggest import did_you_mean

__all__ = [
    "ARGPARSE_WORDS",
    "Formatter",
    "Parser",
    "counted",
    "help_text",
    "localise_argparse",
    "phrase",
    "spoken",
]


def phrase(key: str, **args: Any) -> str:
    """The catalog sentence ``key`` in the current language (descriptions, epilogs, one-line errors)."""
    return render(key, current_language(), args)


def spoken(value: object) -> str:
    """``value`` in the current language when it is a catalog Message (a hint, a problem's detail)."""
    return str(text_in(value, current_language()))


def counted(**counts: int) -> dict[str, Any]:
    """Counts for a catalog summary: ``errors=2`` gives ``errors`` (2, for zh, which has no plural)
    and ``errors_en`` ("2 errors"; "1 error")."""
    out: dict[str, Any] = dict(counts)
    for name, n in counts.items():
        out[f"{name}_en"] = f"{n} {name if n != 1 else name.removesuffix('s')}"
    return out


def help_text(key: str, **args: Any) -> str:
    """An option's help from the catalog: argparse %-formats help strings, so a ``%`` is doubled."""
    return phrase(key, **args).replace("%", "%%")


# argparse's error sentences (Python 3.11 to 3.14) -> (catalog key, the placeholder whose text is itself
# an argparse sentence, or None). The captured text (option names, the value typed, the choices) is
# kept as argparse quoted it: it is what the user typed or must type.
ARGPARSE_WORDS: list[tuple[re.Pattern[str], str, str | None]] = [
    (re.compile(r"argument (?P<name>.+?): (?P<message>.*)", re.S), "ui.cli.argument", "message"),
    (
        re.compile(
            r"invalid choice: (?P<value>.*?)(?:, maybe you meant .*?\?)? \(choose from (?P<choices>.*)\)",
            re.S,
        ),
        "ui.cli.invalid_choice",
        None,
    ),
    (re.compile(r"invalid (?P<type>\S+) value: (?P<value>.*)", re.S), "ui.cli.invalid_value", None),
    (re.compile(r"expected one argument"), "ui.cli.expected_one", None),
    (re.compile(r"expected at most one argument"), "ui.cli.expected_at_most_one", None),
    (re.compile(r"expected at least one argument"), "ui.cli.expected_at_least_one", None),
    (re.compile(r"expected (?P<n>\d+) arguments?"), "ui.cli.expected_n", None),
    (re.compile(r"unrecognized arguments: (?P<args>.*)", re.S), "ui.cli.unrecognized", None),
    (re.compile(r"the following arguments are required: (?P<args>.*)", re.S), "ui.cli.required", None),
    (re.compile(r"one of the arguments (?P<args>.*) is required", re.S), "ui.cli.one_required", None),
    (re.compile(r"not allowed with argument (?P<args>.*)", re.S), "ui.cli.not_allowed_with", None),
    (
        re.compile(r"ambiguous option: (?P<option>\S+) could match (?P<matches>.*)", re.S),
        "ui.cli.ambiguous",
        None,
    ),
    (re.compile(r"ignored explicit argument (?P<value>.*)", re.S), "ui.cli.ignored_explicit", None),
]

# argparse names a failed type conversion by the converter's __name__
_TYPE_WORDS = {"int": "ui.cli.type.int", "float": "ui.cli.type.float"}


def localise_argparse(message: str, lang: str) -> str:
    """argparse's English ``message`` in ``lang``, with a did-you-mean after an invalid choice."""
    for pattern, key, nested in ARGPARSE_WORDS:
        m = pattern.fullmatch(message)
        if not m:
            continue
        fields = m.groupdict()
        hint = None
        if key == "ui.cli.invalid_choice":
            value = fields["value"].strip("'\"")
            choices = [c.strip().strip("'\"") for c in fields["choices"].split(",")]
            hint = did_you_mean(value, choices)
        if nested:
            fields[nested] = localise_argparse(fields[nested], lang)
        if key == "ui.cli.invalid_value" and fields["type"] in _TYPE_WORDS:
            fields["type"] = render(_TYPE_WORDS[fields["type"]], lang)
        text = message if lang == "en" and not nested else render(key, lang, fields)
        return text + (render("ui.details_sep", lang) + hint.in_(lang) if isinstance(hint, Message) else "")
    return message


class Formatter(argparse.RawDescriptionHelpFormatter):
    """Help in the reader's language: the usage prefix from the catalog; wrapping by display width, so
    a Chinese line (two columns a character) fits the terminal like an English one."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[Any],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, phrase("ui.cli.usage") if prefix is None else prefix)

    def _split_lines(self, text: str, width: int) -> list[str]:
        if text.isascii():
            return super()._split_lines(text, width)
        from target_rules.render.common import wrap  # only when help is shown: keeps start-up light

        return wrap(" ".join(text.split()), width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        """Descriptions and epilogs as written (examples keep their lines), a long Chinese line
        wrapped by display width."""
        if text.isascii():
            return super()._fill_text(text, width, indent)
        from target_rules.render.common import wrap

        lines = [
            part for line in text.splitlines() for part in ([line] if line.isascii() else wrap(line, width))
        ]
        return "\n".join(indent + line for line in lines)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose own words (headings, -h, usage, errors) come from the catalog."""

    def __init__(self, **kwargs: Any) -> None:  # argparse (add_parser) passes everything by keyword
        add_help = kwargs.pop("add_help", True)
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(add_help=False, **kwargs)
        self._positionals.title = phrase("ui.cli.positionals")
        self._optionals.title = phrase("ui.cli.options")
        if add_help:
            self.add_argument(
                "-h", "--help", action="help", default=argparse.SUPPRESS, help=help_text("ui.cli.help")
            )

    def error(self, message: str) -> NoReturn:
        self.fail(localise_argparse(message, current_language()))

    def fail(self, message: str) -> NoReturn:
        """The usage, then ``PROG: error: message`` (already in the reader's language), exit 2."""
        self.print_usage(sys.stderr)
        colon = phrase("ui.colon")
        self.exit(2, f"{self.prog}{colon}{phrase('ui.error')}{colon}{message}\n")
