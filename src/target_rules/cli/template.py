"""target-rules template: a fill-in template of exactly what the rules ask an agency for."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from target_rules.cli.parser import help_text, phrase, spoken

NAME = "template"
HELP = "ui.cli.template"
NEEDS_YEAR = True  # cli.main fills --year from the configuration or stops with exit 2
EXAMPLE = "target-rules template --rules rules/ --year 108 --measure 45 --format xlsx -o m45.xlsx"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rules", nargs="+", help=help_text("ui.cli.opt.rules"))
    p.add_argument("--year", type=int, help=help_text("ui.cli.opt.year"))
    p.add_argument("--measure", type=int, help=help_text("ui.cli.template.measure"))
    who = p.add_mutually_exclusive_group()
    who.add_argument("--agency", help=help_text("ui.cli.template.agency"))
    who.add_argument(
        "--every-agency",
        action="store_true",
        help=help_text("ui.cli.template.every_agency"),
    )
    p.add_argument(
        "--format", choices=("xlsx", "csv", "yaml"), default="yaml", help=help_text("ui.cli.template.format")
    )
    p.add_argument("-o", "--output", help=help_text("ui.cli.template.output"))


def run(args: argparse.Namespace) -> int:
    import target_rules as tr
    from target_rules.outputs import check_output
    from target_rules.submissions import template as t

    rules = tr.load_rules(args.rules)
    from target_rules.cli import reader_language

    reader_language(args, rules)  # sets args.lang: --lang, else the plan file's, else the locale
    if args.agency and len(rules.agencies):
        try:
            rules.agencies.resolve_all(args.agency)
        except tr.RuleError as exc:  # an unknown name: exit 2, with a did-you-mean
            detail = spoken(exc.problems[0].detail)
            print(
                f"target-rules template{phrase('ui.colon')}--agency{phrase('ui.colon')}{detail}",
                file=sys.stderr,
            )
            return 2
    if args.every_agency:
        if not args.output:
            print(phrase("ui.cli.template.every_agency_needs_output"), file=sys.stderr)
            return 2
        folder = Path(args.output)
        folder.mkdir(parents=True, exist_ok=True)
        agencies = t.agencies_owing(rules, args.year, args.measure)
        for agency in agencies:
            items = t.entries(rules, args.year, agency, args.measure)
            path = folder / f"{agency}.{args.format}"
            check_output(path, args.rules)
            _write(t, rules, items, args, agency, path)
        print(phrase("ui.cli.template.wrote_every", n=len(agencies), folder=folder), file=sys.stderr)
        return 0
    if args.output:
        check_output(args.output, args.rules)
    items = t.entries(rules, args.year, args.agency, args.measure)
    if args.format == "xlsx" and not args.output:
        print(phrase("ui.cli.xlsx_needs_output", command="template"), file=sys.stderr)
        return 2
    if args.output:
        _write(t, rules, items, args, args.agency, Path(args.output))
        if args.format == "xlsx":
            print(phrase("ui.cli.wrote_rows", file=args.output, rows=len(items)), file=sys.stderr)
        return 0
    text = (
        t.render_csv(items, args.year, args.lang)
        if args.format == "csv"
        else t.render_yaml(rules, items, args.year, args.agency, args.lang)
    )
    sys.stdout.write(text)
    return 0


def _write(
    t: Any, rules: Any, items: list[Any], args: argparse.Namespace, agency: str | None, path: Path
) -> None:
    from target_rules.outputs import write_output

    if args.format == "xlsx":
        write_output(path, t.render_xlsx(rules, items, args.year, args.lang), inputs=args.rules)
    elif args.format == "csv":
        # utf-8-sig for CSV: Excel then opens it as UTF-8 (the reader accepts the BOM)
        write_output(path, t.render_csv(items, args.year, args.lang), inputs=args.rules, encoding="utf-8-sig")
    else:
        write_output(path, t.render_yaml(rules, items, args.year, agency, args.lang), inputs=args.rules)
