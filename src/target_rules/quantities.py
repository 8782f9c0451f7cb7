"""Numbers as people write them in the plan: ``1億``, ``1,129萬5,690``, ``72.69%``, ``１２３``.

Parsing happens at load time only; the engine works on plain floats afterwards. Every figure is
bounded (MAX_MAGNITUDE, MAX_DECIMALS, MAX_NUMBER_TEXT): the gate refuses what lies outside, so no
later step meets a number it cannot round, print or write to a spreadsheet.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from functools import lru_cache

from target_rules.calendar import Calendar, ad_year, roc_year

__all__ = [
    "MAX_DECIMALS",
    "MAX_MAGNITUDE",
    "MAX_NUMBER_TEXT",
    "MAX_YEAR",
    "MIN_YEAR",
    "DateError",
    "Quantity",
    "QuantityError",
    "chinese_numeral",
    "decimal_float",
    "difference",
    "format_number",
    "parse_date",
    "parse_quantity",
    "round_half_up",
]

# Documented bounds (docs/security.md). A government's whole budget is ~10**13 NT$; a figure beyond
# 10**15 (千兆) is a typo or an attack, and floats stop being exact integers just above it.
MAX_MAGNITUDE = 10**15
# Digits written after the decimal point; reports print at most 2-4, rules judge at most 6.
MAX_DECIMALS = 12
# Characters in a number written as text (with separators, units and currency words).
MAX_NUMBER_TEXT = 100
# A plan year in either calendar (ROC 1..8088, Gregorian 1000..9999): what a file may hold before the
# plan is known. The plan's calendar.Calendar narrows it where the plan is known (rules, evaluate, validate).
MIN_YEAR = min(c.first_year for c in Calendar)
MAX_YEAR = max(c.last_year for c in Calendar)

_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９．，％－＋",
    "0123456789.,%-+",
)
# Chinese large-number units, largest first so "1億1,129萬5,690" splits correctly.
_UNITS = (("兆", 10**12), ("億", 10**8), ("萬", 10**4), ("万", 10**4), ("亿", 10**8))
# 千 and 百 inside one group (3千萬 = 3,000 萬); 十 is left out: 十萬 reads as a word, not as a digit.
_SMALL = (("千", 1000), ("仟", 1000), ("百", 100), ("佰", 100))
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$")
_CURRENCY_NOISE = ("新臺幣", "新台幣", "NT$", "NTD", "元")


class QuantityError(ValueError):
    """A value that cannot be read as a number; ``reason`` says why in plain words."""

    def __init__(self, text: object, reason: str) -> None:
        super().__init__(f"cannot read {text!r} as a number: {reason}")
        self.text = text
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Quantity:
    """A parsed number plus what the writer told us about it."""

    value: float
    percent: bool = False  # written with a % sign
    fullwidth: bool = False  # written with full-width digits (normalised)
    decimals: int = 0  # digits after the decimal point as written (the printed precision)


def parse_quantity(raw: object) -> Quantity:
    """Read ``raw`` (int, float or string) as a number.

    Accepts thousands separators, 萬/億/兆 groups with 千/百 inside them (``3千萬``, ``2千3百``,
    ``1億5千萬``; 仟/佰 too), a trailing ``%``, full-width digits and currency words (新臺幣 ... 元).
    Rejects booleans, NaN, infinity and anything else, saying which forms are accepted.
    """
    if type(raw) is str:  # the same text is read by the schema, the checks and the combining
        return _parse_text(raw)
    return _parse(raw)


@lru_cache(maxsize=16384)
def _parse_text(raw: str) -> Quantity:
    return _parse(raw)


def _parse(raw: object) -> Quantity:
    if isinstance(raw, bool):
        raise QuantityError(raw, "a yes/no value is not a number")
    if isinstance(raw, int):
        if abs(raw) > MAX_MAGNITUDE:
            raise QuantityError(_short(raw), _too_large())
        return Quantity(float(raw))
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise QuantityError(raw, "NaN and infinity are not allowed")
        if abs(raw) > MAX_MAGNITUDE:
            raise QuantityError(raw, _too_large())
        return Quantity(raw, decimals=min(_decimals_of(repr(raw)), MAX_DECIMALS))
    if not isinstance(raw, str):
        raise QuantityError(raw, f"expected a number or a string, found {type(raw).__name__}")
    if len(raw) > MAX_NUMBER_TEXT:
        raise QuantityError(_short(raw), f"longer than {MAX_NUMBER_TEXT} characters")
    text = raw.strip()
    normalised = text.translate(_FULLWIDTH)
    fullwidth = normalised != text
    s = normalised.replace(" ", "").replace("\u3000", "")
    for noise in _CURRENCY_NOISE:
        s = s.replace(noise, "")
    if not s:
        raise QuantityError(raw, "empty")
    digits = chinese_numeral(s.removesuffix("%"))
    if digits is not None:
        raise QuantityError(raw, f"Chinese numerals are not read; write the digits: {digits:,}")
    if s.lower() in {"nan", "inf", "+inf", "-inf", "infinity", "-infinity"}:
        raise QuantityError(raw, "NaN and infinity are not allowed")
    percent = s.endswith("%")
    if percent:
        s = s[:-1]
    total = Decimal(0)
    decimals = 0
    rest = s
    sign = Decimal(1)
    if rest[:1] in "+-" and any(u in rest for u, _ in _UNITS):
        sign = Decimal(-1) if rest[0] == "-" else Decimal(1)
        rest = rest[1:]
    big, rest = _sum_units(rest, _UNITS, raw, _group, "nothing before {unit}")
    total += big
    if rest:
        part = _group(rest, raw)
        total += part
        exponent = part.as_tuple().exponent
        if not any(u in rest for u, _ in _SMALL) and isinstance(exponent, int):
            decimals = max(0, -exponent)
    if any(u in s for u, _ in (*_UNITS, *_SMALL)) and percent:
        raise QuantityError(raw, "a percentage cannot use 萬/億/千/百: write it as 72.69%")
    if decimals > MAX_DECIMALS:
        raise QuantityError(raw, f"more than {MAX_DECIMALS} digits after the decimal point")
    if abs(total) > MAX_MAGNITUDE:
        raise QuantityError(raw, _too_large())
    value = float(sign * total)
    return Quantity(value, percent=percent, fullwidth=fullwidth, decimals=decimals)


def _too_large() -> str:
    return f"larger than the bound of {MAX_MAGNITUDE:.0e} (±{MAX_MAGNITUDE:,})".replace("e+", "e")


def _short(raw: object) -> str:
    if isinstance(raw, int) and abs(raw) >= 10**60:  # str() of a 5,000-digit int raises
        return f"a number of about {int(abs(raw).bit_length() * 0.30103) + 1} digits"
    text = str(raw)
    return text if len(text) <= 60 else text[:40] + "…"


_ZH_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "兩": 2, "两": 2}
_ZH_SMALL = {"十": 10, "拾": 10} | dict(_SMALL)  # 十 is a Chinese numeral, never a unit after digits
_ZH_BIG = dict(_UNITS)


def chinese_numeral(text: str) -> int | None:
    """九百二十九 -> 929, 三千萬 -> 30000000; None when ``text`` is not written in Chinese numerals.

    Only used to show the digits in an error message: a figure is written in digits in a
    submission, as the source's tables print it."""
    if not text or not any(c in _ZH_DIGITS for c in text):
        return None
    total = section = digit = 0
    for c in text:
        if c in _ZH_DIGITS:
            digit = _ZH_DIGITS[c]
        elif c in _ZH_SMALL:
            section += (digit or 1) * _ZH_SMALL[c]
            digit = 0
        elif c in _ZH_BIG:
            total += (section + digit) * _ZH_BIG[c]
            section = digit = 0
        else:
            return None
    return total + section + digit


def _group(text: str, raw: object) -> Decimal:
    """One group between 萬/億/兆: digits, optionally with 千 and 百 (``3千``, ``2千3百45``)."""
    nothing = "nothing before {unit}: write the digits, e.g. 3{unit}萬 or 3,000"
    total, rest = _sum_units(text, _SMALL, raw, _plain, nothing)
    return total + _plain(rest, raw) if rest else total


def _sum_units(
    text: str,
    units: tuple[tuple[str, int], ...],
    raw: object,
    read: Callable[[str, object], Decimal],
    nothing: str,
) -> tuple[Decimal, str]:
    """Split ``text`` at each unit in turn (largest first): the sum of head x factor, and the rest."""
    total = Decimal(0)
    rest = text
    for unit, factor in units:
        if unit in rest:
            head, rest = rest.split(unit, 1)
            if not head:
                raise QuantityError(raw, nothing.format(unit=unit))
            total += read(head, raw) * factor
    return total, rest


def _plain(text: str, raw: object) -> Decimal:
    if not _NUMBER.match(text) or text in {"+", "-", ""}:
        raise QuantityError(
            raw,
            f"{text!r} is not a number (digits, optional thousands commas, one '.'); "
            "write it as 280, 1,143, 72.69%, 3千萬 or 1億2,000萬",
        )
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - regex already guards this
        raise QuantityError(raw, str(exc)) from exc


def _decimals_of(text: str) -> int:
    if "e" in text or "E" in text or "." not in text:
        return 0
    return len(text.split(".", 1)[1].rstrip("0"))


def round_half_up(value: float, decimals: int) -> float:
    """Round as the report prints (0.5 rounds up), not banker's rounding."""
    if not math.isfinite(value):
        return value
    q = Decimal(1).scaleb(-decimals)
    with localcontext() as ctx:
        ctx.prec = 330 + max(decimals, 0)  # any float (up to ~1.8e308) at any precision asked for
        return float(Decimal(repr(value)).quantize(q, rounding=ROUND_HALF_UP))


def format_number(value: float, decimals: int | None = None) -> str:
    """``287`` -> ``287``; ``1129.5`` -> ``1,129.5``; thousands separated, no trailing zeros."""
    if decimals is not None:
        value = round_half_up(value, decimals)
        text = f"{value:,.{decimals}f}"
    elif float(value).is_integer():
        text = f"{int(value):,}"
    else:
        text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return text


def decimal_float(value: float) -> float:
    """``value`` without binary noise: 72.69 - 70 -> 2.69, not 2.6899999999999977.

    Every figure in a plan or a report is a short decimal, and a double holds 15 significant
    digits exactly; digits beyond that, or beyond the ninth decimal place (where a difference of
    two such figures leaves its residue: 60.6 - 60 = 0.599999999999994), are binary arithmetic,
    never information.
    """
    if not math.isfinite(value) or value == 0:
        return value
    return float(f"{round(value, 9):.15g}") + 0.0


def difference(a: float, b: float) -> float:
    """``a - b`` as the decimal figures ``a`` and ``b`` stand for: 123456789.12 - 1e8 -> 23456789.12.

    A float difference carries the binary error of its operands, up to a unit in their last place
    (1e-7 near 10**9), which no rounding of the result alone can tell from a digit; the margin of a
    NT$ target needs the operands. Whole numbers (counts, the common case) subtract exactly as they are.
    """
    if a % 1 == 0 and b % 1 == 0 and abs(a) < 2**53 and abs(b) < 2**53:  # ints too (no is_integer in 3.11)
        return a - b
    if not (math.isfinite(a) and math.isfinite(b)):
        return a - b
    return float(Decimal(repr(a)) - Decimal(repr(b))) + 0.0


class DateError(ValueError):
    """A value that cannot be read as a date; the message shows the forms that are accepted."""


# 2024-10-31, 2024/10/31, 2024.10.31; ROC: 113-10-31, 113/10/31, 113.10.31, 民國113年10月31日, 113年10月31日
_DATE = re.compile(r"^(?:民國)?(\d{1,4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?$")
_ACCEPTED_DATES = "write YYYY-MM-DD (2024-10-31) or an ROC date (113-10-31, 113/10/31, 民國113年10月31日)"


def parse_date(raw: object) -> dt.date:
    """A date as people in Taiwan write it: ISO (2024-10-31) or ROC (113-10-31 = 2024-10-31).

    A year of at most three digits is an ROC year (民國; AD = ROC + 1911); four digits are AD.
    Full-width digits are read as digits. Anything else raises DateError naming the accepted forms.
    """
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if not isinstance(raw, str):
        raise DateError(f"expected a date, found {type(raw).__name__} {_short(raw)!r}; {_ACCEPTED_DATES}")
    text = raw.strip().translate(_FULLWIDTH).replace("／", "/")
    match = _DATE.match(text)
    if match is None:
        raise DateError(f"cannot read {_short(raw)!r} as a date; {_ACCEPTED_DATES}")
    year, month, day = (int(g) for g in match.groups())
    roc = len(match.group(1)) <= 3
    if roc:
        year = ad_year(year)
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        shown = f"{roc_year(year) if roc else year}-{month:02d}-{day:02d}"
        raise DateError(
            f"{_short(raw)!r} is not a day of the calendar ({shown}: {exc}); {_ACCEPTED_DATES}"
        ) from None
