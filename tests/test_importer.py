"""The importer: tab-separated plan report -> drafted rule files (target-rules import)."""

from __future__ import annotations

import argparse
import math
from functools import cache
from pathlib import Path

import pytest
import yaml

from target_rules.authoring import importer as imp
from target_rules.cli import import_ as import_cmd
from target_rules.language.model import Measure

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "data" / "source" / "000_2d62c1db8ab3e0f0.txt"
RULES = ROOT / "rules"


@cache
def _real() -> tuple[imp.SourceRecords, dict[int, imp.DraftMeasure]]:
    records, drafts = imp.draft_all(SOURCE.read_text(encoding="utf-8"), str(SOURCE))
    return records, {d.number: d for d in drafts}


def targets(number: int, year: int = 107) -> dict[str, dict]:
    d = _real()[1][number]
    return {t["id"]: t for t in d.data["years"][year]["targets"]}


def record(*lines: str) -> str:
    return "\n".join(lines) + "\n"


MINIMAL = [
    "序次\t1",
    "具體策略\t一、強化機關廉政經營責任制度。",
    "執行措施\t(一) 測試措施。",
    "辦理機關\t各機關、法務部(廉政署)",
]


# ---------------------------------------------------------------------------------------------
# The real document


def test_real_document_has_46_measures_in_order():
    records, drafts = _real()
    assert [r.number for r in records] == list(range(1, 47))
    assert sorted(drafts) == list(range(1, 47))


def test_every_real_measure_drafts_a_valid_measure():
    _, drafts = _real()
    for n, d in drafts.items():
        assert d.model is not None, (n, [str(p) for p in d.problems])
        assert isinstance(Measure.model_validate(d.data), Measure)
        assert d.model.measure == n
        assert 107 in d.model.years, n
        assert d.model.years[107].targets, n
        assert d.data["notes"].startswith("Drafted by target_rules.authoring.importer from ")
        assert str(SOURCE) in d.data["notes"]


def test_real_document_has_no_errors_and_says_what_it_could_not_parse():
    records, drafts = _real()
    problems = list(records.problems) + [p for d in drafts.values() for p in d.problems]
    assert not [p for p in problems if p.severity == "error"]
    # every target left for review is announced: a warning naming the measure and the target id
    for n, d in drafts.items():
        for year, yt in d.data["years"].items():
            for t in yt["targets"]:
                if imp.is_draft(t):
                    assert any(
                        p.measure == n and f"measure {n}, {year} target {t['id']}" in p.message
                        for p in d.problems
                    ), (n, t["id"])
                    assert t["decision"]["en"].startswith("DRAFT: needs review — ")
                    assert t["decision"]["zh"].startswith("草稿，待確認——")


def test_real_document_strategy_title_agencies():
    d = _real()[1]
    assert d[1].data["strategy"] == {"number": 1, "title": "強化機關廉政經營責任制度，落實風險控管作為。"}
    assert d[46].data["strategy"]["number"] == 9
    assert d[1].data["agencies"] == ["各機關", "法務部(廉政署)"]
    # 、 inside parentheses does not split; role prefixes are removed
    assert d[45].data["agencies"] == ["法務部（檢察司、調查局、廉政署）"]
    assert d[15].data["agencies"] == ["法務部（廉政署）", "各機關"]
    assert d[44].data["agencies"][:2] == ["行政院洗錢防制辦公室", "法務部(調查局、檢察司)"]
    assert "「主辦機關」: 行政院洗錢防制辦公室" in d[44].data["notes"]
    assert d[4].data["title"].startswith("(四) 辦理政府採購稽核")


def test_measure_4_counts():
    t = targets(4)
    assert t["4.1"]["kind"] == "threshold" and t["4.1"]["at_least"] == 280
    assert t["4.2"]["kind"] == "threshold" and t["4.2"]["at_least"] == 110
    metrics = _real()[1][4].data["metrics"]
    assert metrics[t["4.1"]["metric"]]["unit"] == "件"
    assert t["4.1"]["metric"] == "m4_1"
    assert t["4.1"]["label"] == "政府採購稽核件數 280 件。"
    assert "decision" not in t["4.1"]


def test_measure_13_wan_and_commas():
    t = targets(13)
    assert t["13.1"]["at_least"] == 15000
    assert t["13.2"]["at_least"] == 350
    assert _real()[1][13].data["metrics"]["m13_2"]["unit"] == "場次"


def test_measure_43_yi_yuan():
    t = targets(43)
    assert t["43.1"]["kind"] == "threshold"
    assert t["43.1"]["at_least"] == 100_000_000
    assert _real()[1][43].data["metrics"]["m43_1"]["unit"] == "元"
    assert t["43.2"]["kind"] == "completion"


def test_measure_29_none_for_both_years():
    d = _real()[1][29]
    assert sorted(d.data["years"]) == [107, 108]
    for year in (107, 108):
        ts = d.data["years"][year]["targets"]
        assert [t["kind"] for t in ts] == ["none"]
        assert ts[0]["id"] == "29.1"
    assert d.none == 2 and d.numeric == 0


def test_measure_45_has_108_targets_72_and_9():
    t107, t108 = targets(45, 107), targets(45, 108)
    assert (t107["45.1"]["at_least"], t107["45.2"]["at_least"]) == (70, 7)  # not the "107年" in the text
    assert (t108["45.1"]["at_least"], t108["45.2"]["at_least"]) == (72, 9)
    # the same item in both years is one metric
    assert t107["45.1"]["metric"] == t108["45.1"]["metric"] == "m45_1"


def test_measure_1_item_2_yields_80_and_75_plus_composite():
    t = targets(1)
    assert t["1.1"]["at_least"] == 70
    assert (t["1.2a"]["at_least"], t["1.2b"]["at_least"]) == (80, 75)
    assert t["1.2a"]["metric"] == "m1_2a" and t["1.2b"]["metric"] == "m1_2b"
    assert t["1.2"]["kind"] == "composite" and t["1.2"]["of"] == ["1.2a", "1.2b"]
    assert imp.is_draft(t["1.2"])
    assert t["1.4"]["kind"] == "completion"  # "公布 107 年..." : a year is not a target


def test_completion_drafts_are_milestone_metrics_marked_for_review():
    d = _real()[1][6]
    for tid in ("6.1", "6.2"):
        t = targets(6)[tid]
        assert t["kind"] == "completion" and t["reach"] == "completed"
        assert t["decision"]["en"].startswith("DRAFT: needs review")
        metric = d.data["metrics"][t["metric"]]
        assert metric["unit"] == "milestone"
        assert [m["id"] for m in metric["milestones"]] == ["in_progress", "completed"]
    assert d.completion == 2


def test_growth_and_breakdown_drafts():
    t = targets(44)
    assert set(t) == {"44.1", "44.2", "44.3", "44.4"}  # <ol> items; "106 年 6 月 28 日" is no target
    g = t["44.4"]
    assert g["kind"] == "growth" and g["at_least"] == 20
    assert g["baseline_metric"] in _real()[1][44].data["metrics"]
    assert "baseline" in g["decision"]["en"]
    b = targets(26)["26.1"]
    assert b["kind"] == "breakdown" and b["total"] == 9
    assert b["parts"] == {"退輔會": 3, "經濟部": 1, "交通部": 4, "金管會": 1}


def test_other_units_from_the_document():
    assert targets(9)["9.1"]["at_least"] == 6_000_000  # 600萬人次
    assert targets(19)["19.1"]["at_least"] == 4600  # 4,600門以上
    assert targets(21)["21.1"]["at_least"] == 380  # 380所以上
    assert targets(42)["42.1"]["at_least"] == 8  # 8次
    assert targets(32)["32.1"]["at_least"] == 15  # 15案
    assert targets(8)["8.1"]["at_least"] == 8  # "107年完成...8場次": not 107
    t38 = targets(38)
    assert (t38["38.1a"]["at_least"], t38["38.1b"]["at_least"]) == (2100, 16500)


def test_continuation_lines_stay_with_their_field():
    records, _ = _real()
    by = {r.number: r for r in records}
    ach = "107年度(1月至12月)績效目標達成情形"
    assert "汲取成功經驗" in by[10].fields[ach]  # lines after the field, no tab
    assert "外國法院委託事件協助法自 52 年" in by[40].fields[ach]
    assert "海洋委員會海巡署" in by[42].fields[ach]  # a line starting with a tab
    assert "⑩12月派員赴俄羅斯" in by[44].fields[ach]  # lines starting with " - "
    assert "--" not in by[42].fields[ach].split()  # the table rule is dropped
    assert "<" not in by[44].fields["107年績效目標值"]
    assert not [p for p in records.problems if p.code == "unknown_field"]
    # the 106/107 comparison fields of measure 45 are recognised, the year numbers generic
    assert by[45].lines["108年績效目標值"] == 468
    assert "106年及107年績效目標「達成率」及執行成果比較" in by[45].fields


# ---------------------------------------------------------------------------------------------
# Small inline cases


@pytest.mark.parametrize(
    "name",
    ["107 年績效目標值", "107年績效目標值", " 107  年 績效目標值 ", "107\u3000年績效目標值"],
)
def test_field_name_spacing_variants(name):
    recs = imp.parse_source(record(*MINIMAL, f"{name}\t宣導 12 場次。"), "t.txt")
    assert recs[0].fields["107年績效目標值"] == "宣導 12 場次。"
    assert recs[0].lines["107年績效目標值"] == 5
    assert not recs.problems
    t = imp.draft_measure(recs[0]).data["years"][107]["targets"]
    assert t[0]["at_least"] == 12


def test_field_names_generic_over_years_and_fullwidth_parens():
    text = record(
        *MINIMAL,
        "110 年績效目標值\t1. 辦理 5 場。",
        "110 年度（1 月至 12 月）績效目標達成情形\t辦理 6 場。",
        "111年績效目標值\t無。",
        "110年執行效益\t高。",
    )
    recs = imp.parse_source(text, "t.txt")
    assert recs[0].target_fields() == {110: "110年績效目標值", 111: "111年績效目標值"}
    assert "110年度(1月至12月)績效目標達成情形" in recs[0].fields
    assert not recs.problems
    d = imp.draft_measure(recs[0])
    assert d.model is not None
    assert d.data["years"][110]["targets"][0]["at_least"] == 5
    assert d.data["years"][111]["targets"][0]["kind"] == "none"


def test_html_is_turned_into_plain_text():
    assert imp.html_to_text("<p>1. 甲。</p> <p>(1) 乙：</p>\n<p>丙</p>") == "1. 甲。 (1) 乙： 丙"
    assert (
        imp.html_to_text('<ol style="list-style-type: none"><li>甲 &amp; 乙</li><li>丙</li></ol>')
        == "1. 甲 & 乙 2. 丙"
    )
    assert imp.html_to_text('<ol style="list-style-type: none"> 1. 甲。 2. 乙。</ol>') == "1. 甲。 2. 乙。"


def test_html_list_items_become_targets():
    text = record(*MINIMAL, "107年績效目標值\t<ol><li>辦理宣導 10 場次。</li>\n<li>完成草案。</li></ol>")
    d = imp.draft_measure(imp.parse_source(text, "t.txt")[0])
    ts = d.data["years"][107]["targets"]
    assert [(t["id"], t["kind"]) for t in ts] == [("1.1", "threshold"), ("1.2", "completion")]
    assert ts[0]["label"] == "辦理宣導 10 場次。"


def test_continuations_unknown_fields_and_odd_lines_do_not_crash():
    text = record(
        "某報告標題",
        "序次\t1",
        "具體策略\t一、策略。",
        "執行措施\t(一) 措施。",
        "辦理機關\t主辦機關：法務部（廉政署） 協辦機關：各機關",
        "107年績效目標值\t1. 宣導 10 場次。",
        "\t2. 查核 5 件。\t",
        "--\t--",
        "- 3. 完成報告。",
        "備註欄\t這是未知欄位",
        "序次\tX",
        "執行措施\t(二) 沒有策略。",
        "107年績效目標值\t",
    )
    recs = imp.parse_source(text, "t.txt")
    assert [r.number for r in recs] == [1, 2]
    assert recs.preamble == ["某報告標題"]
    assert recs[0].fields["107年績效目標值"] == "1. 宣導 10 場次。 2. 查核 5 件。 - 3. 完成報告。"
    assert recs[0].fields["備註欄"] == "這是未知欄位"
    codes = {(p.code, p.line) for p in recs.problems}
    assert ("unknown_field", 10) in codes
    assert ("numbering", 11) in codes
    assert any(p.code == "missing_field" and p.measure == 2 for p in recs.problems)
    d1 = imp.draft_measure(recs[0])
    assert d1.model is not None
    assert "備註欄" in d1.data["notes"]
    ids = [t["id"] for t in d1.data["years"][107]["targets"]]
    assert ids == ["1.1", "1.2", "1.3"]  # continuation lines carry items 2 and 3
    d2 = imp.draft_measure(recs[1])  # no strategy, no agency, empty target cell: drafted and said
    assert d2.data["years"][107]["targets"][0]["kind"] == "none"
    assert {p.code for p in d2.problems} >= {"strategy", "agencies", "needs_review"}


def test_garbage_input_never_raises():
    for text in (
        "",
        "\n\n",
        "no tabs at all",
        "序次\t\n\t\t\n",
        "序次\t1\n107年績效目標值\t<li>",
        "\x00\t\x00",
    ):
        recs = imp.parse_source(text, "g.txt")
        for r in recs:
            imp.draft_measure(r)
    assert any(p.code == "no_records" for p in imp.parse_source("nothing here", "g.txt").problems)


def test_split_items():
    assert imp.split_items("1. 甲 102.5%。 2. 乙。") == [(1, "甲 102.5%。"), (2, "乙。")]
    assert imp.split_items("1.甲。 2.乙。") == [(1, "甲。"), (2, "乙。")]
    assert imp.split_items("甲 1. 乙") == [(1, "甲 1. 乙")]  # item 1 must open the text
    assert imp.split_items("1. 甲 3. 乙") == [(1, "甲 3. 乙")]  # numbering must run on
    assert imp.split_items("每年 2,100 件") == [(1, "每年 2,100 件")]


@pytest.mark.parametrize(
    ("text", "comparator", "value", "unit"),
    [
        ("達 70%。", "at_least", 70, "%"),
        ("登錄1萬5,000件。", "at_least", 15000, "件"),
        ("總金額達1億元。", "at_least", 100_000_000, "元"),
        ("瀏覽達600萬人次。", "at_least", 6_000_000, "人次"),
        ("課程數4,600門以上。", "at_least", 4600, "門"),
        ("未結案件 30 件以下。", "at_most", 30, "件"),
        ("錯誤率不超過 5%。", "at_most", 5, "%"),
        ("完成率達 72.69％。", "at_least", 72.69, "%"),
    ],
)
def test_numeric_item_drafts(text, comparator, value, unit):
    d = imp.draft_measure(imp.parse_source(record(*MINIMAL, f"107年績效目標值\t{text}"), "t.txt")[0])
    assert d.model is not None
    t = d.data["years"][107]["targets"][0]
    assert t["kind"] == "threshold" and t[comparator] == value
    assert d.data["metrics"][t["metric"]]["unit"] == unit
    assert imp.numeric_targets(d.model, 107) == {"1.1": (comparator, value, unit)}


def test_dates_and_ordinals_are_not_targets():
    text = "於 108 年 3 月 31 日前完成第 2 期報告。"
    d = imp.draft_measure(imp.parse_source(record(*MINIMAL, f"107年績效目標值\t{text}"), "t.txt")[0])
    assert d.data["years"][107]["targets"][0]["kind"] == "completion"


def test_numeric_targets_covers_every_numeric_kind():
    m = Measure.model_validate(
        {
            "measure": 9,
            "strategy": {"number": 1, "title": "s"},
            "title": "t",
            "agencies": ["a"],
            "metrics": {
                "meetings": {"label": "m", "unit": "次"},
                "cases": {"label": "c", "unit": "案"},
                "x": {"label": "x", "unit": "件"},
                "y": {"label": "y", "unit": "件"},
                "doc": {"label": "d", "unit": "milestone", "milestones": [{"id": "done", "label": "done"}]},
            },
            "years": {
                107: {
                    "targets": [
                        {
                            "id": "9.1",
                            "label": "l",
                            "kind": "frequency",
                            "metric": "meetings",
                            "units": 22,
                            "every": "quarter",
                        },
                        {
                            "id": "9.2",
                            "label": "l",
                            "kind": "breakdown",
                            "metric": "cases",
                            "parts": {"a": 3, "b": 6},
                        },
                        {
                            "id": "9.3",
                            "label": "l",
                            "kind": "ratio",
                            "expression": "x / y * 100",
                            "at_most": 5,
                        },
                        {
                            "id": "9.4",
                            "label": "l",
                            "kind": "growth",
                            "metric": "x",
                            "baseline": 10,
                            "at_least": "20%",
                        },
                        {"id": "9.5", "label": "l", "kind": "threshold", "metric": "y", "between": [1, 3]},
                        {"id": "9.6", "label": "l", "kind": "completion", "metric": "doc", "reach": "done"},
                    ]
                }
            },
        }
    )
    assert imp.numeric_targets(m, 107) == {
        "9.1": ("at_least", 88.0, "次"),
        "9.2": ("at_least", 9.0, "案"),
        "9.3": ("at_most", 5.0, "%"),
        "9.4": ("at_least", 20.0, "%"),
        "9.5": ("between", 1.0, "件"),
    }
    assert imp.numeric_targets(m, 108) == {}


# ---------------------------------------------------------------------------------------------
# Writing and the command


def test_import_source_writes_one_readable_file_per_measure(tmp_path):
    summary = imp.import_source(SOURCE, tmp_path, file="source.txt")
    files = sorted(tmp_path.glob("m*.yaml"))
    assert [f.name for f in files] == [f"m{n:02d}.yaml" for n in range(1, 47)]
    assert len(summary.measures) == 46 and all(m.valid for m in summary.measures)
    t = summary.totals()
    assert t["numeric"] >= 45 and t["none"] == 4 and t["completion"] >= 15
    assert t["targets"] == sum(len(y.targets) for d in _real()[1].values() for y in d.model.years.values())
    text = (tmp_path / "m04.yaml").read_text(encoding="utf-8")
    assert "政府採購稽核件數" in text and "\\u" not in text
    keys = [line.split(":")[0] for line in text.splitlines() if line and not line.startswith((" ", "-"))]
    assert keys == [
        "measure",
        "strategy",
        "title",
        "goal",
        "agencies",
        "indicator",
        "metrics",
        "years",
        "notes",
    ]
    for f in files:
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        m = Measure.model_validate(data)
        assert all(isinstance(t["id"], str) for y in data["years"].values() for t in y["targets"])
        assert m.notes and "source.txt" in m.notes
    table = imp.format_summary(summary)
    assert table.splitlines()[-2].split()[:2] == ["total", str(t["targets"])]


def _cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    import_cmd.add_arguments(parser)
    return import_cmd.run(parser.parse_args(argv))


def test_command_writes_files_reports_warnings_and_refuses_to_overwrite(tmp_path, capsys):
    assert import_cmd.NAME == "import" and import_cmd.HELP
    out = tmp_path / "drafts"
    assert _cli([str(SOURCE), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert f"wrote {out / 'm01.yaml'}" in captured.out
    assert "46 measures" in captured.out
    assert f"{SOURCE}:57: needs_review warning: measure 6, 107 target 6.1:" in captured.err

    (out / "m04.yaml").write_text("curated: do not touch\n", encoding="utf-8")
    assert _cli([str(SOURCE), "-o", str(out)]) == 2
    assert "m04.yaml: error: exists" in capsys.readouterr().err
    assert (out / "m04.yaml").read_text(encoding="utf-8") == "curated: do not touch\n"
    assert _cli([str(SOURCE), "-o", str(out), "--force", "-q"]) == 0
    assert (out / "m04.yaml").read_text(encoding="utf-8").startswith("measure: 4\n")
    assert _cli([str(tmp_path / "missing.txt"), "-o", str(out)]) == 2


def test_command_exit_1_when_the_source_has_no_records(tmp_path, capsys):
    src = tmp_path / "empty.txt"
    src.write_text("nothing\n", encoding="utf-8")
    assert _cli([str(src), "-o", str(tmp_path / "o")]) == 1
    assert ": no_records no records found" in capsys.readouterr().err


def test_command_is_discovered_by_the_cli():
    cli = pytest.importorskip("target_rules.cli")
    parser = cli.build_parser()
    args = parser.parse_args(["import", str(SOURCE), "-o", "x"])
    assert args._run is import_cmd.run


# ---------------------------------------------------------------------------------------------
# Agreement with the curated rules


CURATED = sorted(RULES.glob("m*.yaml"))


def disagreements(draft: Measure, curated: Measure) -> tuple[int, list[str]]:
    """Numbers the importer read that the curated rule changes without a ``decision`` saying why.

    By id: a numeric draft target whose id the curated rule also has must have the same comparator
    and value. Otherwise (the curated rule numbered or split the item differently) the value must
    still appear among the curated numeric targets of that year. Where either check fails, the curated
    target(s) for that item must carry a ``decision``. Returns (numbers checked, complaints).
    """
    checked, out = 0, []
    for year in sorted(set(draft.years) & set(curated.years)):
        mine = imp.numeric_targets(draft, year)
        theirs = imp.numeric_targets(curated, year)
        by_id = {t.id: t for t in curated.years[year].targets}
        for tid, (comp, value, _unit) in mine.items():
            checked += 1
            if tid in by_id:
                same = tid in theirs and theirs[tid][0] == comp and math.isclose(theirs[tid][1], value)
                if not same and not by_id[tid].decision:
                    out.append(
                        f"{year} target {tid}: the source reads {comp} {value:g} but the curated rule "
                        f"has {theirs.get(tid, by_id[tid].kind)} and no decision saying why"
                    )
                continue
            if any(math.isclose(v, value) for _, v, _ in theirs.values()):
                continue  # renumbered or split differently, same number
            item = tid.rstrip("abcdefghijklmnopqrstuvwxyz")
            related = [t for t in by_id.values() if t.id == item or t.id.startswith(item)]
            if not any(t.decision for t in related):
                out.append(
                    f"{year} target {tid}: the source reads {comp} {value:g}; no curated target has that "
                    f"value and none of {[t.id for t in related]} has a decision saying why"
                )
    return checked, out


def test_disagreement_check_catches_a_silent_change():
    draft = _real()[1][4].model
    data = _real()[1][4].data
    changed = yaml.safe_load(imp.dump_measure(data))
    changed["years"][107]["targets"][0]["at_least"] = 281
    checked, complaints = disagreements(draft, Measure.model_validate(changed))
    assert checked == 2 and len(complaints) == 1 and "4.1" in complaints[0]
    changed["years"][107]["targets"][0]["decision"] = "the agency's own figure"
    assert disagreements(draft, Measure.model_validate(changed)) == (2, [])
    # split differently: same numbers under other ids pass, a lost number without a decision does not
    split = yaml.safe_load(imp.dump_measure(_real()[1][38].data))
    ts = split["years"][107]["targets"]
    ts[0]["id"], ts[1]["id"] = "38.1", "38.2"
    split["years"][107]["targets"] = ts[:2]
    assert disagreements(_real()[1][38].model, Measure.model_validate(split)) == (2, [])
    ts[1]["at_least"] = 16000
    assert len(disagreements(_real()[1][38].model, Measure.model_validate(split))[1]) == 1


@pytest.mark.parametrize("path", CURATED or [None], ids=lambda p: p.name if p else "no-curated-rules")
def test_drafts_agree_with_curated_rules(path):
    """Every number the importer read from the source is in the curated rule, or the rule says why not."""
    if path is None:
        pytest.skip("rules/ has no curated rule files yet")
    curated = Measure.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    draft = _real()[1].get(curated.measure)
    assert draft is not None and draft.model is not None, f"the source has no measure {curated.measure}"
    _checked, complaints = disagreements(draft.model, curated)
    # _checked == 0 where the source states no number (milestones only, or 無): then there is nothing
    # the curated rule could have changed, and the check has still run.
    assert not complaints, f"{path.name}:\n" + "\n".join(complaints)


def test_drafts_speak_the_chosen_language():
    """The draft decisions come from the catalog in both languages; the notes in the chosen one."""
    from target_rules.messages import use_language

    text = SOURCE.read_text(encoding="utf-8")
    with use_language("zh"):
        _, drafts = imp.draft_all(text, "source.txt")
    d6 = {d.number: d for d in drafts}[6]
    assert d6.data["notes"].startswith("由 target_rules.authoring.importer 依 source.txt 草擬")
    assert "Drafted" not in d6.data["notes"]
    decision = d6.data["years"][107]["targets"][0]["decision"]
    assert decision["zh"].startswith("草稿，待確認——找不到帶單位的數字")
    assert decision["en"].startswith("DRAFT: needs review — no number with a unit found")
    # the drafted file loads as a rule: the decision is the model's bilingual Text
    assert Measure.model_validate(d6.data).years[107].targets[0].decision.get("zh") == decision["zh"]
