"""target-rules import: draft one rule file per measure from the plan's tab-separated report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from target_rules.cli.parser import help_text

NAME = "import"
HELP = "ui.cli.import"
EXAMPLE = "target-rules import data/source/report.txt -o drafts/"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", metavar="SOURCE", help=help_text("ui.cli.import.source"))
    p.add_argument("-o", "--output", required=True, metavar="OUTDIR", help=help_text("ui.cli.import.output"))
    p.add_argument(
        "--force",
        action="store_true",
        help=help_text("ui.cli.import.force"),
    )
    p.add_argument("-q", "--quiet", action="store_true", help=help_text("ui.cli.import.quiet"))


def run(args: argparse.Namespace) -> int:
    from target_rules.authoring import importer
    from target_rules.messages import current_language, render

    lang = current_language()

    source = Path(args.source)
    outdir = Path(args.output)
    from target_rules.language.source import decode, read_bytes
    from target_rules.outputs import terminal

    # bounded, and a FIFO or device is refused rather than waited on (docs/security.md)
    raw, problems = read_bytes(source)
    text, decoding = decode(raw, str(source)) if raw is not None else (None, [])
    if text is None:
        for problem in [*problems, *decoding]:
            print(terminal(str(problem)), file=sys.stderr)
        return 2
    if outdir.exists() and not outdir.is_dir():
        print(render("io.not_a_directory", lang, {"path": outdir}), file=sys.stderr)
        return 2

    records, drafts = importer.draft_all(text, str(source))
    existing = [p for p in importer.output_paths(records, outdir) if p.exists()]
    if existing and not args.force:
        for p in existing:
            print(render("io.exists", lang, {"path": p}), file=sys.stderr)
        return 2

    summary = importer.summarise(str(source), records, drafts, importer.write_drafts(drafts, outdir))
    for problem in sorted(summary.problems, key=lambda p: (p.line or 0, p.severity)):
        print(problem, file=sys.stderr)
    table = importer.format_summary(summary, lang)
    if args.quiet:
        table = "\n".join(table.splitlines()[-2:]) + "\n"
    else:
        for path in summary.written:
            print(render("ui.wrote", lang, {"file": path}))
    sys.stdout.write(table)
    return 1 if summary.errors else 0
