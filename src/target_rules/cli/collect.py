"""target-rules collect: many agencies' submissions -> one report (the format of data/107)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from target_rules.cli.parser import help_text

NAME = "collect"
HELP = "ui.cli.collect"
NEEDS_YEAR = True  # cli.main fills --year from the configuration or stops with exit 2
EXAMPLE = "target-rules collect submissions/ --rules rules/ --year 107 -o collected/"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "submission", nargs="+", metavar="SUBMISSION", help=help_text("ui.cli.opt.submissions_mixed")
    )
    p.add_argument("--rules", nargs="+", help=help_text("ui.cli.opt.rules"))
    p.add_argument("--year", type=int, help=help_text("ui.cli.opt.year"))
    p.add_argument("-o", "--output", required=True, metavar="DIR", help=help_text("ui.cli.collect.output"))
    p.add_argument(
        "--format", choices=("text", "json"), default="text", help=help_text("ui.cli.collect.format")
    )


def run(args: argparse.Namespace) -> int:
    import json

    import target_rules as tr
    from target_rules.messages import current_language, render
    from target_rules.render.status import left_out_line
    from target_rules.submissions.collect import consolidate

    out = Path(args.output).resolve()
    for given in args.submission:
        folder = Path(given).resolve()
        if folder.is_dir() and (out == folder or folder in out.parents):
            said = {"output": args.output, "folder": given}
            print(render("ui.collect.output_inside", current_language(), said), file=sys.stderr)
            return 2
    rules = tr.load_rules(args.rules)  # RuleError -> exit 2 in cli.main
    from target_rules.cli import reader_language

    reader_language(args, rules)
    collection = consolidate(args.submission, rules, args.year)
    written = collection.write(args.output) if collection.submissions else []
    used = [s for s in collection.submissions if s.used]
    if args.format == "json":
        summary = {
            "ok": collection.ok,
            "year": args.year,
            "output": args.output,
            "files": [s.record() for s in collection.submissions],
            "problems": [p.to_dict() for p in collection.problems],
        }
        sys.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
    else:
        for p in collection.problems:
            print(p)
        lang = args.lang
        for s in collection.left_out:
            print(left_out_line(s.file, s.errors[0], lang))
        said = {
            "ok": render("ui.ok" if collection.ok else "ui.failed", lang),
            "used": len(used),
            "total": len(collection.submissions),
            "measures": len(collection.combined),
            "metrics": sum(len(v) for v in collection.combined.values()),
            "errors": len(collection.errors),
            "written": len(written),
            "output": args.output,
        }
        print(render("ui.collect.summary", lang, said))
    return 0 if collection.ok else 1
