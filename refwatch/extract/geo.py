"""The little geography the assembler needs, independent of the report's language.

Authorities arrive as normalised English ("Vietnamese border guards", "China"), so their
country is read from the first word. The route sets encode codebook facts: a group sent
"back across the border" from a country that borders North Korea is handed to North Korea;
from anywhere else it goes back to China. Reaching a country off the escape routes, or a
South Korean mission anywhere, is reaching safety.
"""

from __future__ import annotations

NORTH_KOREA = "KP"
SOUTH_KOREA = "KR"
# Countries whose border with North Korea makes "sent back across the border" a repatriation.
BORDERS_NORTH_KOREA = frozenset({"CN", "RU"})
# Countries people cross or are held in on the way; arriving there is not reaching safety.
ROUTE_COUNTRIES = frozenset({"CN", "KP", "VN", "LA", "TH", "KH", "MM", "MN", "RU"})

_AUTHORITY_COUNTRY = {
    "chinese": "CN", "china": "CN", "beijing": "CN", "vietnamese": "VN", "vietnam": "VN", "hanoi": "VN",
    "lao": "LA", "laotian": "LA", "laos": "LA", "vientiane": "LA", "thai": "TH", "thailand": "TH",
    "mongolian": "MN", "mongolia": "MN", "cambodian": "KH", "cambodia": "KH", "russian": "RU", "russia": "RU",
    "japanese": "JP", "japan": "JP", "burmese": "MM", "myanmar": "MM", "malaysian": "MY", "indonesian": "ID",
    "philippine": "PH", "kyrgyz": "KG", "uzbek": "UZ", "north": "KP", "south": "KR",
    "yanji": "CN", "tumen": "CN", "dandong": "CN", "shenyang": "CN", "longjing": "CN", "hunchun": "CN",
    "sinuiju": "KP", "bangkok": "TH", "chiang": "TH", "vladivostok": "RU", "primorsky": "RU",
}
_COUNTRY_NAMES = {
    "CN": "China", "VN": "Vietnam", "LA": "Laos", "TH": "Thailand", "MN": "Mongolia", "KH": "Cambodia",
    "RU": "Russia", "JP": "Japan", "MM": "Myanmar", "KP": "North Korea", "KR": "South Korea",
}


# Where a country's South Korean embassy is: "handed to the South Korean embassy" in a country names its city.
EMBASSY_CITIES = {
    "CN": "Beijing", "VN": "Hanoi", "LA": "Vientiane", "TH": "Bangkok", "KH": "Phnom Penh", "MN": "Ulaanbaatar",
    "RU": "Moscow", "MM": "Yangon", "JP": "Tokyo", "PH": "Manila", "MY": "Kuala Lumpur", "ID": "Jakarta",
    "SG": "Singapore",
}


def authority_country(authority: str | None) -> str | None:
    """The country of a normalised English authority name, from its first word."""
    if not authority:
        return None
    first = authority.split()[0].lower().rstrip("'s").rstrip("’")
    if first == "north" and "korea" in authority.lower():
        return NORTH_KOREA
    if first in ("north", "south"):
        return None
    return _AUTHORITY_COUNTRY.get(first)


def country_name(code: str | None) -> str | None:
    return _COUNTRY_NAMES.get(code or "")


def is_safe_arrival(country: str | None) -> bool:
    return bool(country) and country not in ROUTE_COUNTRIES
