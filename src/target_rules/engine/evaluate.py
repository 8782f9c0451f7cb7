"""Evaluate: reported values -> verdicts. No parsing happens here; see compile.py.

``evaluate`` runs the verdict evaluator (evaluator.py, the reference); ``evaluate_many`` the
generated measure functions (kernel.py). Both run from the specs compile.py made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from target_rules.arguments import check_instance, check_year, year_outside
from target_rules.engine.evaluator import MeasureValues, measure_evaluator
from target_rules.engine.kernel import generated
from target_rules.engine.verdict import Evaluation, MeasureResult, Verdict, measure_status
from target_rules.errors import Problem, ReportError
from target_rules.language import model as m
from target_rules.language.compile import CompiledMeasure
from target_rules.language.load import RuleSet
from target_rules.language.plan import normalise_agency
from target_rules.messages import LANGS, Code, bi, say
from target_rules.suggest import did_you_mean

__all__ = ["evaluate", "evaluate_many", "report_notes"]

_EMPTY = m.MeasureReport()

# f(metrics, period_end, year_end) -> verdicts: one measure's verdicts, as both paths compute them
MeasureFunction = Callable[[Mapping[str, m.ReportedValue], dt.date, dt.date], list[Verdict]]


def _evaluators(rules: RuleSet, year: int) -> list[tuple[CompiledMeasure, MeasureFunction]]:
    """The verdict evaluator of every measure with targets in ``year``, built once per RuleSet."""
    return rules.per_year(
        "_evaluators",
        year,
        lambda: [(cm, _on_values(measure_evaluator(cm.specs[year]))) for cm in rules if year in cm.specs],
    )


def _on_values(run: Callable[[MeasureValues], list[Verdict]]) -> MeasureFunction:
    """A verdict evaluator called as the generated functions are."""
    return lambda metrics, period_end, year_end: run(MeasureValues(metrics, period_end, year_end))


def _result(cm: CompiledMeasure, verdicts: list[Verdict]) -> MeasureResult:
    meas = cm.measure
    return MeasureResult(
        measure=meas.measure,
        strategy=meas.strategy.number,
        strategy_title={"zh": meas.strategy.title.zh, "en": meas.strategy.title.en or meas.strategy.title.zh},
        title={"zh": meas.title.zh, "en": meas.title.en or meas.title.zh},
        agencies=tuple(meas.agencies),
        status=measure_status(verdicts),
        verdicts=verdicts,
    )


def _skipped(rules: RuleSet, year: int) -> list[str]:
    return [
        say("note.no_targets", measure=cm.measure.measure, year=year) for cm in rules if year not in cm.specs
    ]


def evaluate(rules: RuleSet, report: m.Report, year: int | None = None) -> Evaluation:
    """Judge every target of ``year`` (default: the report's year) against ``report``.

    Measures without targets that year are skipped; measures the report does not mention get
    verdicts too (missing, or not_applicable for kind none), so nothing is silently left out.
    """
    check_instance(rules, RuleSet, "rules", "load them with target_rules.load_rules(path)")
    check_instance(report, m.Report, "report", "load it with target_rules.load_report(path)")
    check_year(year, calendar=rules.plan.calendar)
    year = _report_year(rules, report, year)
    return _evaluation(rules, report, year, _evaluators(rules, year))


def _report_year(rules: RuleSet, report: m.Report, year: int | None) -> int:
    """The year to evaluate ``report`` for. A report whose year the plan's calendar does not count
    (2025 read as ROC, 114 in a Gregorian plan) is a ReportError at its year, saying what the year
    most likely meant; so is a report of another year than the one asked for."""
    why = year_outside(report.year, rules.plan.calendar)
    if why is not None:
        raise ReportError([Problem(why, path=("year",), found=str(report.year), code=Code.YEAR_OUTSIDE)])
    year = report.year if year is None else year
    if report.year != year:
        raise ReportError(
            [
                Problem(
                    say("year_mismatch.report", found=report.year, expected=year),
                    path=("year",),
                    expected=str(year),
                    found=str(report.year),
                )
            ]
        )
    return year


def _evaluation(
    rules: RuleSet, report: m.Report, year: int, functions: Sequence[tuple[CompiledMeasure, MeasureFunction]]
) -> Evaluation:
    """Run each measure's function on what ``report`` holds for it and gather the Evaluation."""
    year_end = rules.plan.calendar.year_end(year)  # the plan's calendar, not the report's guess
    default_end = report.period.end if report.period is not None else year_end
    verdicts: list[Verdict] = []
    measures = []
    reported = report.measures
    for cm, fn in functions:
        mr = reported.get(cm.measure.measure, _EMPTY)
        vs = fn(mr.metrics, mr.period.end if mr.period is not None else default_end, year_end)
        verdicts.extend(vs)
        measures.append(_result(cm, vs))
    notes = [*_skipped(rules, year), *report_notes(rules, report)]
    name_agencies(rules, verdicts)
    return Evaluation(
        year=year, verdicts=verdicts, measures=measures, notes=notes, plan=rules.plan, agencies=rules.agencies
    )


def name_agencies(rules: RuleSet, verdicts: Iterable[Verdict]) -> None:
    """Name each verdict's agency (and each part's, and each reporting agency of a combined figure)
    as the plan's registry does: canonical name in Chinese, the registry's English name in English,
    whatever spelling the rule or report used. A breakdown part's label names its agency the same way.
    A name the registry does not know keeps its own spelling."""
    labels: dict[str, dict[str, str]] = {}

    def label(name: str) -> dict[str, str]:
        if name not in labels:
            labels[name] = {lang: rules.agencies.label(name, lang) for lang in LANGS}
        return labels[name]

    for v in verdicts:
        if v.detail.get("by_agency"):
            v.detail["agency_labels"] = {str(a): label(str(a)) for a, _ in v.detail["by_agency"]}
        for x in (v, *v.parts):
            if not x.agency:
                continue
            x.agency_label = label(x.agency)
            if x.kind == "part" and x is not v:
                x.label = {
                    "zh": f"{v.label['zh']}（{x.agency_label['zh']}）",
                    "en": f"{v.label['en']} ({x.agency_label['en']})",
                }


def report_notes(rules: RuleSet, report: m.Report) -> list[str]:
    """What the report holds that no rule reads: said, never dropped silently (a misspelt metric
    would otherwise leave its target 'missing' with the value nowhere in the output)."""
    notes: list[str] = [
        say("note.left_out", file=s.file, reason=s.reason)
        for s in report.submissions
        if s.status == "left_out"
    ]
    if report.plan and rules.plan_file is not None:
        title = rules.plan.title
        names = {normalise_agency(n) for n in (title.zh, title.en) if n}
        if normalise_agency(report.plan) not in names:
            notes.append(
                say(
                    "note.plan_mismatch",
                    report=report.plan,
                    plan=bi(title.zh, title.en),
                    file=rules.plan_file,
                )
            )
    unknown = sorted(set(report.measures) - set(rules.measures))
    if unknown:
        notes.append(say("note.unknown_measures", measures=", ".join(map(str, unknown))))
    for number, mr in report.measures.items():
        cm = rules.measures.get(number)
        if cm is None:
            continue
        declared = cm.measure.metrics
        for name in mr.metrics:
            if name not in declared:
                hint = did_you_mean(name, declared)
                notes.append(
                    say(
                        "note.unused_metric.hint" if hint else "note.unused_metric",
                        measure=number,
                        name=name,
                        hint=hint,
                    )
                )
    return notes


def evaluate_many(
    rules: RuleSet, reports: Iterable[m.Report], year: int | None = None
) -> Iterator[Evaluation]:
    """Evaluate a stream of reports one at a time (memory stays bounded by one evaluation).

    Same Evaluations as ``evaluate``, through the generated per-measure functions of kernel.py.
    """
    check_instance(rules, RuleSet, "rules", "load them with target_rules.load_rules(path)")
    check_year(year, calendar=rules.plan.calendar)
    for report in reports:
        check_instance(report, m.Report, "reports", "each item must be a loaded Report")
        y = _report_year(rules, report, year)
        yield _evaluation(rules, report, y, generated(rules, y))
