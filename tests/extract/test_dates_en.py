"""English dates resolved against the publication date; furniture and datelines give none."""

from __future__ import annotations

import pytest

from refwatch.extract.en.dates import find_dates

# (sentence, published, [(value, precision)] of the mentions, in order)
CASES = [
    ("arrived at Incheon on Tuesday", "2019-12-05", [("2019-12-03", "day")]),
    ("detained in Lang Son province last Saturday", "2019-10-30", [("2019-10-26", "day")]),
    ("sent back across the bridge last Thursday", "2018-08-06", [("2018-08-02", "day")]),
    ("handed back to China last Friday", "2018-03-21", [("2018-03-16", "day")]),
    ("caught in Lang Son province on Oct. 26", "2019-12-05", [("2019-10-26", "day")]),
    ("On 12 December the court overturned the order", "2020-01-14", [("2019-12-12", "day")]),
    ("arrested in Hunchun in March 2019", None, [("2019-03", "month")]),
    ("handed back on the 21st", "2019-04-10", [("2019-03-21", "day")]),
    ("handed back on the 21st", None, [(None, "unknown")]),
    ("held at a facility since May 10", "2013-05-24", [("2013-05-10", "day")]),
    ("the consulate in Shenyang last July", "2015-06", [("2014-07", "month")]),
    ("The family arrived in Seoul in May", "2015-06", [("2015-05", "month")]),
    ("picked up near Zamyn-Uud in mid-February", "2014-03-28", [("2014-02", "month")]),
    ("handed over early this month", "2012-03-09", [("2012-03", "month")]),
    ("sentenced late last month", "2016-05-12", [("2016-04", "month")]),
    ("the return of about 600 people last October", "2024-03-07", [("2023-10", "month")]),
    ("Laos handed nine young defectors over in 2013", "2017-11-23", [("2013", "year")]),
    ("detained on the evening of Wednesday, October 19", "2016-10-21", [("2016-10-19", "day")]),
    ("the night of Oct. 9", "2023-10-13", [("2023-10-09", "day")]),
    ("He was detained two days ago", "2013-05-24", [("2013-05-22", "day")]),
    ("returned between January 2020 and January 2024", "2024-02-22", [(None, "unknown")]),
]


@pytest.mark.parametrize(("sentence", "published", "expected"), CASES)
def test_dates_en_resolves_against_publication(sentence: str, published: str | None, expected: list) -> None:
    assert [(d.value, d.precision) for d in find_dates(sentence, published)] == expected


@pytest.mark.parametrize(
    ("sentence", "anchor"),
    [
        ("he was released the same day", "same"),
        ("detained again within hours", "same"),
        ("fourteen more were detained a few days later", "later"),
        ("she was moved the next day", "after"),
    ],
)
def test_dates_en_anaphoric_dates_carry_an_anchor(sentence: str, anchor: str) -> None:
    found = find_dates(sentence, "2020-01-14")
    assert [(d.value, d.anchor) for d in found] == [(None, anchor)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Photo: A Chinese border patrol vehicle. The image was taken in June 2019.",
        "Last updated: 28 May 2013",
        "Alert issued 22 March 2018.",
        "Please check our website for updates before taking action after 5 April 2018.",
        "Photo below: the Tumen crossing, taken by me in April 2015.",
    ],
)
def test_dates_en_page_furniture_gives_no_date(sentence: str) -> None:
    assert find_dates(sentence, "2018-03-22") == []


def test_dates_en_dateline_is_not_an_event_date() -> None:
    sentence = "SEOUL, Feb 15 (Pacific Rim Dispatch) - Chinese police have arrested 24 North Koreans"
    assert find_dates(sentence, "2012-02-15") == []


def test_dates_en_may_the_verb_is_not_a_month() -> None:
    assert find_dates("They may be returned", "2019-04-24") == []
