"""Turning the language-neutral incident dicts into the words of one language, for templates.

Titles and headlines come from the respond stage's `PublicIncident`, so a page, an alert and a
share card call an incident by the same name; head counts use the UI catalogues.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from refwatch.respond.public import PublicIncident
from refwatch.web.i18n import translate
from refwatch.web.public.names import country_name, place_name, where


def _public(incident: Mapping[str, Any]) -> PublicIncident:
    return PublicIncident.from_mapping({**incident, "published": True,
                                        "place_ko": place_name(incident.get("place"), "ko") or None})


def title(incident: Mapping[str, Any], lang: str) -> str:
    """The editor's title in this language, else the other one's, else a headline from the facts."""
    return _public(incident).title(lang)


def summary(incident: Mapping[str, Any], lang: str) -> str:
    return _public(incident).summary(lang)


def title_language(incident: Mapping[str, Any], lang: str) -> str:
    """The language the title is actually in (for its `lang` attribute)."""
    own, other = ("title_ko", "title_en") if lang == "ko" else ("title_en", "title_ko")
    if incident.get(own):
        return lang
    if incident.get(other):
        return "en" if lang == "ko" else "ko"
    return lang


def people(low: int | None, high: int | None, qualifier: str, lang: str) -> str:
    """'about 10 people', '8–12 people', 'number not known' in the page's language."""
    if low is None and high is None:
        return translate(lang, "people.unknown")
    if low is not None and high is not None and low != high:
        return translate(lang, "people.range", low=low, high=high)
    count = low if low is not None else high
    key = qualifier if qualifier in ("about", "at_least", "up_to") else "one" if count == 1 else "exact"
    return translate(lang, f"people.{key}", n=count)


def count_range(low: int | None, high: int | None) -> str:
    if low is None and high is None:
        return "—"
    if low is None or high is None or low == high:
        return str(low if low is not None else high)
    return f"{low}–{high}"


class Words:
    """What templates call: `words.title(incident)`, `words.where(country, place)` …"""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def title(self, incident: Mapping[str, Any]) -> str:
        return title(incident, self.lang)

    def title_lang(self, incident: Mapping[str, Any]) -> str:
        return title_language(incident, self.lang)

    def summary(self, incident: Mapping[str, Any]) -> str:
        return summary(incident, self.lang)

    def where(self, country: str | None, place: str | None) -> str:
        return where(country, place, self.lang)

    def step_where(self, country: str | None, places: list[str]) -> str:
        """'Tumen, Yanji, China' (a step may have been placed in several places by its reports)."""
        names = [place_name(p, self.lang) for p in places]
        nation = country_name(country, self.lang)
        if self.lang == "ko":
            return " ".join(part for part in (nation, ", ".join(names)) if part)
        return ", ".join(part for part in (*names, nation) if part)

    def place(self, place: str | None) -> str:
        return place_name(place, self.lang)

    def country(self, code: str | None) -> str:
        return country_name(code, self.lang)

    def people(self, low: int | None, high: int | None, qualifier: str = "exact") -> str:
        return people(low, high, qualifier, self.lang)

    def children(self, count: int) -> str:
        """'including 1 child' / 'including 3 children' (Korean needs no plural)."""
        return translate(self.lang, "incidents.children_one" if count == 1 else "incidents.children_n", n=count)

    def range(self, low: int | None, high: int | None) -> str:
        return count_range(low, high)


def key_families() -> dict[str, tuple[str, ...]]:
    """Catalogue keys the public-site templates build from data (`t("status." ~ status)`), with every
    value they can take; `tests/web/test_i18n_catalogues.py` checks both languages have them all."""
    from refwatch.incidents.record import PINNABLE
    from refwatch.web.public.filters import PUBLISHED_CHOICES, STATUSES
    from refwatch.web.views.incident_workspace import DONE, PROBLEMS
    from refwatch.web.views.statistics import MEASURES

    return {
        "status.": STATUSES, "conflict.": ("count", "corrected", "date", "place", "refuted"),
        "data.format_": ("csv", "geojson", "json"), "incidents.done_": DONE, "incidents.problem_": PROBLEMS,
        "pin.field_": PINNABLE, "stats.measure_": tuple(MEASURES), "stats.chart_": ("month", "year", "country"),
        "ws.published_": PUBLISHED_CHOICES, "incidents.children_": ("n", "one"),
        "people.": ("exact", "one", "about", "at_least", "up_to", "range", "unknown"),
    }
