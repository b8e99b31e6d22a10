"""The treaties that bind the states where North Koreans are held, for the legal context box.

Only years we could state with confidence are listed: the year a state became party to the
1951 Refugee Convention (with its 1967 Protocol) and to the Convention against Torture. Whether
or not a state signed the Refugee Convention, the ban on sending someone back to torture binds
it through the Convention against Torture and, as most lawyers hold, through customary law;
the page says so in both languages (`templates/incidents/_legal_*.html`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TreatyStatus:
    """Years of becoming party; None means not a party."""

    refugee_convention: int | None
    torture_convention: int | None


TREATIES: dict[str, TreatyStatus] = {
    "CN": TreatyStatus(1982, 1988),
    "RU": TreatyStatus(1993, 1987),
    "KH": TreatyStatus(1992, 1992),
    "VN": TreatyStatus(None, 2015),
    "LA": TreatyStatus(None, 2012),
    "TH": TreatyStatus(None, 2007),
    "MN": TreatyStatus(None, 2002),
}


def treaty_status(country: str | None) -> TreatyStatus | None:
    """What we know for the holding country, or None when it is not one we list."""
    return TREATIES.get((country or "").upper())
