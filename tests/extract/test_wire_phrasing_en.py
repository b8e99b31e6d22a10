"""English wire phrasing beyond the dev corpus: datelines, other verbs, number phrases, week dates.

Each table row is a sentence written for this test with the reading the codebook asks for.
"""

from __future__ import annotations

import pytest

from refwatch.extract.en.dates import find_dates
from refwatch.extract.en.numbers import find_counts
from refwatch.extract.en.triggers import find_triggers


def _dates(sentence: str, published: str) -> list[tuple[str, str | None, str | None]]:
    return [(d.text, d.value, d.anchor) for d in find_dates(sentence, published)]


DATE_CASES = [
    # a dateline's date is when the copy was filed
    ("VLADIVOSTOK, Russia, April 15 (Meridian News) — A court ordered his expulsion.", "2021-04-15", []),
    ("(Seoul, May 3, 2024) – Chinese authorities returned them in late April.", "2024-05-03",
     [("in late April", "2024-04", None)]),
    ("TOKYO, Nov 22 (Pacific Dispatch) - The boat drifted ashore on Monday.", "2016-11-22",
     [("Monday", "2016-11-21", None)]),
    # weeks and weekends: the month when the whole span lies in one
    ("They were transferred last week to Hohhot.", "2025-01-28", [("last week", "2025-01", None)]),
    ("He crossed over the weekend.", "2022-12-06", [("over the weekend", "2022-12", None)]),
    ("They were moved last week.", "2024-03-04", [("last week", None, None)]),  # Feb 26 – Mar 3
    ("The court fined them two days later.", "2015-09-10", [("two days later", None, "+2")]),
    # "taken into custody" is no photo caption
    ("The 12 were taken into custody on Friday.", "2019-11-12", [("Friday", "2019-11-08", None)]),
    ("The image was taken in June 2019.", "2019-11-12", []),
]


@pytest.mark.parametrize(("sentence", "published", "expected"), DATE_CASES)
def test_wire_phrasing_en_dates(sentence: str, published: str, expected: list) -> None:
    assert _dates(sentence, published) == expected


def _triggers(sentence: str) -> list[tuple[str, str | None, bool]]:
    return [(t.type, t.destination, t.planned or t.hypothetical) for t in find_triggers(sentence)]


TRIGGER_CASES = [
    ("Vietnamese border guards nabbed a dozen North Koreans", [("detained", None, False)]),
    ("the group was moved by bus on March 21", [("transferred", None, False)]),
    ("officers drove them to the border and ordered them to walk into China",
     [("transferred", None, False), ("transferred", "CN", False)]),
    ("officers drove them to the South Korean embassy", [("arrived", "embassy", False)]),
    ("they were released into the care of the South Korean embassy",
     [("released", "embassy", False), ("arrived", "embassy", False)]),
    ("police officers arrived at the apartment shortly after midnight", []),
    ("a fisherman saw the body caught in the reeds", []),
    ("the Chinese had handed them to our State Security officers", [("repatriated", "KP", False)]),
    ("activists fear they will be deported to their homeland", [("repatriated", "KP", True)]),
    ("every week makes a return to North Korea more likely", [("repatriated", "KP", True)]),
    ("buses carrying 120 North Koreans crossed into North Korea", [("repatriated", "KP", False)]),
]


@pytest.mark.parametrize(("sentence", "expected"), TRIGGER_CASES)
def test_wire_phrasing_en_triggers(sentence: str, expected: list) -> None:
    assert _triggers(sentence) == expected


def test_wire_phrasing_en_custody_told_as_a_state() -> None:
    held, arrest = find_triggers("They are being held at a facility in Yanji"), find_triggers("Police arrested them")
    assert [t.state for t in held] == [True]
    assert [t.state for t in arrest] == [False]


def _counts(sentence: str) -> list[tuple[int | None, str, bool, bool]]:
    return [(c.value, c.qualifier, c.minors, c.part) for c in find_counts(sentence)]


COUNT_CASES = [
    ("police rounded up at least five defectors, including two teenagers, in a raid",
     [(5, "at_least", False, False), (2, "exact", True, True)]),
    ("guards nabbed a dozen North Koreans, among them a family of four, near the border",
     [(12, "exact", False, False), (4, "exact", False, True)]),
    ("police apprehended two North Korean families totalling nine people",
     [(9, "exact", False, False), (9, "exact", False, False)]),
    ("A second group of at least 80 was sent back, two of the sources said.", [(80, "at_least", False, False)]),
    ("Four North Koreans were released, two people involved in the case said", [(4, "exact", False, False)]),
    ("The women, two of them sisters, were apprehended in January", [(2, "exact", False, True)]),
    ("Of the group, two of them were caught", [(2, "exact", False, False)]),
    ("Chinese border guards caught two North Korean soldiers", [(2, "exact", False, False)]),
]


@pytest.mark.parametrize(("sentence", "expected"), COUNT_CASES)
def test_wire_phrasing_en_counts(sentence: str, expected: list) -> None:
    assert _counts(sentence) == expected
