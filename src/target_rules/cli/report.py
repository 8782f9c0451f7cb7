"""target-rules report: a report for people (HTML, Markdown or Excel), optionally against an earlier year."""

from __future__ import annotations

import argparse
import sys

from target_rules.cli import add_report_inputs
from target_rules.cli.parser import help_text, phrase

NAME = "report"
HELP = "ui.cli.report"
EXAMPLE = "target-rules report --rules rules/ --report data/107/ --year 107 --format html -o report.html"

FORMATS = ("html", "markdown", "xlsx")


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_report_inputs(p)
    p.add_argument("--format", choices=FORMATS, default="html", help=help_text("ui.cli.report.format"))
    p.add_argument(
        "--previous-report", nargs="+", metavar="FILE", help=help_text("ui.cli.report.previous_report")
    )
    p.add_argument("--previous-year", type=int, help=help_text("ui.cli.report.previous_year"))
    p.add_argument("-o", "--output", help=help_text("ui.cli.report.output"))


def run(args: argparse.Namespace) -> int:
    if args.previous_year is not None and not args.previous_report:
        print(phrase("ui.cli.report.previous_year_alone"), file=sys.stderr)
        return 2
    if args.format == "xlsx" and not args.output:
        print(phrase("ui.cli.xlsx_needs_output", command="report"), file=sys.stderr)
        return 2

    import target_rules as tr
    from target_rules.cli import judge_report
    from target_rules.outputs import write_output

    inputs = [*args.rules, *args.report, *(args.previous_report or [])]
    judged = judge_report(args, *(args.previous_report or []))
    if judged is None:
        return 1
    rules, result, errors = judged
    previous = None
    comparison = None
    if args.previous_report:
        previous = tr.evaluate(rules, tr.load_report(args.previous_report), year=args.previous_year)
        if previous.year >= result.year:
            said = {"previous": previous.year, "year": result.year}
            print(phrase("ui.cli.report.previous_not_earlier", **said), file=sys.stderr)
            return 2
        from target_rules.render.comparison import compare

        comparison = compare(previous, result)

    data: str | bytes
    if args.format == "html":
        from target_rules.render import html

        data = html.render(result, lang=args.lang, comparison=comparison)
    elif args.format == "markdown":
        from target_rules.render import markdown
        from target_rules.render.comparison import markdown as compare_markdown

        data = markdown.render(result, lang=args.lang)
        if comparison is not None:
            data += "\n" + compare_markdown(comparison, lang=args.lang)
    else:
        from target_rules.render import xlsx

        data = xlsx.render(result, lang=args.lang, comparison=comparison)

    if args.output:
        out = write_output(args.output, data, inputs=inputs)
        said = {"file": out, "measures": len(result.measures), "year": result.year}
        print(phrase("ui.cli.report.wrote", **said), file=sys.stderr)
    else:
        assert isinstance(data, str)
        sys.stdout.write(data)
    return 1 if errors else 0
