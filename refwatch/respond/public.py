"""The public projection of an incident: the only view of an incident the respond stage sees.

Alerts, feeds, share texts, urgent-action pages and webhooks are built from this and nothing
else, so a name, a photo, a family detail, a hiding place or a private note cannot reach
them by accident: those fields do not exist here. Whoever adapts an incident record fills in
these fields from the reviewed public summary, never from private notes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any

from refwatch.respond.words import country_name, language, people_phrase, status_label

STATUSES = ("detained", "at_risk", "transferred", "sentenced", "repatriated", "released", "arrived", "died")
IN_CUSTODY = frozenset({"detained", "at_risk", "transferred", "sentenced"})
CLOSING = frozenset({"repatriated", "released", "arrived", "died"})
TOWARD_RETURN = frozenset({"at_risk", "transferred", "sentenced", "repatriated"})


@dataclass(frozen=True, slots=True)
class PublicIncident:
    """What may be said in public about one incident, as reviewed by an editor."""

    key: str
    status: str
    published: bool
    title_en: str = ""
    title_ko: str = ""
    summary_en: str = ""
    summary_ko: str = ""
    country: str | None = None
    place: str | None = None
    place_ko: str | None = None
    people_min: int | None = None
    people_max: int | None = None
    children: int | None = None
    urgent: bool = False
    first_reported: str | None = None
    last_news_at: datetime | None = None
    updated_at: datetime | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> PublicIncident:
        """Build from a dict, dropping every key that is not a public field."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def title(self, lang: str) -> str:
        """The editor's title in `lang`, else the other language's, else one made from the facts."""
        own, other = (self.title_ko, self.title_en) if language(lang) == "ko" else (self.title_en, self.title_ko)
        return own or other or self.headline(lang)

    def summary(self, lang: str) -> str:
        if language(lang) == "ko":
            return self.summary_ko or self.summary_en
        return self.summary_en or self.summary_ko

    def where(self, lang: str) -> str:
        nation = country_name(self.country, lang)
        place = (self.place_ko or self.place) if language(lang) == "ko" else self.place
        if place and nation:
            return f"{nation} {place}" if language(lang) == "ko" else f"{place}, {nation}"
        return place or nation

    def headline(self, lang: str) -> str:
        """One sentence from the coded facts: '10 people detained in Shenyang, China'.

        The place is where the group was last held, so a return is told "from" it, and a safe
        arrival elsewhere (the place is not in South Korea) "via" it.
        """
        who = people_phrase(self.people_min, self.people_max, lang)
        what = status_label(self.status, lang)
        where = self.where(lang)
        via = self.status == "arrived" and self.country not in (None, "KR")
        if language(lang) == "ko":
            if via and where:
                return f"탈북민 {who} {what} ({where} 경유)"
            place = f"{where}에서 " if where else ""
            return f"탈북민 {who} {place}{what}"
        preposition = "via" if via else ("from" if self.status == "repatriated" else "in")
        place = f"{',' if via else ''} {preposition} {where}" if where else ""
        return f"{who.capitalize()} from North Korea {what}{place}"

    def children_phrase(self, lang: str) -> str:
        if not self.children:
            return ""
        if language(lang) == "ko":
            return f"어린이 {self.children}명 포함"
        return f"including {self.children} {'child' if self.children == 1 else 'children'}"

    def to_public_dict(self) -> dict[str, Any]:
        """JSON-ready copy of every field; times in UTC ISO 8601."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, datetime):
                value = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).isoformat()
            out[f.name] = value
        return out

    @classmethod
    def from_public_dict(cls, data: Mapping[str, Any]) -> PublicIncident:
        """Inverse of `to_public_dict` (what an alert row keeps)."""
        values = dict(data)
        for name in ("last_news_at", "updated_at"):
            if isinstance(values.get(name), str):
                values[name] = datetime.fromisoformat(values[name])
        return cls.from_mapping(values)
