"""Evaluate: reported values -> verdicts. No parsing happens here; see compile.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from target_rules.engine.verdict import Evaluation, MeasureResult, measure_status
from target_rules.errors import Problem, ReportError
from target_rules.language import model as m
from target_rules.language.compile import MeasureValues
from target_rules.language.load import RuleSet
from target_rules.suggest import did_you_mean

__all__ = ["evaluate", "evaluate_many", "report_notes"]

_EMPTY = m.MeasureReport()


def evaluate(rules: RuleSet, report: m.Report, year: int | None = None) -> Evaluation:
    """Judge every target of ``year`` (default: the report's year) against ``report``.

    Measures without targets that year are skipped; measures the report does not mention get
    verdicts too (missing, or not_applicable for kind none), so nothing is silently left out.
    """
    year = report.year if year is None else year
    if report.year != year:
        raise ReportError(
            [
                Problem(
                    f"the report is for year {report.year}, but year {year} was asked for",
                    path=("year",),
                    code="year_mismatch",
                    expected=str(year),
                    found=str(report.year),
                )
            ]
        )
    default_period = report.period or report.full_period
    year_end = dt.date(year + 1911, 12, 31)
    verdicts = []
    measures = []
    notes = []
    for cm in rules:
        if year not in cm.years:
            notes.append(f"measure {cm.measure.measure} has no targets for year {year}")
            continue
        mr = report.measures.get(cm.measure.measure, _EMPTY)
        values = MeasureValues(mr.metrics, (mr.period or default_period).end, year_end)
        vs = cm.evaluate(year, values)
        verdicts.extend(vs)
        meas = cm.measure
        measures.append(
            MeasureResult(
                measure=meas.measure,
                strategy=meas.strategy.number,
                strategy_title={
                    "zh": meas.strategy.title.zh,
                    "en": meas.strategy.title.en or meas.strategy.title.zh,
                },
                title={"zh": meas.title.zh, "en": meas.title.en or meas.title.zh},
                agencies=tuple(meas.agencies),
                status=measure_status(vs),
                verdicts=vs,
            )
        )
    notes.extend(report_notes(rules, report))
    return Evaluation(year=year, verdicts=verdicts, measures=measures, notes=notes)


def report_notes(rules: RuleSet, report: m.Report) -> list[str]:
    """What the report holds that no rule reads: said, never dropped silently (a misspelt metric
    would otherwise leave its target 'missing' with the value nowhere in the output)."""
    notes = [
        f"submission {s.file} was left out: {s.reason}" for s in report.submissions if s.status == "left_out"
    ]
    unknown = sorted(set(report.measures) - set(rules.measures))
    if unknown:
        notes.append(f"the report mentions measures with no rules: {', '.join(map(str, unknown))}")
    for number, mr in report.measures.items():
        cm = rules.measures.get(number)
        if cm is None:
            continue
        declared = cm.measure.metrics
        for name in mr.metrics:
            if name not in declared:
                hint = did_you_mean(name, declared)
                notes.append(
                    f"measure {number}: reported metric '{name}' is not in the rules and was not used"
                    f"{f' ({hint})' if hint else ''}; `target-rules validate` checks a report before it is judged"
                )
    return notes


def evaluate_many(
    rules: RuleSet, reports: Iterable[m.Report], year: int | None = None
) -> Iterator[Evaluation]:
    """Evaluate a stream of reports one at a time (memory stays bounded by one evaluation).

    Same Evaluations as ``evaluate``, through the generated per-measure functions of codegen.py.
    """
    from target_rules.engine.kernel import evaluate_report

    for report in reports:
        y = report.year if year is None else year
        if report.year != y:
            evaluate(rules, report, year)  # raises the year_mismatch ReportError, as evaluate() does
        yield evaluate_report(rules, report, y)
