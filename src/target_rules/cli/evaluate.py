"""target-rules evaluate: judge a report against the rules and print the verdicts."""

from __future__ import annotations

import argparse
import sys

from target_rules.cli import add_report_inputs
from target_rules.cli.parser import help_text, phrase, spoken

NAME = "evaluate"
HELP = "ui.cli.evaluate"
EXAMPLE = "target-rules evaluate --rules rules/ --report data/107/ --year 107 --format markdown"

STATUSES = ("met", "unmet", "missing", "not_applicable")
_ALIASES = {"n/a": "not_applicable", "na": "not_applicable", "not-applicable": "not_applicable"}


def statuses(text: str) -> frozenset[str]:
    """``unmet,missing`` -> the statuses to list; an unknown word is refused with a suggestion."""
    from target_rules.suggest import did_you_mean

    out = set()
    for word in filter(None, (w.strip().lower() for w in text.split(","))):
        word = _ALIASES.get(word, word)
        if word not in STATUSES:
            hint = did_you_mean(word, STATUSES)
            hinted = phrase("ui.cli.evaluate.hint", hint=spoken(hint)) if hint else ""
            said = {"word": word, "hint": hinted, "statuses": ", ".join(STATUSES)}
            raise argparse.ArgumentTypeError(phrase("ui.cli.evaluate.unknown_status", **said))
        out.add(word)
    if not out:
        raise argparse.ArgumentTypeError(phrase("ui.cli.evaluate.no_status", statuses=", ".join(STATUSES)))
    return frozenset(out)


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_report_inputs(p)
    p.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help=help_text("ui.cli.evaluate.format"),
    )
    p.add_argument(
        "--only",
        type=statuses,
        metavar="STATUSES",
        help=help_text("ui.cli.evaluate.only"),
    )
    explain = p.add_mutually_exclusive_group()
    explain.add_argument(
        "--explain",
        dest="explain",
        action="store_const",
        const="all",
        default="problems",
        help=help_text("ui.cli.evaluate.explain"),
    )
    explain.add_argument(
        "--no-explain",
        dest="explain",
        action="store_const",
        const="none",
        help=help_text("ui.cli.evaluate.no_explain"),
    )
    p.add_argument("-o", "--output", help=help_text("ui.cli.opt.output"))


def run(args: argparse.Namespace) -> int:
    if args.only is not None and args.format != "text":
        print(phrase("ui.cli.evaluate.only_text"), file=sys.stderr)
        return 2

    from target_rules.cli import judge_report
    from target_rules.messages import render as render_words
    from target_rules.outputs import write_output
    from target_rules.render import render
    from target_rules.render.terminal import console_for, safe

    judged = judge_report(args)
    if judged is None:
        return 1
    _, result, errors = judged
    stream = None if args.output else sys.stdout
    if args.format == "text":
        from target_rules.render import text as text_renderer

        console = console_for(stream)
        if args.lang == "zh" and not console.can_show_cjk:
            # in English: this console cannot show the Chinese the sentence would be in
            said = {"encoding": console.encoding}
            print(render_words("ui.cli.evaluate.no_cjk", "en", said), file=sys.stderr)
        text = text_renderer.render(
            result, lang=args.lang, console=console, explain=args.explain, only=args.only
        )
    else:
        text = render(result, args.format, lang=args.lang)
    if args.output:
        write_output(args.output, text, inputs=[*args.rules, *args.report])
    else:
        # text: every cell was made terminal-safe (controls shown, not obeyed) and encodable by the
        # renderer, which keeps its own colour codes; Markdown and JSON as written.
        sys.stdout.write(safe(text, sys.stdout.encoding or "utf-8") if args.format == "text" else text)
    return 1 if errors else 0
