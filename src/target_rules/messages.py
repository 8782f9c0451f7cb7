"""Every user-facing sentence, in zh-TW and English, keyed by a stable code.

Why one typed table rather than gettext catalogs: the authoritative language here is Chinese, not
English, so gettext's "English msgid is the key" model would make the English the source of truth and
the zh the translation; and a table in Python is checked by the type checker and by one test (every key
has both languages, both with the same placeholders) without a compile step or .mo files to ship.

* :class:`Code` -- the problem codes (a StrEnum, so ``problem.code == "unknown_metric"`` keeps working
  and the strings other tools key on stay exactly as they were).
* ``CATALOG`` -- the ONE bilingual template table. A problem code is a key (its main sentence); a
  variant of it is ``"code.variant"``; sentences that are not problems (summaries, template
  instructions, column headers, hints) are keyed ``"ui.*"`` / ``"hint.*"``.
* :func:`say` -- build a :class:`Message`: a ``str`` holding the English rendering (so every existing
  use of ``problem.message`` keeps working) that also knows its key and arguments, so it can be
  rendered again in Chinese with :meth:`Message.in_`.
* The reader's language: :func:`choose_language` (``--lang`` > the plan's ``language`` > the locale),
  :func:`use_language` / :func:`current_language` (what ``str(problem)`` renders in).
"""

from __future__ import annotations

import contextvars
import os
import string
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

__all__ = [
    "CATALOG",
    "CODES",
    "LANGS",
    "UNIT_NAMES",
    "Code",
    "Lang",
    "Message",
    "Template",
    "as_code",
    "bi",
    "choose_language",
    "current_language",
    "english_unit",
    "locale_language",
    "os_words",
    "render",
    "say",
    "set_language",
    "set_units",
    "text_in",
    "unit_in",
    "unit_word",
    "use_language",
    "use_units",
    "value_words",
    "yaml_words",
]


class Code(StrEnum):
    """Problem codes. The value is the stable string written into JSON, SARIF, JUnit and GitHub output."""

    # reading a file
    IO = "io"
    TOO_LARGE = "too_large"
    TOO_DEEP = "too_deep"
    TOO_MANY = "too_many"
    ENCODING = "encoding"
    SYNTAX = "syntax"
    DUPLICATE_KEY = "duplicate_key"
    EMPTY = "empty"
    XLSX = "xlsx"
    FORMULA = "formula"
    INTERNAL = "internal"
    # the shape of a document (pydantic's error types keep their names)
    INVALID = "invalid"
    MISSING = "missing"
    EXTRA_FORBIDDEN = "extra_forbidden"
    UNION_TAG_INVALID = "union_tag_invalid"
    UNION_TAG_NOT_FOUND = "union_tag_not_found"
    LITERAL_ERROR = "literal_error"
    INT_PARSING = "int_parsing"
    INT_TYPE = "int_type"
    INT_FROM_FLOAT = "int_from_float"
    FLOAT_PARSING = "float_parsing"
    FLOAT_TYPE = "float_type"
    STRING_TYPE = "string_type"
    BOOL_PARSING = "bool_parsing"
    BOOL_TYPE = "bool_type"
    LIST_TYPE = "list_type"
    DICT_TYPE = "dict_type"
    MODEL_TYPE = "model_type"
    DATE_PARSING = "date_parsing"
    DATE_FROM_DATETIME_PARSING = "date_from_datetime_parsing"
    DATE_TYPE = "date_type"
    GREATER_THAN = "greater_than"
    GREATER_THAN_EQUAL = "greater_than_equal"
    LESS_THAN = "less_than"
    LESS_THAN_EQUAL = "less_than_equal"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    STRING_TOO_SHORT = "string_too_short"
    VALUE_ERROR = "value_error"
    ASSERTION_ERROR = "assertion_error"
    # rules
    DUPLICATE_MEASURE = "duplicate_measure"
    DUPLICATE_TARGET = "duplicate_target"
    UNKNOWN_METRIC = "unknown_metric"
    UNKNOWN_TARGET = "unknown_target"
    UNKNOWN_MILESTONE = "unknown_milestone"
    EXPRESSION = "expression"
    CYCLE = "cycle"
    CONTRADICTORY_BOUNDS = "contradictory_bounds"
    EMPTY_YEAR = "empty_year"
    # lint
    UNUSED_METRIC = "unused_metric"
    STRATEGY = "strategy"
    STRATEGY_TITLE = "strategy_title"
    NUMBERING = "numbering"
    EMPTY_LABEL = "empty_label"
    NO_ENGLISH_LABEL = "no_english_label"
    NO_ENGLISH_UNIT = "no_english_unit"  # en-leftovers
    NO_ENGLISH_AGENCY = "no_english_agency"  # en-leftovers
    AGENCIES = "agencies"
    EXAMPLE = "example"
    DUPLICATE_EXAMPLE = "duplicate_example"
    # submissions
    YEAR_MISMATCH = "year_mismatch"
    UNKNOWN_YEAR = "unknown_year"
    UNKNOWN_MEASURE = "unknown_measure"
    UNKNOWN_AGENCY = "unknown_agency"
    UNKNOWN_COLUMN = "unknown_column"
    MISSING_COLUMN = "missing_column"
    DUPLICATE_COLUMN = "duplicate_column"
    DUPLICATE_ROW = "duplicate_row"
    MISSING_FIELD = "missing_field"
    MISSING_VALUE = "missing_value"
    MISSING_REASON = "missing_reason"
    NO_TARGETS = "no_targets"
    NO_RECORDS = "no_records"
    NOTHING_OWED = "nothing_owed"
    UNIT_MISMATCH = "unit_mismatch"
    DATE_OUTSIDE = "date_outside"
    FULLWIDTH = "fullwidth"
    OUT_OF_RANGE = "out_of_range"
    PERCENT_FRACTION = "percent_fraction"
    NEGATIVE = "negative"
    NOT_INTEGER = "not_integer"
    PERIOD_OUTSIDE = "period_outside"
    PERIOD_OVERLAPS = "period_overlaps"
    PROVISIONAL = "provisional"
    TOTAL_MISMATCH = "total_mismatch"
    INCONSISTENT = "inconsistent"
    OUTSIDE_RECORD = "outside_record"
    UNMET = "unmet"
    # the importer
    DRAFT_INVALID = "draft_invalid"
    IMPORTER_BUG = "importer_bug"
    NEEDS_REVIEW = "needs_review"
    DUPLICATE_FIELD = "duplicate_field"
    UNKNOWN_FIELD = "unknown_field"
    STRAY_TEXT = "stray_text"
    # reading, hardened
    RECURSIVE_ALIAS = "recursive_alias"
    UNKNOWN_TAG = "unknown_tag"
    AMBIGUOUS_NUMBER = "ambiguous_number"
    NUMBER_TOO_LONG = "number_too_long"
    CONTROL_CHARACTER = "control_character"
    # the project configuration
    CONFIG = "config"
    # tables judged in SQL (DuckDB, Spark)
    NO_FILE = "no_file"
    FILE_TYPE = "file_type"
    COLUMN_TYPE = "column_type"
    CONVERSION = "conversion"
    SQL_UNSUPPORTED = "sql_unsupported"
    NAME_TOO_LONG = "name_too_long"
    WRONG_KIND_OF_FILE = "wrong_kind_of_file"
    # submissions collected from several agencies
    CONFLICT = "conflict"
    NO_BASIS = "no_basis"
    NOT_A_PART = "not_a_part"
    PERCENT_WITHOUT_BASIS = "percent_without_basis"
    USAGE = "usage"
    # target-rules test
    EXAMPLE_FAILED = "example_failed"
    NO_EXAMPLE = "no_example"
    # calendar
    YEAR_OUTSIDE = "year_outside"


CODES: frozenset[str] = frozenset(c.value for c in Code)


def as_code(value: str, default: Code | None = None) -> Code:
    """``value`` as a Code; an unknown string gives ``default``, or ValueError without one."""
    if value in CODES:
        return Code(value)
    if default is None:
        raise ValueError(f"unknown problem code {value!r}: add it to target_rules.messages.Code")
    return default


@dataclass(frozen=True)
class Template:
    """One sentence in both languages; ``{name}`` placeholders, the same set in each."""

    zh: str
    en: str

    def __getitem__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


T = Template

# fmt: off
CATALOG: dict[str, Template] = {
    # ---- reading a file -------------------------------------------------------------------------
    "io": T("無法讀取檔案：{reason}", "cannot read file: {reason}"),
    "io.directory": T("這是資料夾，不是檔案", "is a directory, expected a file"),
    "io.none_found": T("在 {where} 找不到任何申報檔", "no submission files found in {where}"),
    "too_large": T("檔案大小為 {size}，超過上限 {limit:,}", "file is {size}, larger than the limit of {limit:,}"),
    "too_deep": T("巢狀層次超過 {limit} 層", "nesting is deeper than {limit} levels"),
    "too_deep.limit": T("巢狀層次太深（上限 {limit}）", "nesting is too deep (limit {limit})"),
    "too_many": T("{what}太多（上限 {limit}）", "too many {what} (limit {limit})"),
    "encoding": T("檔案不是 UTF-8 編碼（第 {offset} 位元組為 0x{byte:02x}）",
                  "file is not valid UTF-8 (byte 0x{byte:02x} at offset {offset})"),
    "encoding.utf16": T("檔案是 UTF-16 編碼，請另存為 UTF-8", "file is UTF-16 encoded"),
    "encoding.binary": T("檔案看來是二進位檔（含 NUL 位元組）", "file looks binary (it contains NUL bytes)"),
    "syntax": T("YAML 語法錯誤：{detail}", "YAML syntax error: {detail}"),
    "syntax.json": T("JSON 語法錯誤：{detail}", "JSON syntax error: {detail}"),
    "syntax.json_value": T("JSON 數值錯誤：{detail}", "JSON value error: {detail}"),
    "syntax.key": T("對應的鍵必須是單純的值", "a mapping key must be a plain value"),
    "duplicate_key": T("鍵「{key}」重複（第一次出現在第 {line} 行）",
                       "duplicate key {key!r} (first written at line {line})"),
    "duplicate_key.plain": T("鍵「{key}」重複", "duplicate key {key!r}"),
    "empty": T("文件是空的", "document is empty"),
    "xlsx": T("不是 XLSX 活頁簿：{detail}", "not an XLSX workbook: {detail}"),
    "formula": T("儲存格是公式（{formula}）：數值必須直接填入，不可用公式計算", "cell holds a formula ({formula}): values must be typed in, not computed"),
    "internal": T("程式內部錯誤：{detail}", "internal error while validating: {detail}"),
    # ---- the shape of a document --------------------------------------------------------------------
    "invalid": T("值不符合規定：{detail}", "{detail}"),
    "missing": T("缺少必填欄位「{field}」", "required field {field!r} is missing"),
    "extra_forbidden": T("不認得的欄位「{field}」", "unknown field {field!r}"),
    "union_tag_invalid": T("不認得的目標類型「{tag}」", "unknown kind {tag!r}"),
    "union_tag_not_found": T("每個目標都要有類型（kind）", "every target needs a kind"),
    "literal_error": T("值必須是 {expected} 之一", "{detail}"),
    "int_parsing": T("應為整數", "{detail}"),
    "int_type": T("應為整數", "{detail}"),
    "int_from_float": T("應為整數，不可有小數", "{detail}"),
    "float_parsing": T("應為數字", "{detail}"),
    "float_type": T("應為數字", "{detail}"),
    "string_type": T("應為文字", "{detail}"),
    "bool_parsing": T("應為 true 或 false", "{detail}"),
    "bool_type": T("應為 true 或 false", "{detail}"),
    "list_type": T("應為清單", "{detail}"),
    "dict_type": T("應為對應（鍵: 值）", "{detail}"),
    "model_type": T("應為對應（鍵: 值）", "{detail}"),
    "date_parsing": T("日期格式錯誤，請寫成 YYYY-MM-DD", "{detail}"),
    "date_from_datetime_parsing": T("日期格式錯誤，請寫成 YYYY-MM-DD", "{detail}"),
    "date_type": T("應為日期（YYYY-MM-DD）", "{detail}"),
    "greater_than": T("值必須大於 {limit}", "{detail}"),
    "greater_than_equal": T("值必須大於或等於 {limit}", "{detail}"),
    "less_than": T("值必須小於 {limit}", "{detail}"),
    "less_than_equal": T("值必須小於或等於 {limit}", "{detail}"),
    "too_short": T("項目太少", "{detail}"),
    "too_long": T("項目太多", "{detail}"),
    "string_too_short": T("文字不可為空", "{detail}"),
    "value_error": T("值不符合規定：{detail}", "{detail}"),
    "assertion_error": T("值不符合規定：{detail}", "{detail}"),
    # ---- rules ------------------------------------------------------------------------------------
    "duplicate_measure": T("第 {measure} 項措施已在 {other} 定義過", "measure {measure} is already defined in {other}"),
    "duplicate_target": T("目標編號「{target}」重複", "duplicate target id {target!r}"),
    "unknown_metric": T("不認得的指標「{name}」", "unknown metric {name!r}"),
    "unknown_target": T("不認得的目標「{name}」", "unknown target {name!r}"),
    "unknown_milestone": T("不認得的里程碑「{name}」", "unknown milestone {name!r}"),
    "expression": T("運算式錯誤：{detail}", "expression error: {detail}"),
    "cycle": T("複合目標互相引用形成循環：{chain}", "composite targets refer to each other in a cycle: {chain}"),
    "contradictory_bounds": T("上下限矛盾：{detail}", "contradictory bounds: {detail}"),
    "empty_year": T("{year} 年度沒有目標", "year {year} has no targets"),
    # calendar: a plan year outside the plan's calendar, and the other calendar's reading of it
    "year_outside": T("{parameter} {year} 不在年度範圍 {first}..{last} 內", "{parameter} {year} is outside the plan years {first}..{last}"),
    "year_outside.roc": T("{parameter} {year} 不在民國年 {first}..{last} 的範圍內", "{parameter} {year} is outside the ROC years {first}..{last}"),
    "year_outside.gregorian": T("{parameter} {year} 不在西元年 {first}..{last} 的範圍內：本計畫以西元紀年（plan.yaml 的 calendar: gregorian）", "{parameter} {year} is outside the Gregorian years {first}..{last}: the plan counts Gregorian years (calendar: gregorian in plan.yaml)"),
    "hint.year_is_gregorian": T("{year} 看起來是西元年：民國 {roc} 年", "{year} looks like a calendar year: ROC {roc}"),
    "hint.year_is_roc": T("{year} 看起來是民國年：西元 {gregorian} 年", "{year} looks like an ROC year: {gregorian}"),
    "ui.year_type": T("{parameter} 必須是整數的計畫年度，例如 {example}，而不是 {shown}", "{parameter} must be an int, a plan year such as {example}, not {shown}"),
    "ui.year_outside.hinted": T("{message}；{hint}", "{message}; {hint}"),
    "date_outside.gregorian": T("日期 {date} 不在 {year} 年度內", "date {date} is outside year {year}"),
    # ---- lint -------------------------------------------------------------------------------------
    "unused_metric": T("指標「{name}」已宣告，但沒有任何目標使用", "metric {name!r} is declared but no target uses it"),
    "strategy": T("策略編號有誤：{detail}", "strategy number: {detail}"),
    "strategy_title": T("策略 {strategy} 的名稱（{lang}）與 {file} 不同：這裡是「{now}」，那裡是「{was}」", "strategy {strategy} is titled differently ({lang}) than in {file}: {now!r} here, {was!r} there"),
    "numbering": T("編號不連續：{detail}", "numbering: {detail}"),
    "empty_label": T("{who}的中文名稱是空的", "{who} has an empty zh-TW label"),
    "no_english_label": T("{who}沒有英文名稱", "{who} has no English label"),
    "agencies": T("主辦機關：{detail}", "agencies: {detail}"),
    "example": T("範例不成立：{detail}", "example fails: {detail}"),
    "duplicate_example": T("範例名稱「{name}」用了兩次（第一次在第 {line} 行）", "example name {name!r} is used twice (first at line {line})"),
    # ---- submissions ------------------------------------------------------------------------------
    "year_mismatch": T("這份申報是 {found} 年度，但指定的是 {expected} 年度", "the submission is for year {found}, but year {expected} was asked for"),
    "unknown_year": T("不認得的年度 {year}：規則訂有目標的年度為 {years}", "unknown year {year}: the rules set targets for {years}"),
    "unknown_measure": T("沒有第 {measure} 項措施：沒有任何規則檔定義它", "unknown measure {measure}: no rule file defines it"),
    "unknown_agency": T("不認得的機關「{name}」", "unknown agency {name!r}"),
    "unknown_column": T("不認得的欄位「{name}」", "unknown column {name!r}"),
    "missing_column": T("標題列缺少欄位 {names}", "the header row lacks the column{s} {names}"),
    "duplicate_column": T("欄位「{name}」出現兩次", "column {name!r} appears twice"),
    "duplicate_row": T("第 {measure} 項措施、指標「{metric}」的資料列重複（第一次在第 {first} 列）", "duplicate row for measure {measure}, metric {metric!r} (first at {where} {first})"),
    "missing_field": T("缺少「{name}」", "missing {name!r}"),
    "missing_value": T("「{name}」（{label}，{unit}）沒有填值", "no value for {name!r} ({label}, {unit})"),
    "missing_reason": T("not_reported（未申報）須寫明原因", "not_reported needs a reason"),
    "no_targets": T("第 {measure} 項措施在 {year} 年度沒有目標，所填數值不會判定", "measure {measure} has no targets for year {year}; its values will not be judged"),
    "no_records": T("沒有任何資料列", "no records"),
    "nothing_owed": T("規則在 {year} 年度沒有要求填報任何項目", "the rules ask nothing in year {year}"),
    "unit_mismatch": T("單位不符：應為 {expected}，填的是 {found}", "unit mismatch: expected {expected}, found {found}"),
    "date_outside": T("日期 {date} 不在 {year} 年度（{gregorian} 年）內", "date {date} is outside year {year} ({gregorian})"),
    "fullwidth": T("{raw} 中的全形數字已讀為 {shown}", "full-width digits in {raw!r} were read as {shown}"),
    "out_of_range": T("數值 {value} 超出範圍 {low}–{high}", "value {value} is outside {low}..{high}"),
    "percent_fraction": T("{shown} 看來是小數，但「{name}」是百分比（目標為 {target}%）", "{shown} looks like a fraction, but {name!r} is a percentage (its target is {target}%)"),
    "negative": T("{shown} 是負數，但「{name}」計算的是{unit}", "{shown} is negative, but {name!r} counts {unit}"),
    "not_integer": T("{shown} 不是整數，但「{name}」計算的是{unit}", "{shown} is not a whole number, but {name!r} counts {unit}"),
    "period_outside": T("期間 {start}..{end} 不在 {year} 年度（{y0}..{y1}）內", "period {start}..{end} is not inside year {year} ({y0}..{y1})"),
    "period_overlaps": T("期間 {start}..{end} 超出 {year} 年度（{y0}..{y1}）：此數值不是整個曆年的數值", "period {start}..{end} reaches outside year {year} ({y0}..{y1}): the figure is not a calendar-year figure"),
    "provisional": T("期間 {start}..{end} 只涵蓋 {year} 年度的一部分：判定結果為暫定", "period {start}..{end} covers part of year {year}: verdicts will be provisional"),
    "total_mismatch": T("「{name}」各機關數值合計為 {sum}，但合計列寫的是 {total}", "the per-agency figures of {name!r} add up to {sum}, but the total row says {total}"),
    "inconsistent": T("目標 {target} 的數值互相矛盾：{rule} 不成立（{shown}）", "inconsistent figures for target {target}: {rule} does not hold ({shown})"),
    "outside_record": T("{detail}", "{detail}"),
    "unmet": T("目標 {target} 未達成：{explanation}", "target {target} is not met: {explanation}"),
    # ---- the importer -----------------------------------------------------------------------------
    "draft_invalid": T("草稿規則無法載入：{detail}", "the draft rule does not load: {detail}"),
    "importer_bug": T("匯入程式錯誤：{detail}", "importer bug: {detail}"),
    "needs_review": T("草稿需人工確認：{detail}", "needs review: {detail}"),
    "duplicate_field": T("欄位「{name}」重複", "duplicate field {name!r}"),
    "unknown_field": T("不認得的欄位「{name}」", "unknown field {name!r}"),
    "stray_text": T("表格外的文字：{text}", "text outside the table: {text}"),
    "duplicate_measure.reported": T("第 {measure} 項措施已在 {file} 申報過", "measure {measure} is already reported in {file}"),
    "unknown_metric.is_target": T("「{name}」是目標，不是指標：請填它據以判定的數值（{needs}）", "{name!r} is a target, not a metric: report the figures it is judged on ({needs})"),
    "unknown_metric.in_measure": T("第 {measure} 項措施沒有指標「{name}」", "unknown metric {name!r} in measure {measure}"),
    "unit_mismatch.deliverable": T("「{name}」是交付項目：請填達到的里程碑，不是數字", "{name!r} is a deliverable: give the milestone reached, not a number"),
    "unknown_milestone.for": T("「{name}」沒有里程碑「{milestone}」", "unknown milestone {milestone!r} for {name!r}"),
    "unit_mismatch.number": T("「{name}」是數量（{unit}），不是交付項目：請填 value，不是 milestone", "{name!r} is a number ({unit}), not a deliverable: give value, not milestone"),
    "unit_mismatch.unit": T("單位「{unit}」與「{name}」的單位不符", "unit {unit!r} does not match the unit of {name!r}"),
    "unit_mismatch.percent": T("{raw} 寫成百分比，但「{name}」的單位是{unit}", "{raw!r} is written as a percentage, but {name!r} is counted in {unit}"),
    "out_of_range.percent": T("{shown} 不是 0 到 100 之間的百分比", "{shown} is not a percentage between 0 and 100"),
    "float_parsing.total": T("合計 {raw} 不是數字", "total {raw!r} is not a number"),
    "missing.metric": T("第 {measure} 項措施：「{name}」（{label}，{unit}）沒有填值，目標 {targets} 需要它", "measure {measure}: no value for {name!r} ({label}, {unit}), needed by target {targets}"),
    "missing.metric_from": T("第 {measure} 項措施：{agency}沒有填「{name}」（{label}，{unit}），目標 {targets} 需要它", "measure {measure}: no value for {name!r} ({label}, {unit}) from {agency}, needed by target {targets}"),
    "missing.by_agency": T("目標 {target} 按機關分別判定：「{name}」請依機關填寫 by_agency（{parts}）", "target {target} is judged per agency: give {name!r} as by_agency ({parts})"),
    "missing.part": T("「{name}」沒有 {agency} 的數值，目標 {target}（{label}）需要它", "no figure for {agency} in {name!r}, needed by target {target} ({label})"),
    "hint.bug": T("這是 target-rules 的程式錯誤，請連同檔案回報", "this is a bug in target-rules; please report it with the file"),
    "hint.roc_year": T("是不是民國 {year} 年？", "did you mean {year}? (ROC year)"),
    "hint.measure_of_metrics": T("是不是第 {measure} 項？這裡填的指標屬於該措施", "did you mean {measure}? its metrics are the ones reported here"),
    "hint.metric_of_measure": T("「{name}」是第 {measure} 項措施的指標", "{name!r} is a metric of measure {measure}"),
    "hint.fill_milestone": T("請填寫已達到的里程碑", "fill in the milestone reached"),
    "hint.fill_value": T("請填 value，或寫 not_reported 並說明原因", "fill in value, or write not_reported with the reason"),
    "hint.halfwidth": T("請用半形數字", "type numbers with half-width (ASCII) digits"),
    "hint.percent": T("若 {shown} 是指 {percent}%，請寫 {percent}（或 '{percent}%'）",
                      "write {percent} (or '{percent}%') if {shown} means {percent}%"),
    "hint.add_metric": T("請加上 {name}，或寫 {name}: {{not_reported: <原因>}}", "add {name}, or {name}: {{not_reported: <the reason>}}"),
    "hint.check_source": T("請對照原始資料檢查這兩個數值", "check both figures against the source"),
    "ui.strict": T("{message}（--strict）", "{message} (--strict)"),
    "ui.n_measures": T("{n} 項措施", "{n} measures"),
    "ui.milestone_one_of": T("milestone：{choices} 之一", "milestone: one of {choices}"),
    "ui.a_number_of": T("以{unit}計的數字", "a number of {unit}"),
    "ui.zero_or_more": T("0 或以上的數字", "a number of 0 or more"),
    "ui.whole_number": T("整數", "a whole number"),
    "ui.dates_in": T("{year} 年內的日期", "dates in {year}"),
    "xlsx.read": T("無法讀取活頁簿：{detail}", "cannot read the workbook: {detail}"),
    "xlsx.no_workbook": T("不是 XLSX 活頁簿：壓縮檔內沒有 xl/workbook.xml", "not an XLSX workbook: a zip file without xl/workbook.xml"),
    "syntax.csv": T("CSV 語法錯誤：{detail}", "CSV syntax error: {detail}"),
    "too_many.rows": T("超過 {limit:,} 列", "more than {limit:,} rows"),
    "too_many.columns": T("超過 {limit} 欄", "more than {limit} columns"),
    "too_many.sheets": T("活頁簿有 {n} 個工作表，超過上限 {limit}", "workbook has {n} sheets, more than the limit of {limit}"),
    "syntax.fields": T("這一列有 {fields} 個欄位，但標題列只有 {header} 個", "row has {fields} fields but the header names {header}"),
    "hint.quote_comma": T("含逗號的值必須加上引號", "a value containing a comma must be quoted"),
    "empty.no_header": T("檔案是空的：沒有標題列", "file is empty: no header row"),
    "empty.sheet": T("工作表是空的：沒有標題列", "sheet is empty: no header row"),
    "missing_column.value": T("標題列沒有 value、milestone 或 not_reported 欄位", "the header row has no value, milestone or not_reported column"),
    "hint.header_row": T("第一個非空白列必須是欄位名稱（見 docs/submissions.md）", "the first non-empty row must name the columns (see docs/submissions.md)"),
    "hint.save_xlsx": T("請用 Excel 或 LibreOffice 另存為 .xlsx（或匯出 UTF-8 的 CSV）", "save the file from Excel or LibreOffice as .xlsx (or export CSV, UTF-8)"),
    "too_large.unpacked": T("活頁簿解壓縮後有 {size:,} 位元組，超過上限 {limit:,}（壓縮炸彈？）", "workbook unpacks to {size:,} bytes, more than the limit of {limit:,} (a zip bomb?)"),
    "too_large.ratio": T("壓縮檔項目 {entry} 的壓縮比為 {ratio:,} 倍：拒絕解壓縮（壓縮炸彈？）", "zip entry {entry!r} is compressed {ratio:,} times: refusing to unpack (a zip bomb?)"),
    "too_large.cell": T("儲存格有 {n:,} 個字元，超過上限 {limit:,}", "cell holds {n:,} characters, more than {limit:,}"),
    "io.openpyxl": T("讀取 .xlsx 需要 openpyxl 套件", "reading .xlsx needs openpyxl"),
    "hint.openpyxl": T("請執行 pip install 'target-rules[xlsx]'，或將工作表另存為 CSV（UTF-8）", "pip install 'target-rules[xlsx]', or save the sheet as CSV (UTF-8)"),
    "hint.paste_value": T("請複製該儲存格，再以「貼上值」貼回", "copy the cell and paste it as a value"),
    "int_parsing.year": T("年度 {year} 不是整數", "year {year!r} is not a whole number"),
    "ui.roc_year": T("計畫年度，依計畫的紀年：民國年例如 107，西元紀年的計畫例如 2018", "a plan year in the plan's calendar: an ROC year such as 107, or 2018 in a Gregorian plan"),
    "year_mismatch.rows": T("年度 {year} 與第 {line} 行的年度 {first} 不同", "year {year} differs from year {first} of line {line}"),
    "hint.one_year": T("一份申報只涵蓋一個年度", "one submission covers one year"),
    "missing.cell": T("這一列沒有 {column}", "row has no {column}"),
    "int_parsing.measure": T("措施序次 {measure} 不是數字", "measure {measure!r} is not a number"),
    "ui.measure_number": T("措施的序次，例如 45", "the measure's 序次, e.g. 45"),
    "duplicate_row.agency": T("第 {measure} 項措施、指標「{metric}」、機關「{agency}」的資料列重複（第一次在第 {first} 列）", "duplicate row for measure {measure}, metric {metric!r}, agency {agency!r} (first at {where} {first})"),
    "hint.one_row": T("每個指標（及機關）只能出現一次；請刪除或合併其中一列", "each metric (and agency) may appear once; delete or merge one of the rows"),
    "extra_forbidden.total_row": T("按機關分列時，合計列不可填 {column}", "{column} cannot be given on the total row of a per-agency split"),
    "unit_mismatch.rows": T("單位「{unit}」與第 {line} 行的單位「{first}」不同", "unit {unit!r} differs from unit {first!r} of line {line}"),
    "extra_forbidden.agency_row": T("按機關分列時，單一機關的列不可填 {column}；請為每個機關填數值", "{column} cannot be given for one agency of a per-agency split; give each agency a value"),
    "too_many.values": T("文件展開後超過 {limit:,} 個值（別名與 << 合併展開後計算）", "document expands to more than {limit:,} values (aliases and << merges are expanded when counting)"),
    "too_deep.plain": T("巢狀層次太深", "nesting is too deep"),
    "unknown_year.template": T("規則沒有 {year} 年度的目標", "the rules set no targets for year {year}"),
    "unknown_measure.template": T("沒有任何規則檔定義第 {measure} 項措施", "no rule file defines measure {measure}"),
    "nothing_owed.agency": T("規則在 {year} 年度沒有要求{agency}填報任何項目", "the rules ask nothing from {agency} in year {year}"),
    "nothing_owed.measure": T("規則在 {year} 年度沒有要求填報第 {measure} 項措施", "the rules ask nothing in year {year} for measure {measure}"),
    "nothing_owed.agency.measure": T("規則在 {year} 年度沒有要求{agency}填報第 {measure} 項措施", "the rules ask nothing from {agency} in year {year} for measure {measure}"),
    "hint.agency_name": T("請對照規則中的機關名稱檢查機關名稱", "check the agency's name against the rules' agencies"),
    "ui.template.title": T("申報範本：{title}，{year} 年度（西元 {gregorian} 年）", "Submission template: {title}, year {year} (ROC; {gregorian})"),
    "ui.template.fill": T("請在每個 value 後填入數值（照原始資料的寫法，例如 280、1,143、72.69%、1億2,000萬），", "Fill in each value (a number, as written in the source: 280, 1,143, 72.69%, 1億2,000萬),"),
    "ui.template.not_reported": T("或把 value 那一行換成   not_reported: <未填原因>。   quote 請保留原始資料的原文。", "or replace the value line with   not_reported: <the reason>.   Keep quote: the source's words."),
    "ui.template.period": T("只涵蓋部分年度的數值，須加上   period: {{start: YYYY-MM-DD, end: YYYY-MM-DD}}。", "A figure covering part of the year needs   period: {{start: YYYY-MM-DD, end: YYYY-MM-DD}}."),
    "ui.template.check": T("檢查方式：   target-rules validate 本檔案 --rules rules/", "Check it with:   target-rules validate THIS_FILE --rules rules/"),
    "ui.template.target_text": T("{year}年績效目標值：{text}", "{year}年績效目標值: {text}"),
    "ui.template.metric": T("{label}（{unit}）——用於目標 {targets}", "{label} ({unit}) -- for target {targets}"),
    "ui.template.by_agency": T("每個機關填一個數值", "one figure per agency"),
    "ui.template.milestone": T("下列之一：{ids}", "one of: {ids}"),
    "ui.template.quote": T("原始資料的原文，寫在引號內", "the source's words, inside the quotes"),
    "ui.template.date": T("YYYY-MM-DD，達成的日期", "YYYY-MM-DD, when it was reached"),
    "ui.template.milestone_label": T("{label}（里程碑：{ids}）", "{label} (milestone: {ids})"),
    "ui.template.sheet.measure": T("措施序次", "measure"),
    "ui.template.sheet.target": T("目標", "target"),
    "ui.template.sheet.label": T("目標名稱", "label"),
    "ui.template.sheet.text": T("本年度績效目標值", "year's target text"),
    "ui.cli.xlsx_needs_output": T("target-rules {command}：--format xlsx 需要 -o 檔名.xlsx", "target-rules {command}: --format xlsx needs -o FILE.xlsx"),
    "ui.cli.wrote_rows": T("已寫入 {file}：{rows} 列", "wrote {file}: {rows} rows"),
    "too_deep.merges": T("巢狀層次超過 {limit} 層（別名與 << 合併展開後計算）", "nesting is deeper than {limit} levels (aliases and << merges are expanded when counting)"),
    "hint.limit": T("請把值直接寫出來；若檔案確實如此，可提高上限", "write the values out, or raise the limit if the file is genuine"),
    "recursive_alias": T("別名指向包含它自己的節點（遞迴的錨點）", "an alias refers to the node that contains it (a recursive anchor)"),
    "control_character": T("文字中的控制字元（{chars}）已換成空白", "control characters in text ({chars}) were replaced by spaces"),
    "hint.control_character": T("請從原始資料重新複製或重新輸入；換頁符號與跳脫字元常來自 PDF 複製", "copy the text again from the source, or retype it; form feeds and escapes often come from PDF copies"),
    "config": T("設定 {key} 必須是{expected}", "{key} must be {expected}"),
    "example_failed": T("{target}：{reasons}", "{target}: {reasons}"),
    "no_example": T("{target}：沒有任何範例檢驗這個 {kind} 目標", "{target}: no example reaches this {kind} target"),
    "unknown_tag": T("不認得的標記 {tag}", "unknown tag {tag!r}"),
    "unknown_tag.quoted": T("引號內文字加了標記 {tag}", "tag {tag!r} on quoted text"),
    "hint.remove_tag": T("請刪除標記；這裡的值不需要標記", "remove the tag; values need no tags here"),
    "ambiguous_number": T("{text} 不會被讀成數字：開頭的 0、0x 或 0o 在 YAML 1.1（0110 為 72）與 YAML 1.2（0110 為 110）中代表不同的數", "{text!r} is not read as a number: a leading 0, 0x or 0o gives different numbers in YAML 1.1 (0110 is 72) and YAML 1.2 (0110 is 110)"),
    "hint.ambiguous_number": T("請用一般十進位數字書寫；若是文字，請加引號（'{text}'）", "write the number in plain decimal digits, or quote it ('{text}') if it is text"),
    "number_too_long": T("數字長達 {n} 個字元", "a number of {n} digits"),
    "syntax.tagged": T("{text} 不是有效的 {type}", "{text!r} is not a valid {type}"),
    "hint.merge_keys": T("每個鍵只能出現一次；請合併這兩筆", "each key may appear once; merge the two entries"),
    "hint.max_bytes": T("若檔案確實如此，可提高上限（--max-bytes）", "raise the limit (--max-bytes) if this file is genuine"),
    "hint.utf8": T("請將檔案另存為 UTF-8", "save the file as UTF-8"),
    "hint.utf8_big5": T("請將檔案另存為 UTF-8（Big5／CP950 檔案須先轉換）", "save the file as UTF-8 (Big5/CP950 files must be converted)"),
    "ui.utf8_text": T("UTF-8 文字檔", "a UTF-8 text file"),
    "hint.max_rows": T("請分成幾份申報，或提高列數上限（--max-rows）", "split the submission, or raise the row limit (--max-rows)"),
    "io.no_rules": T("在 {where} 找不到規則檔（*.yaml、*.yml、*.json）", "no rule files (*.yaml, *.yml, *.json) found in {where}"),
    "io.no_reports": T("在 {where} 找不到申報檔", "no report files found in {where}"),
    "year_mismatch.files": T("年度 {year} 與其他檔案的年度 {first} 不同", "year {year} differs from year {first} of the other files"),
    "year_mismatch.report": T("這份報告是 {found} 年度，但指定的是 {expected} 年度", "the report is for year {found}, but year {expected} was asked for"),
    "unknown_target.composite": T("複合目標「{composite}」列了不存在的目標「{name}」", "composite {composite!r} lists unknown target {name!r}"),
    "cycle.self": T("複合目標「{composite}」列了自己", "composite {composite!r} lists itself"),
    "ui.declared_metrics": T("本措施宣告的指標之一（{names}）", "one of the metrics the measure declares ({names})"),
    "unit_mismatch.completion": T("完成型目標需要單位為 milestone 的指標，「{name}」的單位是「{unit}」", "completion target needs a metric with unit 'milestone', {name!r} has unit {unit!r}"),
    "unknown_milestone.reach": T("里程碑「{milestone}」不是「{name}」的里程碑之一", "milestone {milestone!r} is not one of {name}'s milestones"),
    "unit_mismatch.numeric": T("{kind} 目標需要數值指標；「{name}」是里程碑", "{kind} target needs a numeric metric; {name!r} is a milestone"),
    "config.read": T("無法讀取設定檔：{detail}", "cannot read the configuration: {detail}"),
    "config.toml": T("TOML 語法錯誤：{detail}", "TOML syntax error: {detail}"),
    "ui.config.table": T("一個表格", "a table"),
    "ui.config.paths": T("一個路徑或路徑清單", "a path or a list of paths"),
    "ui.config.year": T("正整數（計畫年度，依計畫的紀年：民國年例如 108，西元紀年的計畫例如 2019）", "a positive whole number (a plan year in the plan's calendar: ROC 108, or 2019 in a Gregorian plan)"),
    "ui.config.lang": T(" zh 或 en", "zh or en"),
    "ui.config.codes": T("問題代碼的清單", "a list of codes"),
    "no_file": T("找不到檔案：{path}", "no such file: {path}"),
    "file_type": T("無法讀取 {name}：應為 .csv 或 .parquet 檔", "cannot read {name}: expected a .csv or .parquet file"),
    "column_type": T("欄位「{name}」的型別是 {type}；目標 {target} 需要{expected}", "column {name!r} has type {type}; target {target} needs {expected}"),
    "conversion": T("有值無法讀取：{detail}", "a value could not be read: {detail}"),
    "sql_unsupported": T("目標 {target}：{detail} 在 SQL 中沒有完全對應的寫法", "target {target}: {detail} has no exact SQL counterpart"),
    "io.stdin": T("無法使用標準輸入", "standard input is not available"),
    "io.bad_name": T("無法讀取檔案：檔名無效", "cannot read file: invalid file name"),
    "io.not_regular": T("不是一般檔案（FIFO、裝置或 socket）；不等待其輸入", "is not a regular file (a FIFO, device or socket); refusing to wait on it"),
    "hint.stdin": T("請將資料導入標準輸入，並以 '-' 作為檔名", "pipe the data into standard input and give '-' as the file name"),
    "ui.bytes": T("{n:,} 位元組", "{n:,} bytes"),
    "ui.more_than_bytes": T("超過 {n:,} 位元組", "more than {n:,} bytes"),
    "too_many.columns_ignored": T("超過 {limit} 欄：{last} 欄之後的儲存格不會讀取", "more than {limit} columns: cells past column {last} are not read"),
    "hint.move_columns": T("請把資料移到申報表的欄位中", "move the data into the submission's columns"),
    "note.no_targets": T("第 {measure} 項措施在 {year} 年度沒有目標", "measure {measure} has no targets for year {year}"),
    "note.unknown_measures": T("報告提到沒有規則的措施：{measures}", "the report mentions measures with no rules: {measures}"),
    "note.unused_metric": T("第 {measure} 項措施：報告的指標「{name}」不在規則中，未使用；判定前可用 `target-rules validate` 檢查報告", "measure {measure}: reported metric '{name}' is not in the rules and was not used; `target-rules validate` checks a report before it is judged"),
    "note.unused_metric.hint": T("第 {measure} 項措施：報告的指標「{name}」不在規則中，未使用（{hint}）；判定前可用 `target-rules validate` 檢查報告", "measure {measure}: reported metric '{name}' is not in the rules and was not used ({hint}); `target-rules validate` checks a report before it is judged"),
    "hint.copy_title": T("請從 {file} 複製名稱", "copy the title from {file}"),
    "duplicate_target.year": T("目標編號「{target}」在 {year} 年度用了兩次（第一次在第 {line} 行）", "target id {target!r} is used twice in year {year} (first at line {line})"),
    "hint.number_targets": T("請依該年度目標文字編號，例如 45.1、45.2", "number the targets as the year's text does, e.g. 45.1, 45.2"),
    "hint.example_names": T("範例名稱會成為測試代號（m45::108::45.1::名稱），請勿重複", "example names make test ids (m45::108::45.1::NAME); keep them unique"),
    "contradictory_bounds.pair": T("目標「{a}」（{ra}）與「{b}」（{rb}）對{what}的要求無法同時達成", "targets {a!r} ({ra}) and {b!r} ({rb}) on {what} cannot both be met"),
    "hint.check_bounds": T("請對照方案原文檢查上下限與比較方式", "check the bounds and comparators against the plan's text"),
    "contradictory_bounds.composite": T("複合目標「{target}」需要所有目標達成，但對{what}，{listed} 無法同時達成", "composite {target!r} needs all of its targets, but on {what} {listed} cannot all be met"),
    "out_of_range.target_percent": T("目標「{target}」要求 {value}%，超出 0–100%", "target {target!r} asks for {value}%, outside 0-100%"),
    "hint.percent_range": T("百分比介於 0 與 100 之間", "a percentage is between 0 and 100"),
    "out_of_range.negative": T("目標「{target}」要求 {value}，是負數", "target {target!r} asks for {value}, a negative amount"),
    "unit_mismatch.bound_percent": T("界限 {raw} 是百分比，但指標「{name}」的單位是「{unit}」", "bound {raw!r} is a percentage, but metric {name!r} is measured in {unit!r}"),
    "hint.metric_unit": T("請用指標的單位書寫數值，比例請用 ratio 目標", "write the number in the metric's unit, or use a ratio target for a share"),
    "unit_mismatch.fraction": T("百分比指標「{name}」的界限 {value} 看來是小數；是不是 {percent}%？", "bound {value} on percent metric {name!r} looks like a fraction; did you mean {percent}%?"),
    "unit_mismatch.ratio_unit": T("界限 {raw} 是百分比，但比率的單位是「{unit}」", "bound {raw!r} is a percentage, but the ratio's unit is {unit!r}"),
    "hint.ratio_percent": T("請設 unit: '%' 並將運算式乘以 100，或把界限寫成小數", "set unit: '%' and multiply the expression by 100, or write the bound as a fraction"),
    "unit_mismatch.expression": T("運算式「{expression}」得出小數（0–1），但界限 {value} 是百分比", "expression {expression!r} gives a fraction (0-1), but the bound {value} is a percentage"),
    "hint.times_100": T("請乘以 100，例如 'approved / received * 100'", "multiply by 100, e.g. 'approved / received * 100'"),
    "hint.kind_none": T("方案寫「無」時，請寫一個 kind 為 none 的目標", "when the plan says 無, write one target of kind none"),
    "empty_year.text_none": T("{year} 年度的目標文字為「無」，卻有 none 以外的目標", "year {year}'s text says 無 but it has targets other than kind none"),
    "hint.label_both": T("請寫成 label: {{zh: ..., en: ...}}", "write label: {{zh: ..., en: ...}}"),
    "example.year": T("範例「{name}」是 {year} 年度的，但該年度沒有目標", "example {name!r} is for year {year}, which has no targets"),
    "example.unknown_target": T("範例「{name}」預期 {year} 年度不存在的目標「{target}」的判定", "example {name!r} expects a verdict for unknown target {target!r} of year {year}"),
    "example.target_elsewhere": T("範例「{name}」預期 {year} 年度不存在的目標「{target}」的判定（它是 {other} 年度的目標）", "example {name!r} expects a verdict for unknown target {target!r} of year {year} (it is a target of year {other})"),
    "example.bad_expect": T("範例「{name}」，目標「{target}」：{detail}", "example {name!r}, target {target!r}: {detail}"),
    "example.unknown_metric": T("範例「{name}」填了不存在的指標「{metric}」", "example {name!r} gives a value for unknown metric {metric!r}"),
    "ui.lint.target": T("目標「{name}」", "target {name!r}"),
    "ui.lint.metric": T("指標「{name}」", "metric {name!r}"),
    "ui.lint.milestone": T("里程碑「{name}」", "milestone {name!r}"),
    "ui.lint.expression": T("運算式「{name}」", "expression {name!r}"),
    "ui.lint.growth": T("「{name}」的成長率", "the growth of {name!r}"),
    "ui.template.title_plain": T("申報範本：{title}，{year} 年", "Submission template: {title}, year {year}"),
    "missing_value.agency": T("{agency}的「{name}」（{label}，{unit}）沒有填值", "no value for {name!r} ({label}, {unit}) of {agency}"),
    "total_mismatch.stated": T("「{name}」所填合計 {total} 與各部分加總 {sum} 不符", "the stated total of {name!r}, {total}, disagrees with its parts, which add up to {sum}"),
    "hint.fix_total": T("請更正合計或有誤的部分；合併時以各部分為準", "correct the total or the part that is wrong; the parts are what is combined"),
    "conflict": T("數值互相衝突：{detail}", "conflicting figures: {detail}"),
    "no_basis": T("沒有計算基礎：{detail}", "no basis: {detail}"),
    "wrong_kind_of_file": T("這個檔案不是這裡要的檔案種類", "this file is not the kind of file expected here"),
    "wrong_kind_of_file.report": T("這是一份報告（有 year、measures），不是規則檔：規則檔一檔一項措施（measure:）；報告請以 --report 提供", "this is a report (year, measures), not a rule file: a rule file holds one measure (measure:); give reports with --report"),
    "wrong_kind_of_file.plan": T("這是方案檔（plan、agencies），不是規則檔：方案檔是所給規則資料夾最上層的 plan.yaml（例如 lint rules/）", "this is a plan file (plan, agencies), not a rule file: the plan file is plan.yaml at the top of the rules directory you give (lint rules/, say)"),
    "wrong_kind_of_file.rules": T("這是規則檔（measure、years），不是報告：規則請以 --rules 提供", "this is a rule file (measure, years), not a report: give rules with --rules"),
    "not_a_part": T("機關「{agency}」不是「{name}」目標所列的機關之一", "agency {agency!r} is not one of the parts of the target on {name!r}"),
    "percent_without_basis": T("百分比沒有分子分母，無法合併：{detail}", "a percentage without its basis cannot be combined: {detail}"),
    "usage": T("用法錯誤：{detail}", "usage: {detail}"),
    # ---- collecting several agencies' submissions (submissions/collect.py, combine.py) -------------
    "empty.report": T("無法產生報告", "no report could be built"),
    "missing.year": T("申報檔沒有寫明年度", "the submissions do not say their year"),
    "hint.give_year": T("請用 --year 指定年度", "give --year"),
    "usage.needs_rules": T("這些申報須依規則合併（試算表，或同一指標分在數個檔案）", "these submissions are combined against the rules (spreadsheets, or one metric in several files)"),
    "hint.pass_rules": T("請一併提供規則：tr.load_report(paths, rules='rules/', year=107)", "pass the rules: tr.load_report(paths, rules='rules/', year=107)"),
    "percent_without_basis.parts": T("第 {measure} 項措施：{listed} 沒有分子分母，無法合併；請填報分子分母，或宣告權重（「{name}」由 {who} 填報）", "measure {measure}: {listed} cannot be combined without their counts: report the counts, or declare a weight ({name!r} is reported by {who})"),
    "hint.percent_basis": T("請在規則檔為「{name}」設定 numerator 與 denominator（計數型指標），或 weight: <指標>；若只有一個機關可填報，請設 combine: single", "in the rule file give {name!r} numerator and denominator (metrics of counts), or weight: <a metric>; or combine: single when only one agency may report it"),
    "conflict.twice": T("第 {measure} 項措施：{agency}填報了兩次「{name}」（{first} 與 {second}）；在刪除其中一筆之前不予採用", "measure {measure}: {agency} reports {name!r} twice, in {first} and {second}; it is left out until one is removed"),
    "hint.keep_one": T("請只保留其中一個數值（更正的檔案會取代先前的檔案）", "keep one of the two figures (a correction replaces the earlier file)"),
    "conflict.no_agency": T("第 {measure} 項措施：{where} 的「{name}」沒有註明填報機關，而 {others} 也填報了它：合併會重複計算", "measure {measure}: {name!r} in {where} does not say which agency reported it, and {others} also report it: it cannot be combined without double counting"),
    "ui.another_file": T("另一個檔案", "another file"),
    "hint.add_agency": T("請在檔案加上 agency: <填報機關>（或填寫該列的 agency 欄）", "add agency: <the reporting agency> to the file (or the row's agency column)"),
    "conflict.single": T("第 {measure} 項措施：「{name}」只由一個機關填報，但 {a}（{a_where}）與 {b}（{b_where}）都填報了", "measure {measure}: {name!r} has a single owner, but {a} ({a_where}) and {b} ({b_where}) both report it"),
    "hint.remove_other": T("「{name}」只由一個機關填報：請刪除另一個數值", "only one agency reports {name!r}: remove the other figure"),
    "no_basis.ratio_zero": T("第 {measure} 項措施：「{name}」由數個機關填報，須以 {numerator} / {denominator} 重新計算，但 {lacking} 為零", "measure {measure}: {name!r} is reported by several agencies and is recomputed as {numerator} / {denominator}, but {lacking} is zero"),
    "no_basis.ratio_missing": T("第 {measure} 項措施：「{name}」由數個機關填報，須以 {numerator} / {denominator} 重新計算，但 {lacking} 沒有填報", "measure {measure}: {name!r} is reported by several agencies and is recomputed as {numerator} / {denominator}, but {lacking} is not reported"),
    "hint.report_basis": T("請在 {name} 旁一併填報 {numerator} 與 {denominator}", "report {numerator} and {denominator} beside {name}"),
    "no_basis.weight": T("第 {measure} 項措施：{agency}的「{name}」以 {weight} 加權，但{agency}沒有填報 {weight}", "measure {measure}: {name!r} of {agency} is weighted by {weight}, which {agency} does not report"),
    "hint.report_weight": T("請填報{agency}的 {weight}", "report {weight} for {agency}"),
    "no_basis.zero_weights": T("第 {measure} 項措施：「{name}」的權重合計為 0", "measure {measure}: the weights of {name!r} add up to 0"),
    "note.none_reported": T("沒有任何機關填報數值", "no agency reported a figure"),
    "note.milestone_gaps": T("並非每個機關都填報了里程碑：{agencies}", "not every agency reported its milestone: {agencies}"),
    "note.recomputed": T("由各部分重新計算：{numerator} {a} / {denominator} {b}", "recomputed from the parts: {numerator} {a} / {denominator} {b}"),
    "note.weighted": T("以 {weight} 加權", "weighted by {weight}"),
    # ---- the status board and collect's summary (render/status.py, cli/collect.py) ----------------
    "ui.status.agency": T("機關", "agency"),
    "ui.status.owed": T("應填", "owed"),
    "ui.status.arrived": T("已到", "arrived"),
    "ui.status.missing": T("缺", "missing"),
    "ui.status.errors": T("錯誤", "errors"),
    "ui.status.state": T("狀態", "state"),
    "ui.status.unattributed": T("（未註明機關）", "(unattributed)"),
    "ui.status.metric": T("{metric}（{label}）", "{metric} ({label})"),
    "ui.status.missing_line": T("{agency}：缺 {metrics}", "{agency}: missing {metrics}"),
    "ui.status.error_line": T("{agency}：{problem}", "{agency}: {problem}"),
    "ui.left_out": T("未採用：{file}：{reason}", "left out: {file}: {reason}"),
    "ui.status.summary": T("{year} 年度：應填 {owed} 項，已到 {arrived} 項，缺 {missing} 項；{files} 個檔案中有 {errors} 個錯誤（{left_out} 個未採用）", "year {year}: {arrived} of {owed} owed figures arrived, {missing} missing, {errors} errors in {files} files ({left_out} left out)"),
    "ui.ok": T("通過", "ok"),
    "ui.failed": T("未通過", "FAILED"),
    "ui.collect.summary": T("{ok}：{total} 份申報中 {used} 份合併為 {measures} 項措施、{metrics} 個指標；{errors} 個錯誤；已寫入 {written} 個檔案到 {output}", "{ok}: {used} of {total} submissions combined into {measures} measures, {metrics} metrics; {errors} errors; wrote {written} files to {output}"),
    "ui.collect.output_inside": T("target-rules collect：-o {output} 位於申報資料夾 {folder} 之內：下次會把報告當成申報讀入；請寫到其他位置", "target-rules collect: -o {output} is inside the submissions folder {folder}: the report would be read back as a submission next time; write it elsewhere"),
    # ---- tables judged in SQL (engine/duck.py, engine/sql.py) ---------------------------------------
    "ui.no_suffix": T("沒有副檔名", "no suffix"),
    "file_type.output": T("輸出檔名必須以 .parquet 或 .csv 結尾", "the output must end in .parquet or .csv"),
    "hint.numpy_engine": T("照一般寫法填寫的數字（1億、72.69%）可用 evaluate_columns(engine='numpy') 讀取", "numbers written as people write them (1億, 72.69%) are read by evaluate_columns(engine='numpy')"),
    "hint.numpy_engine.convert": T("照一般寫法填寫的數字（1億、72.69%）可用 evaluate_columns(engine='numpy') 讀取；或先把這個欄位轉成數字", "numbers written as people write them (1億, 72.69%) are read by evaluate_columns(engine='numpy'); convert the column to a number first"),
    "sql_unsupported.judges": T("目標 {target}：{detail} 在 SQL 中沒有完全對應的寫法（SQL 可判定 + - * / %、負號、min、max、abs、比較、and、or、not）", "target {target}: {detail} has no exact SQL counterpart (SQL judges + - * / %, unary -, min, max, abs, comparisons, and, or, not)"),
    "name_too_long": T("名稱「{name}」有 {n} 位元組；{dialect} 只保留名稱的前 {limit} 位元組，兩個欄位可能因此變成同一個；請把欄位改成較短的名稱", "the name {name!r} is {n} bytes long; {dialect} keeps only the first {limit} bytes of a name, so two columns could become one; rename the column to something shorter"),
    "sql_unsupported.modulo": T("目標 {target}：% 用於浮點數時，{dialect} 沒有完全對應的寫法（它的 % 與 MOD 只接受整數與 NUMERIC，而浮點數轉成 NUMERIC 只留 15 位）；請改印 duckdb、spark 或 trino 的查詢", "target {target}: % on floating-point values has no exact {dialect} counterpart (its % and MOD take integers and NUMERIC only, and a double converts to NUMERIC rounded to 15 digits); print the query for duckdb, spark or trino"),
    "missing_column.table": T("缺少欄位「{name}」；目標 {target} 需要讀取它", "column {name!r} is missing; target {target} reads it"),
    "ui.column_of": T("欄位「{name}」：{kind}", "a column {name!r}: {kind}"),
    "ui.column.number": T("數值欄位（整數、定點數或浮點數）", "a numeric column (integer, decimal or floating point)"),
    "ui.column.milestone": T("里程碑代號的文字欄位", "a text column of milestone ids"),
    "ui.column.date": T("DATE 或 TIMESTAMP 欄位（或以文字寫的 ISO 日期）", "a DATE or TIMESTAMP column (or ISO dates as text)"),
    "ui.n_columns": T("{n} 個欄位", "{n} columns"),
    "ui.n_columns_named": T("{n} 個欄位（{names}）", "{n} columns ({names})"),
    # ---- reading the source document (authoring/source_records.py) ----------------------------------
    "numbering.gap": T("序次 {number} 接在 {previous} 之後：編號不連續", "序次 {number} follows {previous}: numbering is not consecutive"),
    "numbering.not_a_number": T("序次的值 {value} 不是數字；當作 {number}", "序次 value {value!r} is not a number; taken as {number}"),
    "duplicate_measure.source": T("序次 {number} 出現兩次", "序次 {number} appears twice"),
    "outside_record.field": T("第一個序次之前的欄位「{name}」不會讀取", "field {name!r} before the first 序次 line is ignored"),
    "unknown_field.kept": T("第 {measure} 項措施：不認得的欄位「{name}」，照原樣保留", "measure {measure}: unknown field {name!r} kept as is"),
    "duplicate_field.joined": T("第 {measure} 項措施：欄位「{name}」再次出現；兩段內容合併", "measure {measure}: field {name!r} appears again; the values are joined"),
    "stray_text.before_field": T("第 {measure} 項措施：第一個欄位之前的文字不會讀取：{text}", "measure {measure}: text before the first field is ignored: {text}"),
    "missing_field.measure": T("第 {measure} 項措施：缺少 {fields}", "measure {measure}: missing {fields}"),
    "missing_field.targets": T("第 {measure} 項措施：沒有任何年度的績效目標值欄位", "measure {measure}: no 績效目標值 field for any year"),
    "no_records.source": T("找不到任何措施：每項措施應以「序次<TAB>n」這一行開始", "no records found: expected lines '序次<TAB>n' starting each measure"),
    # ---- the importer's drafts (authoring/importer.py) ------------------------------------------------
    "needs_review.target": T("第 {measure} 項措施，{year} 年度目標 {target}：{what}：{text}", "measure {measure}, {year} target {target}: {what}: {text}"),
    "needs_review.empty": T("第 {measure} 項措施，{year} 年度目標 {target}：績效目標值是空的，草擬為 kind none", "measure {measure}, {year} target {target}: empty 績效目標值, drafted as kind none"),
    "ui.import.two": T("{a}；{b}", "{a}; {b}"),
    "ui.import.growth": T("成長 {value}% 已草擬，但基準指標「{baseline}」是暫填的", "growth of {value}% drafted with a placeholder baseline metric {baseline!r}"),
    "ui.import.breakdown": T("草擬為按機關分列（breakdown）{parts}，合計 {value}", "drafted as a breakdown {parts} totalling {value}"),
    "ui.import.completion": T("找不到帶單位的數字；草擬為交付項目（in_progress -> completed）", "no number with a unit found; drafted as a deliverable (in_progress -> completed)"),
    "ui.import.stray": T("沒有單位的數字：{stray}", "numbers without a unit: {stray}"),
    "ui.import.stray_ignored": T("沒有單位的數字未採用：{stray}", "numbers without a unit were ignored: {stray}"),
    "ui.import.extra": T("這一項另外要求「{clauses}」，未草擬為目標", "the item also asks for 「{clauses}」, not drafted as a target"),
    "ui.import.composite": T("這一項寫了 {n} 個數字；草擬為 {n} 個須全部達成的目標（{ids}）——請確認指標與 mode", "the item states {n} numbers; drafted as {n} targets ({ids}) that must all be met — check the metrics and the mode"),
    "strategy.unreadable": T("第 {measure} 項措施：無法從 {value} 讀出策略編號；暫寫為 1，待確認", "measure {measure}: cannot read the strategy number from {value!r}; written as 1 for review"),
    "agencies.none": T("第 {measure} 項措施：沒有辦理機關；暫寫為 '(unknown)'，待確認", "measure {measure}: no 辦理機關; written as '(unknown)' for review"),
    "draft_invalid.at": T("第 {measure} 項措施：草稿在 {loc} 不符規定：{detail}", "measure {measure}: the draft does not validate at {loc}: {detail}"),
    "importer_bug.failed": T("第 {measure} 項措施：匯入程式失敗：{kind}: {error}", "measure {measure}: the importer failed: {kind}: {error}"),
    "hint.comma_split": T('{{ }} 裡的逗號會開始一個新欄位，所以這看來是在逗號處被截斷的文字的後半段：請把整段文字加上引號，例如 {{zh: "甲, 乙"}} 或 quote: "共 1,200 人"', 'a comma inside {{ }} starts a new field, so this looks like the rest of a text cut at a comma: put the whole text in quotes, e.g. {{zh: "甲, 乙"}} or quote: "共 1,200 人"'),
    "ui.import.columns": T("措施|目標|數值|完成|無|待確認|檔案", "measure|targets|numeric|completion|none|review|file"),
    "ui.import.invalid": T("（無效）", "(INVALID)"),
    "ui.import.total": T("合計", "total"),
    "ui.import.totals": T("{errors} 個錯誤、{warnings} 個警告；{review} 個目標標示為 'DRAFT: needs review'（待確認）", "{errors} error(s), {warnings} warning(s); {review} target(s) marked 'DRAFT: needs review'"),
    "ui.wrote": T("已寫入 {file}", "wrote {file}"),
    "io.not_a_directory": T("{path}：錯誤：不是資料夾", "{path}: error: not a directory"),
    "io.exists": T("{path}：錯誤：檔案已存在，未覆寫（要覆寫請加 --force）", "{path}: error: exists; not overwritten (use --force)"),
    # ---- hints and words used inside messages -------------------------------------------------------
    "syntax.opens": T("{detail}；{opened}從第 {start_line} 行第 {start_column} 欄開始，解析停在第 {stop_line} 行第 {stop_column} 欄", "{detail}; {opened} that opens at line {start_line}, column {start_column}, parsing stopped at line {stop_line}, column {stop_column}"),
    "hint.yaml.tabs": T("YAML 不能用 Tab 縮排，請改用空白", "YAML does not allow tabs for indentation: indent with spaces"),
    "hint.yaml.quote": T("開頭的引號必須在同一個值結束：檢查是否少了 \" 或 '", "a quote that opens must close on the same value: check for a missing \" or '"),
    "hint.yaml.flow": T("{{ 或 [ 必須在同一個值用 {closer} 結束；含有逗號、冒號或括號的文字要加引號，例如 quote: \"共 1,200 人參加\"", "a {{ or [ must close with its {closer} on the value it opens; text containing a comma, a colon or a bracket goes in quotes, e.g. quote: \"共 1,200 人參加\""),
    "hint.yaml.colon": T("含有「: 」的值要加引號（quote: \"達成率: 90%\"），或這一行縮排在已經有值的鍵底下", "a value containing ': ' must be quoted (quote: \"達成率: 90%\"), or the line is indented under a key that already has a value"),
    "hint.yaml.indent": T("檢查縮排：同一層的鍵從同一欄開始，下一層的鍵再往右縮", "check the indentation: keys of one mapping start in the same column, nested keys further right"),
    "hint.did_you_mean": T("是不是「{name}」？", "did you mean {name!r}?"),
    "ui.error": T("錯誤", "error"),
    "ui.warning": T("警告", "warning"),
    "ui.colon": T("：", ": "),
    "ui.at": T("（位置：{path}）", " (at {path})"),
    "ui.expected": T("應為 {value}", "expected {value}"),
    "ui.found": T("實際為 {value}", "found {value}"),
    "ui.details_sep": T("；", "; "),
    "ui.list_sep": T("、", ", "),
    "ui.details_join": T("，", ", "),
    "ui.document": T("（整份文件）", "(document)"),
    "ui.one_of": T("下列之一：{choices}", "one of {choices}"),
    "ui.text": T("{zh}", "{en}"),
    "ui.validate.clean": T("通過：檢查 {files} 個檔案、{targets} 個目標，沒有問題",
                           "ok: {files_en} checked, {targets_en}, no problems"),
    "ui.validate.ok": T("通過：{files} 個檔案中有 {errors} 個錯誤、{warnings} 個警告",
                        "ok: {errors_en}, {warnings_en} in {files_en}"),
    "ui.validate.failed": T("未通過：{files} 個檔案中有 {errors} 個錯誤、{warnings} 個警告",
                            "FAILED: {errors_en}, {warnings_en} in {files_en}"),
    "ui.validate.counts": T("{errors} 個錯誤、{warnings} 個警告", "{errors_en}, {warnings_en}"),  # a bilingual datum (a label from the rules): see bi()
    # ---- cli-lang: the command line's own words (cli/, cli/parser.py): help, usage, argparse's errors --
    "ui.cli.usage": T("用法：", "usage: "),
    "ui.cli.positionals": T("位置引數", "positional arguments"),
    "ui.cli.options": T("選項", "options"),
    "ui.cli.help": T("顯示這段說明後結束", "show this help message and exit"),
    "ui.cli.version": T("顯示程式版本後結束", "show program's version number and exit"),
    "ui.cli.lang": T("訊息與輸出的語言（預設：專案設定的語言，其次是方案檔的語言，再其次依系統語系：中文語系用 zh，其他用 en）", "language of messages and output (default: the project configuration's, else the plan file's, else the locale: zh when it names Chinese, otherwise en)"),
    "ui.cli.example": T("範例：", "example:"),
    "ui.cli.exit_status": T("結束代碼：0 成功，1 資料有錯誤，2 用法或規則檔錯誤", "exit status: 0 success, 1 the data has errors, 2 a usage or rule-file error"),
    "ui.cli.description": T("判定年度績效目標：以宣告式 YAML 規則，將各機關填報的數值判定為達成或未達成。", "Judge yearly performance targets: declarative YAML rules -> met/unmet verdicts."),
    "ui.cli.error": T("{prog}：錯誤：{message}", "{prog}: error: {message}"),
    "ui.cli.argument": T("引數 {name}：{message}", "argument {name}: {message}"),
    "ui.cli.invalid_choice": T("無效的選擇：{value}（可選：{choices}）", "invalid choice: {value} (choose from {choices})"),
    "ui.cli.invalid_value": T("無效的{type}：{value}", "invalid {type} value: {value}"),
    "ui.cli.type.int": T("整數", "int"),
    "ui.cli.type.float": T("數字", "float"),
    "ui.cli.expected_one": T("需要一個值", "expected one argument"),
    "ui.cli.expected_at_most_one": T("最多只能有一個值", "expected at most one argument"),
    "ui.cli.expected_at_least_one": T("至少需要一個值", "expected at least one argument"),
    "ui.cli.expected_n": T("需要 {n} 個值", "expected {n} arguments"),
    "ui.cli.unrecognized": T("無法辨識的引數：{args}", "unrecognized arguments: {args}"),
    "ui.cli.required": T("缺少必要的引數：{args}", "the following arguments are required: {args}"),
    "ui.cli.one_required": T("{args} 須擇一填寫", "one of the arguments {args} is required"),
    "ui.cli.not_allowed_with": T("不可與 {args} 同時使用", "not allowed with argument {args}"),
    "ui.cli.ambiguous": T("選項 {option} 不明確，可能是 {matches}", "ambiguous option: {option} could match {matches}"),
    "ui.cli.ignored_explicit": T("此選項不接受值：{value}", "ignored explicit argument {value}"),
    "ui.cli.no_rules": T("{command}：沒有指定規則：請加上 --rules 資料夾，或在 [tool.target-rules]（pyproject.toml）或 target-rules.toml 設定 rules", "{command}: no rules given: pass --rules DIR, or set rules in [tool.target-rules] (pyproject.toml) or target-rules.toml"),
    "ui.cli.year_required": T("{command}：必須指定 --year（或在 [tool.target-rules] 設定 year）", "{command}: --year is required (or set year in [tool.target-rules])"),
    "ui.cli.no_such_path": T("{command}：找不到檔案或資料夾：{paths}", "{command}: no such file or directory: {paths}"),
    "ui.cli.no_targets_for_year": T("{command}：{year} 年度沒有目標（有目標的年度：{years}）", "{command}: no targets for year {year} (years: {years})"),
    "ui.cli.none": T("無", "none"),
    "ui.cli.opt.rules": T("規則檔或資料夾（預設：專案設定的 rules）", "rule files or directories (default: the project configuration's)"),
    "ui.cli.opt.rules_positional": T("規則檔或資料夾（預設：專案設定的 rules，否則為 rules 資料夾）", "rule files or directories (default: the project configuration's, else rules)"),
    "ui.cli.opt.year": T("方案年度，依方案的紀年（民國紀年寫 107，西元紀年寫 2018；預設：專案設定的 year）", "plan year in the plan's calendar, e.g. 107 (ROC) or 2018 (gregorian) (default: the project configuration's)"),
    "ui.cli.opt.year_report": T("方案年度，依方案的紀年（民國紀年寫 107，西元紀年寫 2018；預設：報告所寫的年度）", "plan year in the plan's calendar, e.g. 107 (ROC) or 2018 (gregorian); default: the report's year"),
    "ui.cli.opt.report": T("報告檔、各段報告所在的資料夾，或各機關的申報檔（yaml、json、csv、xlsx）", "report file(s), a directory of fragments, or agencies' submissions (yaml, json, csv, xlsx)"),
    "ui.cli.opt.submissions_mixed": T("申報檔或資料夾（可混用各種格式）", "submission files or directories (formats may be mixed)"),
    "ui.cli.opt.output": T("寫入這個檔案，而不是印在螢幕上（標準輸出）", "write to this file instead of standard output"),
    "ui.cli.opt.diagnostics": T("問題的列印格式（預設 text：每個問題一行）", "how the problems are printed (default text: one line each)"),
    "ui.cli.collect": T("把各機關的申報（yaml、json、csv、xlsx；檔案或資料夾）合併成一份報告", "combine agencies' submissions (yaml, json, csv, xlsx; files or directories) into one report"),
    "ui.cli.collect.output": T("合併後報告的資料夾", "directory for the combined report"),
    "ui.cli.collect.format": T("問題的列印格式", "how problems are printed"),
    "ui.cli.evaluate": T("依規則判定一份報告，每個目標印一行", "evaluate a report against the rules and print one line per target"),
    "ui.cli.evaluate.format": T("輸出格式（預設 text）", "output format (default text)"),
    "ui.cli.evaluate.only": T("text 格式：只列出這些狀態的目標，例如 unmet,missing（摘要仍計算全部）", "text: list only targets with these statuses, e.g. unmet,missing (the summary counts all)"),
    "ui.cli.evaluate.explain": T("text 格式：說明每個目標（預設只說明未達成與缺資料的目標）", "text: explain every target (default: only unmet and missing ones)"),
    "ui.cli.evaluate.no_explain": T("text 格式：不附說明", "text: no explanations"),
    "ui.cli.evaluate.unknown_status": T("不認得的狀態「{word}」{hint}；可用：{statuses}", "unknown status {word!r}{hint}; expected some of {statuses}"),
    "ui.cli.evaluate.hint": T("（{hint}）", " ({hint})"),
    "ui.cli.evaluate.no_status": T("請至少寫一個狀態：{statuses}", "name at least one status: {statuses}"),
    "ui.cli.evaluate.only_text": T("target-rules evaluate：--only 只適用於 --format text", "target-rules evaluate: --only applies to --format text"),
    "ui.cli.evaluate.no_cjk": T("target-rules evaluate：標準輸出（{encoding}）無法顯示中文；請用 --lang en、-o 檔名，或設定 PYTHONIOENCODING=utf-8", "target-rules evaluate: standard output ({encoding}) cannot show Chinese; use --lang en, -o FILE, or set PYTHONIOENCODING=utf-8"),
    "ui.cli.evaluate-table": T("在 DuckDB 中判定一個申報資料表（CSV 或 Parquet，每列一份申報，欄位為「<措施>.<指標>」，可另有 period_end：早於年底的日期使該列的判定註記為暫定），每份申報寫出一列：每個目標的狀態、實際值、達成率與註記", "judge a CSV or Parquet table of submissions (one row each, columns '<measure>.<metric>', optionally 'period_end': a date before the year's end flags the row's verdicts provisional) in DuckDB and write a row per submission with each target's status, actual, rate and flags"),
    "ui.cli.evaluate-table.table": T(".csv 或 .parquet 檔，每列一份申報", "a .csv or .parquet file, one submission per row"),
    "ui.cli.evaluate-table.output": T("輸出檔 OUT.parquet 或 OUT.csv（整檔寫入，不會寫一半）", "OUT.parquet or OUT.csv (written atomically)"),
    "ui.cli.evaluate-table.wrote": T("已寫入 {file}：{rows} 列，{targets} 個目標", "wrote {file}: {rows} rows, {targets} targets"),
    "ui.cli.import": T("從方案的執行報告（以 Tab 分隔）草擬規則檔（OUTDIR/mNN.yaml）", "draft rule files (OUTDIR/mNN.yaml) from the plan's tab-separated execution report"),
    "ui.cli.import.source": T("原始文件（UTF-8 文字檔，每行「欄位<Tab>內容」）", "the source document (UTF-8 text, one '<field>\\t<value>' per line)"),
    "ui.cli.import.output": T("草稿的資料夾", "directory for the drafted files"),
    "ui.cli.import.force": T("覆寫 OUTDIR 中已有的規則檔（預設不覆寫任何檔案）", "overwrite rule files that already exist in OUTDIR (by default nothing is overwritten)"),
    "ui.cli.import.quiet": T("只印合計與問題", "print only the totals and the problems"),
    "ui.cli.lint": T("檢查規則檔的錯誤（目標編號重複、上下限矛盾、單位不符……）", "check rule files for mistakes (duplicate ids, contradictory bounds, unit mismatches, ...)"),
    "ui.cli.lint.strict": T("有警告也以代碼 1 結束", "exit 1 on warnings too"),
    "ui.cli.lint.no_warnings": T("只印錯誤", "print errors only"),
    "ui.cli.lint.ignore": T("不報告這個代碼的警告（可重複；也可在設定檔寫 ignore）", "drop warnings with this code (repeatable; also `ignore` in the configuration)"),
    "ui.cli.lint.summary": T("{files} 個檔案中有 {errors} 個錯誤、{warnings} 個警告", "{errors_en}, {warnings_en} in {files_en}"),
    "ui.cli.report": T("寫出給人閱讀的報告：獨立的 HTML、Markdown 或 Excel，可與前一年度比較", "write a report for people: self-contained HTML, Markdown or Excel, optionally year over year"),
    "ui.cli.report.format": T("報告格式（預設 html）", "report format (default html)"),
    "ui.cli.report.previous_report": T("要比較的前一年度報告", "an earlier year's report to compare with"),
    "ui.cli.report.previous_year": T("前一年度（預設：該報告所寫的年度）", "the earlier year (default: that report's year)"),
    "ui.cli.report.output": T("寫入這個檔案，而不是印在螢幕上（xlsx 必須指定）", "write to this file (required for xlsx) instead of standard output"),
    "ui.cli.report.previous_year_alone": T("target-rules report：--previous-year 需要搭配 --previous-report", "target-rules report: --previous-year needs --previous-report"),
    "ui.cli.report.previous_not_earlier": T("target-rules report：--previous-report 是 {previous} 年度的報告，不早於 {year} 年度；請提供前一年度的報告", "target-rules report: --previous-report is for year {previous}, not earlier than {year}; give the earlier year's report"),
    "ui.cli.report.wrote": T("已寫入 {file}（{measures} 項措施，{year} 年度）", "wrote {file} ({measures} measures, year {year})"),
    "ui.cli.schema": T("印出規則檔（rules）、報告（report）或 plan.yaml（plan）的 JSON Schema，供編輯器使用", "print the JSON Schema of rule files (rules), reports (report) or plan.yaml (plan), for editors"),
    "ui.cli.schema.kind": T("哪一種格式：rules、report 或 plan（預設 rules）", "which format: rules, report or plan (default: rules)"),
    "ui.cli.sql": T("印出依某年度目標判定申報資料表（每列一份申報）的 SQL 查詢", "print the SQL query judging a table of submissions (one row each) against a year's targets"),
    "ui.cli.sql.dialect": T("SQL 方言（預設 duckdb）", "SQL dialect (default: duckdb)"),
    "ui.cli.sql.table": T("要讀取的資料表（預設 submissions）", "the table to read (default: submissions)"),
    "ui.cli.sql.status": T("狀態寫成 met/unmet/not_applicable/missing（預設 word），或寫成代碼 0-3（code）", "status as met/unmet/not_applicable/missing (default) or as the codes 0-3"),
    "ui.cli.sql.period_end": T("資料表有 period_end 欄位（日期）：資料期間早於年底結束的列，其判定註記為暫定", "the table has a period_end column (a date): verdicts of rows whose figures end before the year does are flagged provisional"),
    "ui.cli.sql.keep": T("先複製到輸出的資料表欄位（以逗號分隔）", "columns of the table to copy to the output first, e.g. id,agency"),
    "ui.cli.sql.wrote": T("已寫入 {file}：{targets} 個目標，讀取 {columns} 個欄位", "wrote {file}: {targets} targets, {columns} columns read"),
    "ui.cli.status": T("每個機關：應填什麼、已到什麼、缺什麼、哪些有錯誤", "per agency: what it owes, what has arrived, what is missing and what has errors"),
    "ui.cli.status.format": T("輸出格式（預設 text）", "output format (default text)"),
    "ui.cli.status.fail_on": T("有錯誤時（error），或還有應填項目沒到時（missing），以代碼 1 結束", "exit 1 on errors (error), or also while anything owed has not arrived (missing)"),
    "ui.cli.status.exit_status": T("結束代碼：0 已列出，1 發現 --fail-on 所指的情形（錯誤，或有缺漏），2 用法或規則檔錯誤", "exit status: 0 shown, 1 what --fail-on names was found (errors, or anything missing), 2 a usage or rule-file error"),
    "ui.cli.template": T("寫出某年度、某項措施、某機關的申報範本（xlsx、csv 或 yaml）", "write a fill-in submission template (xlsx, csv or yaml) for one year, measure and agency"),
    "ui.cli.template.measure": T("只列這項措施（措施序次）", "only this measure (by its number)"),
    "ui.cli.template.agency": T("只列這個機關應填的項目（預設：所有指標）", "only what this agency owes (default: every metric)"),
    "ui.cli.template.every_agency": T("規則有要求的每個機關各寫一份範本，寫到 -o 指定的資料夾", "one template per agency the rules ask something of, written into the directory -o DIR"),
    "ui.cli.template.format": T("範本格式（預設 yaml）", "template format (default yaml)"),
    "ui.cli.template.output": T("寫入這個檔案（xlsx 必須指定；搭配 --every-agency 時為資料夾）", "write to this file (required for xlsx; a directory with --every-agency)"),
    "ui.cli.template.every_agency_needs_output": T("target-rules template：--every-agency 需要 -o 資料夾", "target-rules template: --every-agency needs -o DIR"),
    "ui.cli.template.wrote_every": T("已寫入 {n} 份範本到 {folder}", "wrote {n} templates to {folder}"),
    "ui.cli.test": T("執行規則檔內的範例：像測試工具一樣列出失敗的範例與一行摘要", "run the examples inside rule files: failures and a one-line summary, like a test runner"),
    "ui.cli.test.verbose": T("每個案例一行，通過的也列出", "one line per case, passing ones too"),
    "ui.cli.test.quiet": T("只列失敗，不附說明", "failures only, without explanations"),
    "ui.cli.test.select": T("只執行代號含有 TEXT 的案例", "run only cases whose id contains TEXT"),
    "ui.cli.test.coverage": T("列出沒有任何範例檢驗的目標", "list the targets no example reaches"),
    "ui.cli.test.require_coverage": T("有目標沒有範例時失敗（代碼 1）；包含 --coverage", "fail (exit 1) when a target has no example; implies --coverage"),
    "ui.cli.test.exit_status": T("結束代碼：0 所有範例通過，1 有範例失敗（或加 --require-coverage 時有目標沒有範例），2 用法或規則檔錯誤，5 沒有收集到任何範例", "exit status: 0 every example passed, 1 an example failed (or, with --require-coverage, a target has none), 2 a usage or rule-file error, 5 no example was collected"),
    "ui.cli.test.no_rule_files": T("target-rules test：{where} 沒有規則檔；沒有執行任何範例", "target-rules test: no rule files in {where}; no examples ran"),
    "ui.cli.test.passed": T("通過", "PASSED"),
    "ui.cli.test.failed": T("失敗", "FAILED"),
    "ui.cli.test.explanation": T("說明：{text}", "explanation: {text}"),
    "ui.cli.test.none_ran": T("沒有執行任何範例", "no examples ran"),
    "ui.cli.test.none_matched": T("沒有執行任何範例（沒有案例符合 -k {select}）", "no examples ran (none matched -k {select!r})"),
    "ui.cli.test.summary": T("{passed} 個通過、{failed} 個失敗（{examples} 個範例）", "{passed_en}, {failed_en} ({examples_en})"),
    "ui.cli.test.uncovered_one": T("；{n} 個目標沒有範例", "; {n} target has no example"),
    "ui.cli.test.uncovered": T("；{n} 個目標沒有範例", "; {n} targets have no example"),
    "ui.cli.test.coverage_lists": T("（--coverage 會列出）", " (--coverage lists them)"),
    "ui.cli.validate": T("依規則檢查申報（yaml、json、csv、xlsx）：列出每個問題與其位置", "check a submission (yaml, json, csv, xlsx) against the rules: every problem, with its place"),
    "ui.cli.validate.submission": T("申報檔或資料夾", "submission file(s) or a directory"),
    "ui.cli.validate.year": T("方案年度，依方案的紀年（民國紀年寫 107，西元紀年寫 2018；預設：申報所寫的年度）", "plan year in the plan's calendar, e.g. 107 (ROC) or 2018 (gregorian); default: the submission's year"),
    "ui.cli.validate.agency": T("申報機關：它應填的每一項都必須填報", "the submitting agency: everything it owes must be reported"),
    "ui.cli.validate.strict": T("警告也視為錯誤", "treat warnings as errors"),
    "ui.cli.validate.fail_on": T("unmet：另外判定，有目標未達成時也失敗", "unmet: also evaluate, and fail when a target is not met"),
    "ui.cli.validate.max_bytes": T("可接受的最大檔案（預設 20 MiB）", "largest file accepted (default 20 MiB)"),
    "ui.cli.validate.max_depth": T("可接受的最深巢狀層次（預設 64）", "deepest nesting accepted (default 64)"),
    "ui.cli.validate.max_rows": T("試算表可接受的最多列數（預設 20000）", "most spreadsheet rows accepted (default 20000)"),
    "ui.cli.validate.at_least_1": T("target-rules validate：{option} 至少要是 1", "target-rules validate: {option} must be at least 1"),
    "ui.output.over_input": T("{file}：拒絕把輸出寫在輸入檔上（{input}）", "{file}: refusing to write the output over an input file ({input})"),
    "ui.output.directory": T("{file}：這是資料夾；請給檔名", "{file}: is a directory; give a file name"),
    "ui.output.no_directory": T("{file}：資料夾 {folder} 不存在", "{file}: directory {folder} does not exist"),
    "ui.output.not_directory": T("{file}：{folder} 不是資料夾", "{file}: {folder} is not a directory"),
    "ui.output.folder_denied": T("{file}：無法寫入 {folder}（沒有權限）", "{file}: cannot write in {folder} (permission denied)"),
    "ui.output.file_denied": T("{file}：檔案已存在且不可寫入（沒有權限）", "{file}: the file exists and is not writable (permission denied)"),
    "ui.output.cannot_write": T("{file}：無法寫入：{reason}", "{file}: cannot write: {reason}"),
    "ui.extra.missing": T("{purpose} 需要 {module}，但尚未安裝：請執行 {install}", "{purpose} needs {module}, which is not installed: {install}"),
    "ui.extra.missing_plain": T("需要 {module}，但尚未安裝：請執行 {install}", "this needs {module}, which is not installed: {install}"),
    "ui.template.basis": T("「{name}」的{role}", "{role} of {name}"),
    "ui.template.role.numerator": T("分子", "numerator"),
    "ui.template.role.denominator": T("分母", "denominator"),
    "ui.template.role.weight": T("權重", "weight"),
    "ui.example.status": T("預期 {expected}，結果為 {got}，因為 {because}", "expected {expected}, got {got}, because {because}"),
    "ui.example.rate": T("預期達成率 {expected}，結果為 {got}（{because}）", "expected achievement rate {expected}, got {got} ({because})"),
    "ui.example.flags": T("預期註記 [{expected}]，結果為 [{got}]", "expected flags [{expected}], got [{got}]"),
    "ui.because.no_target": T("方案今年沒有目標（kind none）", "the plan sets no target this year (kind none)"),
    "ui.because.undefined": T("無法計算（{reason}）", "it cannot be computed ({reason})"),
    "ui.because.undefined_plain": T("無法計算（數值沒有定義）", "it cannot be computed (the value is undefined)"),
    "ui.because.unknown_milestone": T("里程碑「{reached}」不是這個指標的里程碑之一", "milestone {reached!r} is not one of the metric's milestones"),
    "ui.because.composite_undecided": T("{total} 個部分中 {n} 個達成，未定：{undecided}", "{n} of {total} parts met, undecided: {undecided}"),
    "ui.because.a_value": T("數值", "a value"),
    "ui.because.not_reported": T("未填報：{missing}", "not reported: {missing}"),
    "ui.because.not_reported_why": T("未填報：{missing}（{reason}）", "not reported: {missing} ({reason})"),
    "ui.because.completion": T("達到「{reached}」，目標為「{required}」", "reached {reached!r}, target {required!r}"),
    "ui.because.completion_by": T("達到「{reached}」，目標為 {deadline} 前達到「{required}」（{when}）", "reached {reached!r}, target {required!r} by {deadline} ({when})"),
    "ui.because.reached_on": T("{date} 達到", "reached on {date}"),
    "ui.because.undated": T("未註明日期", "undated"),
    "ui.because.composite": T("{total} 個部分中 {n} 個達成，需要 {needed} 個（{parts}）", "{n} of {total} parts met, {needed} needed ({parts})"),
    "ui.because.part": T("{agency} {comparison}", "{agency} {comparison}"),
    "ui.because.part_missing": T("{agency} 缺資料", "{agency} missing"),
    "ui.because.breakdown": T("合計 {total}；{parts}", "total {total}; {parts}"),
    "ui.because.inconsistent": T("{text}（數值互相矛盾：{rules}）", "{text} (inconsistent: {rules})"),
    "ui.because.no_value": T("沒有數值", "no value"),
    "ui.because.judged": T("{actual}（判定值 {judged}）", "{actual} (judged {judged})"),
    "ui.because.within": T("{shown} 在 {low} .. {high} 之內", "{shown} within {low} .. {high}"),
    "ui.because.outside": T("{shown} 在 {low} .. {high} 之外", "{shown} outside {low} .. {high}"),
    "ui.because.compare": T("{shown} {op} {target}", "{shown} {op} {target}"),
    "ui.example.expects_nothing": T("範例沒有預期任何結果：請寫「目標編號: 狀態」", "the example expects nothing: give target id -> status"),
    "ui.example.no_year": T("第 {measure} 項措施在 {year} 年度沒有目標（有目標的年度：{years}）", "measure {measure} has no targets for year {year} (years: {years})"),
    "ui.example.unknown_metric": T("values 寫了不認得的指標「{name}」", "values name unknown metric {name!r}"),
    "ui.example.invalid_value": T("values.{path} 的值不符合規定：{detail}", "invalid value at values.{path}: {detail}"),
    "ui.example.hinted": T("{text}；{hint}", "{text}; {hint}"),
    "ui.example.unknown_target": T("第 {measure} 項措施 {year} 年度沒有目標「{target}」", "no target {target!r} in measure {measure}, year {year}"),
    "ui.example.target_of_year": T("{text}（「{target}」是 {years} 年度的目標）", "{text} ({target!r} is a target of year {years})"),
    "ui.example.targets_are": T("{text}（目標：{targets}）", "{text} (targets: {targets})"),
    "ui.example.bad_expectation": T("應為狀態或 {{status, achievement_rate, flags}}，但寫的是 {found}", "expected a status or {{status, achievement_rate, flags}}, found {found}"),
    "ui.example.unknown_key": T("預期結果中有不認得的鍵「{key}」（可用 {keys}）", "unknown key {key!r} in the expectation (use {keys})"),
    "ui.example.unknown_status": T("不認得的狀態「{status}」（可用 {statuses}）", "unknown status {status!r} (use {statuses})"),
    "ui.example.rate_value": T("達成率（achievement_rate）：{detail}", "achievement_rate: {detail}"),
    "ui.example.flags_value": T("flags：應為註記名稱的清單，但寫的是 {found}", "flags: expected a list of flag names, found {found}"),
    "ui.template.column.year": T("年度", "Year"),
    "ui.template.column.measure": T("執行措施序次", "Measure"),
    "ui.template.column.metric": T("統計項目代碼", "Metric id"),
    "ui.template.column.label": T("統計項目", "Metric"),
    "ui.template.column.value": T("填報值", "Value"),
    "ui.template.column.unit": T("單位", "Unit"),
    "ui.template.column.agency": T("機關", "Agency"),
    "ui.template.column.period_start": T("統計起日", "Period start"),
    "ui.template.column.period_end": T("統計迄日", "Period end"),
    "ui.template.column.milestone": T("進度里程碑", "Milestone"),
    "ui.template.column.date": T("完成日期", "Date reached"),
    "ui.template.column.not_reported": T("未填報原因", "Why not reported"),
    "ui.template.column.quote": T("原文摘錄", "Quote from the source"),
    "ui.template.column.target": T("對應目標", "Targets"),
    "ui.template.help.title": T("填報說明", "How to fill in"),
    "ui.template.help.cells": T("只填黃色儲存格；其餘儲存格已鎖定（校閱 > 取消保護工作表，不需密碼）。", "Fill in the yellow cells only; the others are locked (Review > Unprotect Sheet, no password)."),
    "ui.template.help.numbers": T("填報值只能填數字；百分比請填數字本身（例：72.69），單位見「單位」欄。", "Value takes numbers only; for a percentage type the number itself (72.69); the unit is in Unit."),
    "ui.template.help.milestones": T("里程碑請由下拉選單選擇；未能填報者，請於「未填報原因」說明。", "Pick milestones from the drop-down; when a figure cannot be given, say why in Why not reported."),
    "ui.template.help.check": T("填妥後檢查：target-rules validate 本檔案 --rules rules/", "Then check: target-rules validate THIS_FILE --rules rules/"),
    "ui.template.help.value_numbers": T("填報值只能填數字", "Value takes numbers only"),
    # ---- agency-en: the importer's draft decisions and notes, template --agency ---------------------
    "ui.import.draft": T("草稿，待確認——{reason}", "DRAFT: needs review — {reason}"),
    "ui.import.empty_cell": T("績效目標值欄是空的，寫為無目標", "the 「績效目標值」 (target value) cell is empty; written as no target"),
    "ui.import.growth_placeholders": T("成長目標：基準（baseline 或 baseline_metric）與指標單位都是暫填的", "growth target: the baseline (baseline or baseline_metric) and the metric's unit are placeholders"),
    "ui.import.breakdown_check": T("依括號內容草擬為各機關分列；請確認機關名稱，以及是每一部分都須達成（require: all）或只看合計", "per-agency split read from the parentheses; check the agency names and whether every part is required (require: all) or only the total"),
    "ui.import.notes": T("由 target_rules.authoring.importer 依 {file} 草擬（序次 {measure}，第 {line} 行）；decision 標示「草稿，待確認」的目標需要確認。", "Drafted by target_rules.authoring.importer from {file} (record {measure}, line {line}); targets whose decision starts with 'DRAFT' need review."),
    "ui.import.roles": T(" {roles}。", " {roles}."),
    "ui.import.role": T("{role}機關：{names}", "「{role}機關」: {names}"),
    "ui.import.unknown_fields": T(" 無法辨識的來源欄位：{fields}。", " Unrecognised source fields: {fields}."),
    "unknown_agency.several": T("「{name}」指的是多個機關（{names}）；範本是給一個機關填的，請擇一", "{name!r} names several agencies ({names}); a template is for one agency: give one of them"),
    "ui.a_list": T("一個清單", "a list"),  # cli-lang: a value shown as found
    # ---- en-leftovers: evaluate's notes, English names rule authors can give, status board ---------
    "note.left_out": T("申報檔 {file} 未納入：{reason}", "submission {file} was left out: {reason}"),
    "note.plan_mismatch": T("報告寫的方案是「{report}」，但規則屬於「{plan}」（{file}）；請確認報告與規則是否相符", "the report is for plan 「{report}」, but the rules are for '{plan}' ({file}); check that the report and the rules belong together"),
    "no_english_unit": T("單位「{unit}」沒有英文名稱，英文輸出會照寫中文", "unit {unit!r} has no English name, so English output shows it in Chinese"),
    "hint.unit_en": T("在 plan.yaml 的 plan 下寫 units: {{{unit}: <英文名稱>}}", "give its English name in plan.yaml, under plan: units: {{{unit}: <English name>}}"),
    "no_english_agency": T("機關「{name}」沒有英文名稱，英文輸出會照寫中文", "agency {name!r} has no English name, so English output shows it in Chinese"),
    "hint.agency_en": T("在 plan.yaml 這個機關下寫 en: <英文名稱>", "add en: <English name> under this agency in plan.yaml"),
    # the report renderers' own words (render/text, markdown, common)
    "ui.report.text_head": T("\t措施\t目標\t項目\t判定\t實際\t目標值\t達成率\t註記", "\tmeasure\tid\titem\tstatus\tactual\ttarget\trate\tflags"),
    "ui.report.markdown_head": T("| 措施 | 目標 | 項目 | 判定 | 實際 | 目標值 | 達成率 | 註記 | 說明 |", "| Measure | ID | Target | Status | Actual | Target value | Rate | Flags | Explanation |"),
    "ui.report.figure_names": T("實際\t目標值\t達成率", "actual\ttarget\trate"),
    "ui.report.figure_sep": T("；", "; "),
    "ui.report.listing_only": T("（僅列出：{statuses}）", "(listing only: {statuses})"),
    "ui.report.note": T("註：{note}", "note: {note}"),
    "ui.report.summary_text": T("共 {measures} 項措施、{targets} 項目標：達成 {met}、未達成 {unmet}、不適用 {not_applicable}、缺資料 {missing}（其中暫定 {provisional}）\n措施：全部達成 {m_met}、部分達成 {m_partially_met}、未達成 {m_unmet}、不適用 {m_not_applicable}、缺資料 {m_missing}", "{measures} measures, {targets} targets: met {met}, unmet {unmet}, not applicable {not_applicable}, missing {missing} (provisional {provisional})\nmeasures: met {m_met}, partially met {m_partially_met}, unmet {m_unmet}, not applicable {m_not_applicable}, missing {m_missing}"),
    "ui.report.summary_markdown": T("共 {measures} 項措施、{targets} 項目標：達成 {met}、未達成 {unmet}、不適用 {not_applicable}、缺資料 {missing}（暫定 {provisional}）。", "{measures} measures, {targets} targets: met {met}, unmet {unmet}, not applicable {not_applicable}, missing {missing} (provisional {provisional})."),
    "ui.report.by_deadline": T("（期限 {date}）", " by {date}"),
    "ui.report.no_target": T("無", "none"),
    "ui.report.strategy": T("第 {number} 項策略：{title}", "Strategy {number}: {title}"),  # en only: zh numbers as the plan does
    "ui.report.heading": T("{title} {year} 年績效目標判定", "{title}: performance targets, {year}"),
    "ui.report.heading_neutral": T("{year} 年績效目標判定", "Performance targets, {year}"),
    "ui.report.year_roc": T("{year} 年（{ad}）", "ROC year {year} ({ad})"),
    "ui.report.year": T("{year} 年", "year {year}"),
    # the year-over-year table (render/comparison)
    "ui.compare.points": T("{change} 個百分點", "{change} pp"),
    "ui.compare.heading": T("## 與 {year_a} 年比較", "## Compared with {year_a}"),
    "ui.compare.summary": T("兩年皆有 {paired} 項目標：達成率上升 {up}、下降 {down}、持平 {same}；判定改變 {status_changed} 項，目標值改變 {target_changed} 項。僅 {year_b} 年有 {only_b} 項，僅 {year_a} 年有 {only_a} 項。", "{paired} targets in both years: rate up {up}, down {down}, same {same}; status changed for {status_changed}, target changed for {target_changed}. {only_b} only in {year_b}, {only_a} only in {year_a}."),
    "ui.compare.head": T("| 措施 | 目標 | 項目 | {year_a} 實際 | {year_a} 目標值 | {year_a} 達成率 | {year_a} 判定 | {year_b} 實際 | {year_b} 目標值 | {year_b} 達成率 | {year_b} 判定 | 變化 |", "| Measure | ID | Item | {year_a} actual | {year_a} target | {year_a} rate | {year_a} status | {year_b} actual | {year_b} target | {year_b} rate | {year_b} status | Change |"),
    "ui.compare.target_changed": T("目標值改變", "target changed"),
    "ui.compare.change_and_target": T("{change}（{moved}）", "{change} ({moved})"),
    # the XLSX report's headings and summary (render/xlsx)
    "ui.xlsx.col.measure": T("措施", "Measure"),
    "ui.xlsx.col.strategy": T("策略", "Strategy"),
    "ui.xlsx.col.target": T("目標編號", "Target"),
    "ui.xlsx.col.label_zh": T("項目（中文）", "Label (zh)"),
    "ui.xlsx.col.label_en": T("項目（英文）", "Label (en)"),
    "ui.xlsx.col.status": T("判定", "Status"),
    "ui.xlsx.col.actual": T("實際", "Actual"),
    "ui.xlsx.col.target_value": T("目標值", "Target value"),
    "ui.xlsx.col.unit": T("單位", "Unit"),
    "ui.xlsx.col.achievement_rate": T("達成率", "Achievement rate"),
    "ui.xlsx.col.flags": T("註記", "Flags"),
    "ui.xlsx.col.explanation_zh": T("說明（中文）", "Explanation (zh)"),
    "ui.xlsx.col.explanation_en": T("說明（英文）", "Explanation (en)"),
    "ui.xlsx.col.quote": T("原文", "Source quote"),
    "ui.xlsx.col.kind": T("種類", "Kind"),
    "ui.xlsx.col.agency": T("機關", "Agency"),
    "ui.xlsx.col.part_of": T("屬於", "Part of"),
    "ui.xlsx.col.decision": T("判定說明", "Decision note"),
    "ui.xlsx.col.previous_status": T("{year} 判定", "{year} status"),
    "ui.xlsx.col.previous_rate": T("{year} 達成率", "{year} rate"),
    "ui.xlsx.col.change": T("變化（百分點）", "Change (pp)"),
    "ui.xlsx.sheet_targets": T("目標", "Targets"),
    "ui.xlsx.sheet_summary": T("摘要", "Summary"),
    "ui.xlsx.sheet_compare": T("年度比較", "Year over year"),
    "ui.xlsx.item": T("項目", "Item"),
    "ui.xlsx.measures": T("措施數", "Measures"),
    "ui.xlsx.targets": T("目標數", "Targets"),
    "ui.xlsx.provisional": T("暫定", "provisional"),
    "ui.xlsx.measures_by_status": T("措施判定", "Measures by status"),
    "ui.xlsx.strategy": T("策略", "Strategy"),
    "ui.xlsx.title": T("標題", "Title"),
    "ui.xlsx.compared_with": T("與 {year} 年比較", "Compared with {year}"),
    "ui.xlsx.in_both": T("兩年皆有", "in both years"),
    "ui.xlsx.rate_up": T("達成率上升", "rate up"),
    "ui.xlsx.rate_down": T("達成率下降", "rate down"),
    "ui.xlsx.unchanged": T("持平", "unchanged"),
    "ui.xlsx.status_changed": T("判定改變", "status changed"),
    "ui.xlsx.only_in": T("僅 {year} 年", "only in {year}"),
    "ui.xlsx.compare_head": T("措施\t目標編號\t項目", "Measure\tTarget\tLabel"),
    "ui.xlsx.year_figures": T("{year} 實際\t{year} 目標值\t{year} 判定\t{year} 達成率", "{year} actual\t{year} target\t{year} status\t{year} rate"),
    "ui.xlsx.compare_tail": T("變化（百分點）\t目標值改變\t兩年皆有", "Change (pp)\tTarget changed\tPresence"),
    "ui.xlsx.yes": T("是", "yes"),
    # the HTML report's own words (render/html)
    "ui.html.summary": T("總覽", "Summary"),
    "ui.html.measures": T("措施", "measures"),
    "ui.html.targets": T("目標", "targets"),
    "ui.html.measure": T("措施", "Measure"),
    "ui.html.actual": T("實際", "Actual"),
    "ui.html.target": T("目標值", "Target"),
    "ui.html.rate": T("達成率", "Achievement"),
    "ui.html.quote": T("原文", "Source"),
    "ui.html.decision": T("判定說明", "Decision note"),
    "ui.html.agencies": T("辦理機關", "Agencies"),
    "ui.html.filter_status": T("判定", "Status"),
    "ui.html.filter_agency": T("機關", "Agency"),
    "ui.html.all": T("全部", "All"),
    "ui.html.all_agencies": T("不限機關", "Any agency"),
    "ui.html.showing": T("顯示", "Showing"),
    "ui.html.none_match": T("沒有符合篩選條件的目標。", "No target matches the filters."),
    "ui.html.by_strategy": T("各策略目標判定", "Targets by strategy"),
    "ui.html.all_strategies": T("全部", "All"),
    "ui.html.measure_status": T("措施判定", "Measures"),
    "ui.html.part_of": T("屬於", "part of"),
    "ui.html.by_agency": T("各機關", "By agency"),
    "ui.html.notes": T("附註", "Notes"),
    "ui.html.previous": T("與 {year} 年比較", "Compared with {year}"),
    "ui.html.not_in": T("{year} 年無此目標", "not a target in {year}"),
    "ui.html.only_prev": T("僅 {year} 年有的目標", "Targets only in {year}"),
    "ui.html.switch": T("English", "中文"),
    "ui.html.print": T("列印", "Print"),
    "ui.html.generated": T("由 target-rules 依規則檔與填報資料產生；達成率 = 實際 ÷ 目標值 × 100%，長條圖以 {cap}% 為上限。", "Generated by target-rules from the rule files and the reported figures; achievement = actual ÷ target × 100%, bars drawn up to {cap}%."),
    "ui.html.composite_actual": T("{got}/{n} 項達成", "{got} of {n} met"),
    "ui.html.composite_target": T("需 {need} 項", "{need} needed"),
    "ui.html.by_deadline": T("（{date} 前）", " by {date}"),
    "ui.html.target_moved": T("目標值由 {was} 改為 {now}", "target changed from {was} to {now}"),
    "ui.html.counts": T("共 {measures} 項措施、{targets} 項目標", "{measures} measures, {targets} targets"),
    "ui.html.compared": T("與 {year_a} 年比較：兩年皆有 {paired} 項目標，達成率上升 {up}、下降 {down}、持平 {same}；判定改變 {status_changed} 項；僅 {year_b} 年有 {only_b} 項，僅 {year_a} 年有 {only_a} 項。", "Compared with {year_a}: {paired} targets in both years, achievement up for {up}, down for {down}, unchanged for {same}; status changed for {status_changed}; {only_b} only in {year_b}, {only_a} only in {year_a}."),
    # a verdict's explanation (engine/explain): one sentence per language, from these parts
    "ui.explain.provisional": T("（資料僅至 {date}，暫定）", " (figures only up to {date}: provisional)"),
    "ui.explain.labelled": T("{label}：{status}", "{label}: {status}"),
    "ui.explain.composite_missing": T("{label}：{status}（{waiting} 缺資料；{of} 項中已達成 {met} 項，需 {need} 項）", "{label}: {status} ({waiting} missing; {met} of {of} parts met, {need} needed)"),
    "ui.explain.missing": T("{label}：{status}（未填報：{missing}）", "{label}: {status} (not reported: {missing})"),
    "ui.explain.missing_reason": T("{label}：{status}（未填報：{missing}；{reason}）", "{label}: {status} (not reported: {missing}; 「{reason}」)"),
    "ui.explain.completion": T("{label}：已至「{reached}」{date}，目標「{required}」{deadline}，{status}", "{label}: reached '{reached}'{date} against a target of '{required}'{deadline}: {status}"),
    "ui.explain.missing_why": T("{label}：{status}（未填報：{missing}；{reason}）", "{label}: {status} (not reported: {missing}; {reason})"),
    "ui.explain.division_by_zero": T("除以零", "division by zero"),
    "ui.explain.on_date": T("（{date}）", " ({date})"),
    "ui.explain.deadline": T("，期限 {date}", " by {date}"),
    "ui.explain.because": T("{text}：{reason}", "{text}: {reason}"),
    "ui.explain.no_date": T("未填達成日期，無法確認於期限內完成", "no date given, so not shown to be on time"),
    "ui.explain.late": T("逾期 {days} 天（{date} 完成，期限 {deadline}）", "{days} day(s) late (reached {date}, deadline {deadline})"),
    "ui.explain.composite": T("{label}：{of} 項中達成 {met} 項（需 {need} 項），{status}", "{label}: {met} of {of} parts met ({need} needed): {status}"),
    "ui.explain.counted": T("{shown}（填報 {raw}，計至小數 {decimals} 位）", "{shown} (reported {raw}, counted to {decimals} decimal(s))"),
    "ui.explain.between": T("介於 {low} 至 {high}", "between {low} and {high}"),
    "ui.explain.at_least": T("{value}", "{value}"),
    "ui.explain.at_most": T("至多 {value}", "at most {value}"),
    "ui.explain.equal": T("等於 {value}", "exactly {value}"),
    "ui.explain.rate": T("，達成率 {rate}", " ({rate})"),
    "ui.explain.growth": T("（{baseline} → {current}，成長率）", " (growth from {baseline} to {current})"),
    "ui.explain.frequency": T("（{units} 單位 × 每{every} {times} 次）", " ({units} unit(s) x {times} per {every})"),
    "ui.explain.every_year": T("年", "year"),
    "ui.explain.every_half": T("半年", "half-year"),
    "ui.explain.every_quarter": T("季", "quarter"),
    "ui.explain.every_month": T("月", "month"),
    "ui.explain.every_week": T("週", "week"),
    "ui.explain.metric": T("{name} {actual}{what}，目標 {target}{rate}，{status}", "{name}: {actual}{what} against a target of {target}{rate}: {status}"),
    "ui.explain.target": T("{label}：實際 {actual}{what}，目標 {target}{rate}，{status}", "{label}: actual {actual}{what} against a target of {target}{rate}: {status}"),
    "ui.explain.parts": T("；{parts}", "; {parts}"),
    "ui.explain.combined": T("（{parts}）", " ({parts})"),
    "ui.explain.composite_all": T("全部 {need} 項", "all {need}"),
    "ui.explain.composite_any": T("任 {need} 項", "any {need}"),
    "ui.explain.composite_at_least": T("{of} 項中至少 {need} 項", "at least {need} of {of}"),
    "ui.status.title": T("{year} 年填報進度", "Submission status, year {year}"),
    "ui.status.state_errors": T("有錯誤", "errors"),
    "ui.status.state_missing": T("未齊", "missing"),
    "ui.status.state_complete": T("已齊", "complete"),
    "ui.status.state_nothing_owed": T("無應填", "nothing owed"),
    "ui.status.missing_item": T("缺：{metric}", "missing: {metric}"),
    "ui.status.error_item": T("錯誤：{problem}", "error: {problem}"),
    "ui.status.left_out": T("未採用的檔案", "Submissions left out"),
    "ui.status.files": T("檔案", "Files"),
    "hint.agency_registered": T("請用已登記的機關（{names}{more}）或在 plan.yaml 的 agencies 下新增", "use a registered agency ({names}{more}) or add it to plan.yaml under agencies"),
    "hint.agency_unit": T("「{unit}」不是「{parent}」已登記的單位；是指「{parent}」嗎？", "did you mean {parent!r}? ({unit} is not a registered unit of it)"),
}
# fmt: on


def _fields(template: str) -> set[str]:
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


class Message(str):
    """A sentence from the catalog: equal to its English text, renderable in any language."""

    key: str
    args: Mapping[str, Any]

    def __new__(cls, key: str, args: Mapping[str, Any] | None = None) -> Message:
        args = dict(args or {})
        self = super().__new__(cls, render(key, "en", args))
        self.key = key
        self.args = args
        return self

    def in_(self, lang: str) -> str:
        """This sentence in ``lang`` (zh or en)."""
        return render(self.key, lang, self.args)

    def both(self) -> dict[str, str]:
        return {lang: self.in_(lang) for lang in LANGS}

    @property
    def code(self) -> str:
        return self.key.split(".", 1)[0]

    def __reduce__(self) -> tuple[Any, ...]:
        return (Message, (self.key, dict(self.args)))

    def __deepcopy__(self, memo: Any) -> Message:
        return self


def _localise(value: Any, lang: str) -> Any:
    if isinstance(value, Message):
        return value.in_(lang)
    if isinstance(value, list | tuple) and any(isinstance(v, Message) for v in value):
        return CATALOG["ui.list_sep"][lang].join(str(_localise(v, lang)) for v in value)
    return value


def render(key: str, lang: str, args: Mapping[str, Any] | None = None) -> str:
    """The catalog sentence ``key`` in ``lang`` with ``args`` filled in (nested Messages follow ``lang``)."""
    template = CATALOG[key][lang]
    values = {k: _localise(v, lang) for k, v in (args or {}).items()}
    return template.format(**values)


def say(key: str | Code, /, **args: Any) -> Message:
    """The catalog sentence ``key`` with ``args``: ``say(Code.UNKNOWN_METRIC, name="cases")``."""
    key = str(key)
    if key not in CATALOG:
        raise KeyError(f"no catalog entry {key!r}: add it to target_rules.messages.CATALOG")
    return Message(key, args)


def bi(zh: str, en: str | None = None) -> Message:
    """A datum that already exists in both languages (a rule's label): renders as itself per language."""
    return Message("ui.text", {"zh": zh, "en": en if en else zh})


# Chinese counting words (量詞) and their English, for units read from rule files. Plan-independent:
# these are words of the language. A plan names its own units in plan.yaml (plan: units:, see
# use_units); a unit named nowhere is shown as written, and lint warns (no_english_unit).
UNIT_NAMES: dict[str, str] = {
    "件": "cases",
    "案": "cases",
    "家": "entities",
    "場次": "sessions",
    "場": "sessions",
    "人": "people",
    "人次": "attendances",
    "次": "times",
    "元": "NT$",
    "萬元": "NT$10k",
    "億元": "NT$100m",
    "線": "lines",
    "所": "offices",
    "項": "items",
    "門": "courses",
    "月": "months",
    "個": "units",
    "篇": "articles",
    "份": "copies",
    "本": "volumes",
    "則": "items",
    "小時": "hours",
    "天": "days",
    "日": "days",
    "年": "years",
    "%": "%",
    "milestone": "milestone",
}


# agency-en: units of the example plan (examples/city-cycling-plan) and other common counting words
UNIT_NAMES.update(
    {"公里": "km", "公尺": "m", "格": "spaces", "處": "sites", "輛": "vehicles", "條": "routes"}
)


# en-leftovers: the English names the plan being read gives its units (plan.yaml's plan: units:)
_PLAN_UNITS: contextvars.ContextVar[Mapping[str, str] | None] = contextvars.ContextVar(
    "target_rules_plan_units", default=None
)


def english_unit(unit: str) -> str | None:
    """The English name of ``unit``: the plan's (use_units), else UNIT_NAMES; None when neither has one."""
    return (_PLAN_UNITS.get() or {}).get(unit) or UNIT_NAMES.get(unit)


def set_units(units: Mapping[str, str]) -> None:
    """Name units in English as ``units`` (a plan's table) from now on in this context (the CLI)."""
    _PLAN_UNITS.set(dict(units))


@contextmanager
def use_units(units: Mapping[str, str]) -> Iterator[None]:
    """Name units in English as ``units`` (a plan's table) inside the block (the renderers)."""
    token = _PLAN_UNITS.set(dict(units))
    try:
        yield
    finally:
        _PLAN_UNITS.reset(token)


def unit_in(unit: str, lang: str) -> str:
    """A unit in ``lang``: the rule file's word in Chinese; in English the plan's name for it, else
    UNIT_NAMES', else the word as written."""
    if lang == "zh":
        return "里程碑" if unit == "milestone" else unit
    return english_unit(unit) or unit


def unit_word(unit: str) -> Message:
    """A unit as a bilingual datum for message arguments."""
    return bi(unit_in(unit, "zh"), unit_in(unit, "en"))


# libyaml's own words, for the YAML syntax errors a clerk meets most; anything else stays as libyaml
# wrote it (in English) inside a Chinese sentence.
YAML_WORDS: dict[str, str] = {
    # where a broken construct opened (PyYAML's context, "while " removed)
    "parsing a flow sequence": "方括號 [ ]",
    "parsing a flow mapping": "大括號 { }",
    "parsing a block mapping": "「鍵: 值」的對應",
    "parsing a block collection": "以「-」開頭的清單",
    "scanning a quoted scalar": "引號",
    "scanning a simple key": "鍵",
    "parsing a flow node": "值",
    "parsing a block node": "值",
    "mapping values are not allowed here": "這裡不能寫「鍵: 值」（文字中含冒號時請加引號）",
    "could not find expected ':'": "找不到應有的「:」",
    "found character '\\t' that cannot start any token": "含有 Tab 字元；請改用空白縮排",
    "found character '\t' that cannot start any token": "含有 Tab 字元；請改用空白縮排",
    "found character that cannot start any token": "含有不能出現在這裡的字元（Tab？）",  # cli-lang: libyaml's wording
    "mapping values are not allowed in this context": "這裡不能寫「鍵: 值」（文字中含冒號時請加引號）",  # cli-lang
    "found unexpected end of stream": "檔案意外結束（引號或括號沒有關閉？）",
    "found undefined tag handle": "出現未定義的標記（!）",
    "did not find expected key": "找不到應有的鍵（縮排不一致？）",
    "did not find expected node content": "找不到應有的內容",
    "did not find expected ',' or '}'": "找不到應有的「,」或「}」（文字中含逗號時請加引號）",
    "did not find expected ',' or ']'": "找不到應有的「,」或「]」（文字中含逗號時請加引號）",
    "did not find expected '-' indicator": "找不到應有的「-」（縮排不一致？）",
    "found unknown escape character": "出現不認得的跳脫字元（\\）",
    "while scanning a simple key": "讀取鍵時",
    "while scanning a quoted scalar": "讀取引號內的文字時",
    "while scanning a plain scalar": "讀取文字時",
    "while parsing a block mapping": "讀取對應（鍵: 值）時",
    "while parsing a block collection": "讀取清單時",
    "while parsing a flow mapping": "讀取 {…} 時",
    "while parsing a flow sequence": "讀取 […] 時",
    "while parsing a flow node": "讀取值時",
    "while parsing a block node": "讀取值時",
    "while scanning an anchor": "讀取錨點（&）時",
    "while scanning an alias": "讀取別名（*）時",
    "while scanning a block scalar": "讀取多行文字時",
    "while scanning a directive": "讀取指令（%）時",
    "while scanning a tag": "讀取標記（!）時",
    "expected a single document in the stream": "檔案只能有一份文件（請刪除多餘的 ---）",
}


def yaml_words(text: str | None) -> Message | None:
    """libyaml's message as a bilingual datum: our Chinese for the common ones, else its English."""
    if text is None:
        return None
    key = text.strip()
    zh = YAML_WORDS.get(key)
    if zh is None:
        zh = next((v for k, v in YAML_WORDS.items() if key.startswith(k)), key)
    return bi(zh, text)


# The sentences pydantic's validators raise for a submission's values (language.model, quantities):
# their English is matched here and given in Chinese, and so are the rule author's (the rule model's
# validators). A sentence not listed here shows in English on a Chinese screen.
# cli-lang: the forms of a date quantities.parse_date accepts, as its messages end (zh: the same advice)
_DATES_EN = r"write YYYY-MM-DD \(2024-10-31\) or an ROC date \(113-10-31, 113/10/31, 民國113年10月31日\)"
_DATES_ZH = "請寫成 YYYY-MM-DD（2024-10-31）或民國日期（113-10-31、113/10/31、民國113年10月31日）"

VALUE_WORDS: list[tuple[str, str]] = [
    (r"Chinese numerals are not read; write the digits: ([\d,]+)", r"不接受國字數字，請寫阿拉伯數字：\1"),
    (
        r"(.*) is not a number \(digits, optional thousands commas, one '\.'\)",
        r"\1 不是數字（請用阿拉伯數字，可用千分位逗號，最多一個小數點）",
    ),
    (
        r"expected a number such as 280, '1億', '72\.69%', found NoneType",
        "應為數字，例如 280、'1億'、'72.69%'，但沒有填值",
    ),
    # cli-lang: the kinds of value YAML gives, in Chinese (before the general sentence below)
    (
        r"expected a number such as 280, '1億', '72\.69%', found bool",
        "應為數字，例如 280、'1億'、'72.69%'，但填的是是非值",
    ),
    (
        r"expected a number such as 280, '1億', '72\.69%', found list",
        "應為數字，例如 280、'1億'、'72.69%'，但填的是清單",
    ),
    (
        r"expected a number such as 280, '1億', '72\.69%', found dict",
        "應為數字，例如 280、'1億'、'72.69%'，但填的是對應（鍵: 值）",
    ),
    (
        r"expected a number such as 280, '1億', '72\.69%', found date",
        "應為數字，例如 280、'1億'、'72.69%'，但填的是日期",
    ),
    (
        r"expected a number such as 280, '1億', '72\.69%', found (\w+)",
        r"應為數字，例如 280、'1億'、'72.69%'，但填的是 \1",
    ),
    (r"expected a number or a string, found (\w+)", r"應為數字或文字，但填的是 \1"),
    (r"a yes/no value is not a number", "是非值不是數字"),
    (r"NaN and infinity are not allowed", "不可填非數值或無限大"),
    (r"empty", "沒有填值"),
    (r"nothing before (.+)", r"\1 之前沒有數字"),
    (r"a percentage cannot use 萬/億", "百分比不可使用萬／億"),
    (r"more than (\d+) digits after the decimal point", r"小數點後超過 \1 位"),
    (r"longer than (\d+) characters", r"超過 \1 個字元"),
    (r"larger than the bound of .*", "數值太大"),
    (r"period ends \((.+)\) before it starts \((.+)\)", r"期間結束日（\1）早於開始日（\2）"),
    (
        r"give exactly one of value, by_agency, milestone, not_reported \(found none\)",
        "value、by_agency、milestone、not_reported 須擇一填寫（都沒有填）",
    ),
    (
        r"give exactly one of value, by_agency, milestone, not_reported \(found (.+)\)",
        r"value、by_agency、milestone、not_reported 只能擇一填寫（填了 \1）",
    ),  # the rule author's sentences (language.model validators)
    (r"give agency \(one\) or agencies \(several\), not both", "agency（一個）與 agencies（數個）只能擇一"),
    (r"give numerator and denominator together", "numerator 與 denominator 須一起寫"),
    (r"give numerator/denominator or weight, not both", "numerator/denominator 與 weight 只能擇一"),
    (
        r"numerator/denominator and weight already say how parts combine: drop combine",
        "numerator/denominator 與 weight 已說明各部分如何合併：請刪除 combine",
    ),
    (r"a milestone has no numerator, denominator or weight", "里程碑沒有 numerator、denominator 或 weight"),
    (
        r"combine: (\w+) is for milestones; use sum or single for numbers",
        r"combine: \1 只用於里程碑；數字請用 sum 或 single",
    ),
    (r"milestones cannot be summed: use combine all or any", "里程碑不能加總：請用 combine all 或 any"),
    (
        r"percentages cannot be summed: declare numerator and denominator, or a weight, or combine: single",
        "百分比不能加總：請宣告 numerator 與 denominator，或 weight，或 combine: single",
    ),
    (r"a metric with unit 'milestone' must list its milestones", "單位為 milestone 的指標必須列出它的里程碑"),
    (r"only a metric with unit 'milestone' may list milestones", "只有單位為 milestone 的指標可以列出里程碑"),
    (r"milestone ids repeat: (.+)", r"里程碑代號重複：\1"),
    (r"between takes two values: \[low, high\]", "between 要寫兩個值：[下限, 上限]"),
    (
        r"give exactly one of at_least, at_most, equal, between \(found none\)",
        "at_least、at_most、equal、between 須擇一填寫（都沒有填）",
    ),
    (
        r"give exactly one of at_least, at_most, equal, between \(found (.+)\)",
        r"at_least、at_most、equal、between 只能擇一填寫（填了 \1）",
    ),
    (r"between: low (.+) is above high (.+)", r"between：下限 \1 高於上限 \2"),
    (r"give exactly one of baseline or baseline_metric", "baseline 與 baseline_metric 須擇一填寫"),
    (r"a baseline of 0 makes growth undefined", "基準值為 0 時無法計算成長率"),
    (
        r"k is required for mode at_least and only allowed there",
        "mode 為 at_least 時必須寫 k，其他 mode 不可寫 k",
    ),
    (r"k=(\d+) is more than the (\d+) targets listed", r"k=\1 多於所列的 \2 個目標"),
    (r"a breakdown needs parts, a total, or both", "breakdown 目標需要 parts、total 或兩者"),
    (r"require: total needs a total", "require: total 需要寫 total"),
    (r"require: parts needs parts", "require: parts 需要寫 parts"),
    (r"target ids repeat: (.+)", r"目標代號重複：\1"),
    (
        r"metric '([^']+)': (\w+) '([^']+)' is not a metric of this measure \((.*)\)",
        r"指標「\1」：\2「\3」不是本措施的指標（\4）",
    ),
    (
        r"metric '([^']+)': (\w+) '([^']+)' must be another metric counted in numbers, not itself",
        r"指標「\1」：\2「\3」必須是另一個以數量計算的指標，不可是它自己",
    ),
    (
        r"metric '([^']+)': (\w+) '([^']+)' must be another metric counted in numbers, not (.+)",
        r"指標「\1」：\2「\3」必須是另一個以數量計算的指標，不可是 \4",
    ),
    (
        r"give exactly one of value, milestone, not_reported \(found none\)",
        "value、milestone、not_reported 須擇一填寫（都沒有填）",
    ),
    (
        r"give exactly one of value, milestone, not_reported \(found (.+)\)",
        r"value、milestone、not_reported 只能擇一填寫（填了 \1）",
    ),
    # cli-lang: the sentences of quantities.parse_number / parse_date a clerk meets, with their advice
    (
        r"(.*) is not a number \(digits, optional thousands commas, one '\.'\); write it as (.*) or (.*)",
        r"\1 不是數字（請用阿拉伯數字，可用千分位逗號，最多一個小數點）；請寫成 \2 或 \3",
    ),
    (
        r"'(.*)' is not a day of the calendar \((.*): month must be in 1\.\.12\); " + _DATES_EN,
        r"「\1」不是日曆上的日子（\2：月份須在 1 到 12 之間）；" + _DATES_ZH,
    ),
    (
        r"'(.*)' is not a day of the calendar \((.*): day is out of range for month\); " + _DATES_EN,
        r"「\1」不是日曆上的日子（\2：這個月沒有這一天）；" + _DATES_ZH,
    ),
    (
        r"'(.*)' is not a day of the calendar \((.*): (.*)\); " + _DATES_EN,
        r"「\1」不是日曆上的日子（\2：\3）；" + _DATES_ZH,
    ),
    (r"cannot read '(.*)' as a date; " + _DATES_EN, r"無法把「\1」讀成日期；" + _DATES_ZH),
    (r"expected a date, found (\w+) (.*); " + _DATES_EN, r"應為日期，但填的是 \1 \2；" + _DATES_ZH),
]


def value_words(text: str) -> Message:
    """A validator's sentence as a bilingual datum: Chinese for the ones a clerk meets (VALUE_WORDS)."""
    import re

    for pattern, zh in VALUE_WORDS:
        m = re.fullmatch(pattern, text)
        if m:
            return bi(m.expand(zh), text)
    return bi(text, text)


# cli-lang: the operating system's reasons a file cannot be read or written (errno), in Chinese
OS_WORDS: dict[str, str] = {
    "ENOENT": "找不到檔案或資料夾",
    "EACCES": "沒有權限",
    "EPERM": "沒有權限",
    "EISDIR": "這是資料夾，不是檔案",
    "ENOTDIR": "路徑中有一段不是資料夾",
    "ENOSPC": "磁碟空間不足",
    "EROFS": "唯讀的檔案系統",
    "ENAMETOOLONG": "檔名太長",
    "EMFILE": "開啟的檔案太多",
}


def os_words(exc: OSError) -> Message:
    """An OSError's reason as a bilingual datum: Chinese for the common errno, the system's English."""
    import errno

    en = exc.strerror or str(exc)
    return bi(OS_WORDS.get(errno.errorcode.get(exc.errno or 0, ""), en), en)


def text_in(value: Any, lang: str) -> Any:
    """``value`` in ``lang`` when it is a catalog Message; anything else unchanged."""
    return _localise(value, lang)


# ---- the reader's language ------------------------------------------------------------------------

_LANGUAGE: contextvars.ContextVar[Lang] = contextvars.ContextVar("target_rules_language", default="en")


def current_language() -> Lang:
    """The language ``str(problem)`` renders in: English for library users unless a caller chose."""
    return _LANGUAGE.get()


def set_language(lang: str) -> None:
    """Render problems in ``lang`` from now on in this context (inside a ``use_language`` block)."""
    _LANGUAGE.set("zh" if lang == "zh" else "en")


@contextmanager
def use_language(lang: str) -> Iterator[None]:
    """Render problems in ``lang`` inside the block (the CLI wraps each command in one)."""
    token = _LANGUAGE.set("zh" if lang == "zh" else "en")
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def locale_language(environ: Mapping[str, str] | None = None) -> Lang:
    """zh when the locale (LC_ALL, then LC_MESSAGES, then LANG, as POSIX orders them) is Chinese, else en."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def choose_language(explicit: str | None, plan_language: str | None = None) -> Lang:
    """``--lang`` when given, else the plan file's ``language``, else the locale."""
    for choice in (explicit, plan_language):
        if choice in LANGS:
            return "zh" if choice == "zh" else "en"
    return locale_language()


def codes_markdown() -> str:
    """docs/codes.md: every problem code with its sentence in both languages (generated; a test keeps
    the file current: ``python -m target_rules.messages > docs/codes.md``)."""

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = [
        "# Problem codes",
        "",
        "Every problem target-rules reports carries one of these codes (`problem.code`, the `CODE` of the",
        "one-line diagnostic, SARIF's `ruleId`). The strings are stable: tools may key on them. Each code's",
        "main sentence is shown in both languages; `{name}` marks what is filled in. Variants of a code",
        "(`code.variant` in `target_rules.messages.CATALOG`) say the same thing about a particular case.",
        "",
        "Generated from `target_rules.messages` by `python -m target_rules.messages > docs/codes.md`;",
        "tests/messages/test_catalog.py fails when this file and the enum disagree.",
        "",
        "| code | 中文 | English | variants |",
        "|---|---|---|---|",
    ]
    for code in Code:
        t = CATALOG[code.value]
        variants = sorted(k.split(".", 1)[1] for k in CATALOG if k.startswith(code.value + "."))
        lines.append(f"| `{code.value}` | {cell(t.zh)} | {cell(t.en)} | {', '.join(variants)} |")
    return "\n".join(lines) + "\n"


def placeholders(key: str) -> tuple[set[str], set[str]]:
    """The placeholder names of ``key``'s zh and en templates (a test checks they agree)."""
    t = CATALOG[key]
    return _fields(t.zh), _fields(t.en)


if __name__ == "__main__":  # python -m target_rules.messages > docs/codes.md
    import sys

    sys.stdout.write(codes_markdown())
