"""The plan file and its agency registry: what a rule set says about the plan as a whole.

``plan.yaml`` at the root of a rules directory names the plan (title, calendar, default language)
and lists every agency once: canonical name, English name, aliases. Every place an agency is named
(rule files, reports, submissions, templates) resolves through the ``AgencyRegistry`` built from it,
so 法務部(廉政署), 法務部（廉政署） and 法務部廉政署 are one agency and a typo is an error with a
suggestion instead of a new agency.

Names are compared after normalisation: full-width brackets and punctuation become half-width
(NFKC) and whitespace is dropped; an English name (``Ministry of Justice``) is found whatever its case
and spacing, so a clerk may type the name the English output shows. A parenthesised unit names the unit of its parent:
``法務部(廉政署)`` resolves to a registered ``法務部廉政署`` (or ``廉政署``) when not registered itself,
and ``內政部（警政署、移民署）`` names both 內政部警政署 and 內政部移民署 (``resolve_all``).

A rules directory without plan.yaml still loads: the registry is then built from the agencies the
measures name, and the title is a neutral label.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from target_rules.calendar import Calendar
from target_rules.errors import Path, Problem, RuleError
from target_rules.language.model import Text
from target_rules.messages import Code, Message, say
from target_rules.suggest import closest, did_you_mean

__all__ = [
    "PLAN_FILE_NAMES",
    "Agency",
    "AgencyRegistry",
    "Plan",
    "PlanFile",
    "UnknownAgencyError",
    "normalise_agency",
]

PLAN_FILE_NAMES = ("plan.yaml", "plan.yml", "plan.json")
NEUTRAL_TITLE = Text(zh="績效目標", en="Performance targets")


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


@lru_cache(maxsize=8192)
def normalise_agency(name: str) -> str:
    """The form names are compared in: NFKC (full-width -> half-width), no whitespace."""
    text = unicodedata.normalize("NFKC", str(name))
    return "".join(text.split())


class Agency(_Frozen):
    """One agency (or a group such as 各機關) that owes or reports figures."""

    name: str = Field(min_length=1, description="canonical name, as the plan prints it (zh)")
    en: str | None = Field(None, description="English name")
    aliases: list[str] = Field(
        default_factory=list,
        description="other spellings; full/half-width brackets and spaces are normalised automatically",
    )
    group: bool = Field(False, description="a group of agencies (各機關), not one agency")

    def label(self, lang: str = "zh") -> str:
        """The name to print in ``lang`` (English falls back to the canonical name)."""
        return (self.en or self.name) if lang == "en" else self.name


class Plan(_Frozen):
    """The plan as a whole: its title, how years are counted, the default output language."""

    title: Text = Field(default=NEUTRAL_TITLE, description="the plan's name")
    calendar: Calendar = Field(
        Calendar.ROC,
        description="how the plan counts its years, in rules, reports and submissions alike: roc: ROC"
        " years 1..8088 (107 is 2018; Gregorian = ROC + 1911); gregorian: Gregorian years 1000..9999",
    )
    language: Literal["zh", "en"] = Field("zh", description="default output language; --lang overrides")
    units: dict[str, str] = Field(
        default_factory=dict,
        description="English names of units the rules use ({公頃: hectares}); common counting words "
        "(件, 人, 場次 ...) are known already",
    )

    def gregorian(self, year: int) -> int:
        """The Gregorian year of a plan year (107 -> 2018 for calendar roc)."""
        return self.calendar.gregorian(year)


class PlanFile(_Frozen):
    """plan.yaml: the plan and the one registry of agencies."""

    plan: Plan = Field(default_factory=Plan)
    agencies: list[Agency] = Field(default_factory=list)

    @model_validator(mode="after")
    def _names_unique(self) -> PlanFile:
        owner: dict[str, str] = {}
        for agency in self.agencies:
            for spelling in (agency.name, *agency.aliases):
                key = normalise_agency(spelling)
                if key in owner and owner[key] != agency.name:
                    raise ValueError(f"{spelling!r} names both {owner[key]!r} and {agency.name!r}")
                if key in owner and spelling == agency.name:
                    raise ValueError(f"agency {agency.name!r} is listed twice")
                owner[key] = agency.name
        # an English name is typed too (--agency "Ministry of Justice"): it must name one agency
        folded = {k.casefold(): v for k, v in owner.items()}
        for agency in self.agencies:
            if agency.en:
                key = normalise_agency(agency.en).casefold()
                if folded.get(key, agency.name) != agency.name:
                    raise ValueError(f"{agency.en!r} names both {folded[key]!r} and {agency.name!r}")
                folded[key] = agency.name
        return self


class UnknownAgencyError(RuleError):
    """An agency name the registry does not know; carries one Problem with a did-you-mean."""

    @property
    def problem(self) -> Problem:
        return self.problems[0]


_UNITS = re.compile(r"^(?P<parent>[^()]+)\((?P<units>[^()]+)\)$")


class AgencyRegistry:
    """Every agency of a plan, found by canonical name or alias, whatever the bracket width."""

    def __init__(self, agencies: Iterable[Agency] = (), *, declared: bool = True) -> None:
        self._agencies: list[Agency] = []
        self._index: dict[str, Agency] = {}
        self._folded: dict[str, Agency] = {}  # every spelling and English name, case-folded
        self._rank: dict[str, int] = {}  # canonical name -> place in the plan's order
        self.declared = declared  # False: built from the names the measures use (no plan.yaml)
        for agency in agencies:
            self.add(agency)

    def add(self, agency: Agency) -> None:
        """Register an agency (and its aliases); a name already registered is left alone."""
        keys = [normalise_agency(s) for s in (agency.name, *agency.aliases)]
        if keys[0] in self._index:
            return
        self._rank[agency.name] = len(self._agencies)
        self._agencies.append(agency)
        for key in keys:
            self._index.setdefault(key, agency)
        for key in (*keys, *([normalise_agency(agency.en)] if agency.en else [])):
            self._folded.setdefault(key.casefold(), agency)

    @classmethod
    def from_names(cls, names: Iterable[str]) -> AgencyRegistry:
        """A registry for rule sets without plan.yaml: each distinct name is its own agency."""
        registry = cls(declared=False)
        for name in names:
            unit = _UNITS.match(normalise_agency(name))
            # 法務部（檢察司、調查局）names 法務部's units: register the parent and each unit
            spelled = (
                [unit["parent"], *(f"{unit['parent']}({u})" for u in unit["units"].split("、"))]
                if unit
                else [name]
            )
            for one in spelled:
                if registry.find(one) is None:
                    registry.add(Agency(name=one))
        return registry

    def __iter__(self) -> Iterator[Agency]:
        return iter(self._agencies)

    def rank(self, name: str | None) -> int:
        """The place of canonical ``name`` in the plan's order (after every agency when unknown), kept
        as agencies are added so sorting many submissions never rebuilds it."""
        return self._rank.get(name or "", len(self._agencies))

    def __len__(self) -> int:
        return len(self._agencies)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.find(name) is not None

    @property
    def spellings(self) -> list[str]:
        """Every name, English name and alias, for suggestions."""
        out: list[str] = []
        for agency in self._agencies:
            out.append(agency.name)
            if agency.en:
                out.append(agency.en)
            out.extend(agency.aliases)
        return out

    def find(self, name: str) -> Agency | None:
        """The one agency ``name`` denotes, or None (a name listing several units is None too)."""
        found = self.find_all(name)
        return found[0] if found is not None and len(found) == 1 else None

    def find_all(self, name: str) -> list[Agency] | None:
        """The agencies ``name`` denotes (``內政部（警政署、移民署）`` -> two), or None if unknown."""
        key = normalise_agency(name)
        if key in self._index:
            return [self._index[key]]
        if key.casefold() in self._folded:  # an English name (or an alias) in any case
            return [self._folded[key.casefold()]]
        match = _UNITS.match(key)
        if not match:
            return None
        parent = match["parent"]
        out: list[Agency] = []
        for unit in match["units"].split("、"):
            agency = (
                self._index.get(f"{parent}({unit})")
                or self._index.get(parent + unit)
                or self._index.get(unit)
            )
            if agency is None:
                return None
            if agency not in out:
                out.append(agency)
        return out

    def resolve(self, name: str) -> Agency:
        """The agency ``name`` denotes; raises UnknownAgencyError with a did-you-mean."""
        agency = self.find(name)
        if agency is None:
            raise UnknownAgencyError([self.unknown(name)])
        return agency

    def resolve_all(self, name: str) -> list[Agency]:
        """The agencies ``name`` denotes; raises UnknownAgencyError with a did-you-mean."""
        found = self.find_all(name)
        if found is None:
            raise UnknownAgencyError([self.unknown(name)])
        return found

    def names(self, name: str) -> list[str]:
        """The canonical names of the agencies ``name`` denotes (one per agency: a name listing
        several units gives several), or ``[name]`` itself when unknown."""
        found = self.find_all(name)
        return [a.name for a in found] if found else [name]

    def label(self, name: str, lang: str = "zh") -> str:
        """How ``name`` is printed in ``lang``: the canonical (zh) or English names of the agencies it
        denotes (內政部（警政署、移民署） names two), or ``name`` as written when unknown."""
        found = self.find_all(name)
        if not found:
            return name
        return ("、" if lang == "zh" else "; ").join(a.label(lang) for a in found)

    def canonical(self, name: str) -> str:
        """The canonical name of ``name``, or ``name`` itself when unknown (for display only)."""
        agency = self.find(name)
        return agency.name if agency is not None else name

    def unknown(
        self,
        name: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        path: Path = (),
    ) -> Problem:
        """The Problem for a name no agency has: code unknown_agency, with a suggestion."""
        hint: Message | str | None = did_you_mean(name, self.spellings) or _short_name_hint(
            name, self.spellings
        )
        unit = _UNITS.match(normalise_agency(name))
        if hint is None and unit and unit["parent"] in self._index:
            parent = self._index[unit["parent"]].name
            hint = say("hint.agency_unit", parent=parent, unit=unit["units"])
        if hint is None and self._agencies:
            names = ", ".join(a.name for a in self._agencies[:8])
            more = " ..." if len(self._agencies) > 8 else ""
            hint = say("hint.agency_registered", names=names, more=more)
        return Problem(
            say(Code.UNKNOWN_AGENCY, name=name),
            file=file,
            line=line,
            column=column,
            path=path,
            code="unknown_agency",
            hint=hint,
        )


def _short_name_hint(name: str, spellings: list[str]) -> Message | None:
    """Short Chinese names differ by one character in half their length (丙布 for 丙部): a looser
    match than suggest's, for names of up to four characters only."""
    if len(name) > 4:
        return None
    best = closest(name, spellings, cutoff=0.5)
    return say("hint.did_you_mean", name=best) if best else None
