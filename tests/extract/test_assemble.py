"""The language-independent assembler, exercised through whole reports in English and Korean.

Each case is a short report written for these tests; the expectations are the codebook's.
"""

from __future__ import annotations

import pytest

from refwatch.extract import extract, raise_error
from refwatch.extract.assemble import event_kind
from refwatch.extract.mentions import Trigger
from refwatch.types import Event, Report


def _events(text: str, language: str, published: str | None) -> list[Event]:
    result = extract(Report(text=text, language=language, published=published), "t", on_error=raise_error)
    return [e for e in result.events if not e.background]


def _one(events: list[Event], event_type: str) -> Event:
    found = [e for e in events if e.type == event_type]
    assert len(found) == 1, [(e.type, e.country, e.date) for e in events]
    return found[0]


# (text, language, published, type, expected fields)
CASES = [
    ("Vietnam released the eleven North Koreans on Nov. 20 and handed them to the South Korean embassy in "
     "Hanoi. "
     "The group, seven women, three men and a nine-year-old boy, was caught by Vietnamese border guards in Lang Son "
     "province on Oct. 26.", "en", "2019-12-05", "arrived",
     {"country": "VN", "place": "Hanoi", "date": "2019-11-20", "count": 11, "children": 1}),
    ("Lao authorities handed five North Koreans, including a 12-year-old boy, to Chinese police at the Boten border "
     "crossing on Monday, aid workers said.", "en", "2022-11-03", "transferred",
     {"country": "LA", "date": "2022-10-31", "count": 5, "children": 1}),
    ("China sent roughly 600 North Korean escapees back across the border on Monday night, a rights group said.",
     "en", "2023-10-12", "repatriated", {"country": "CN", "count": 600, "count_qualifier": "about",
                                         "date": "2023-10-09"}),
    ("The two North Koreans were detained by Vietnamese police in Quang Ninh province in July and were released "
     "to the South Korean embassy in Hanoi on Sept. 20.", "en", "2016-09-30", "detained",
     {"country": "VN", "place": "Quang Ninh", "date": "2016-07", "count": 2}),
    ("A North Korean woman who was sent back from China in March has been sentenced to five years in a labour camp "
     "by a court in Hoeryong, a source said.", "en", "2016-05-12", "sentenced",
     {"country": "KP", "place": "Hoeryong", "count": 1}),
    ("중국 당국이 지난 26일 단둥 해관을 통해 탈북민 60명 이상을 북측에 넘겼다고 단체가 29일 밝혔다.",
     "ko", "2024-04-29",
     "repatriated", {"country": "CN", "place": "Dandong", "date": "2024-04-26", "count": 60,
                     "count_qualifier": "at_least"}),
    ("베트남 국경수비대는 지난 1일 이들을 랑선성 국경검문소를 통해 중국 공안에 인계했다. 이들은 탈북민 11명이다.",
     "ko", "2019-11-04", "transferred", {"country": "VN", "place": "Lang Son", "date": "2019-11-01"}),
]


@pytest.mark.parametrize(("text", "language", "published", "event_type", "expected"), CASES)
def test_assemble_attaches_the_right_fields(text: str, language: str, published: str, event_type: str,
                                            expected: dict) -> None:
    event = _one(_events(text, language, published), event_type)
    assert {name: getattr(event, name) for name in expected} == expected
    assert event.evidence and event.evidence in text


def test_assemble_plans_are_not_events_and_risks_become_at_risk() -> None:
    text = ("Thai police arrested 14 North Koreans in Chiang Saen district on Sunday. "
            "All fourteen are expected to be moved to Bangkok and then flown to South Korea.")
    types = [e.type for e in _events(text, "en", "2016-08-09")]
    assert types == ["detained"]
    risky = "Chinese police detained eight North Koreans in Yanji on Monday. They could be sent back any day."
    assert sorted(e.type for e in _events(risky, "en", "2021-06-18")) == ["at_risk", "detained"]


def test_assemble_same_event_told_twice_is_one_event() -> None:
    text = ("Vietnamese border guards detained 11 North Koreans in Lang Son province last Saturday. "
            "The group was stopped in a minivan on the highway south of Lang Son city. "
            "They are being held at a border guard station in the province.")
    detained = _one(_events(text, "en", "2019-10-30"), "detained")
    assert (detained.count, detained.date, detained.country) == (11, "2019-10-26", "VN")


def test_assemble_safety_ends_the_risk() -> None:
    text = ("Four North Koreans held in Laos were released to the South Korean embassy in Vientiane on Tuesday. "
            "Activists had feared they could be sent back to China.")
    types = {e.type for e in _events(text, "en", "2017-11-23")}
    assert "at_risk" not in types and {"released", "arrived"} <= types


@pytest.mark.parametrize(
    ("trigger", "kind"),
    [
        (Trigger(0, 1, "x", "detained"), ("detained", False)),
        (Trigger(0, 1, "x", "detained", negated=True), None),
        (Trigger(0, 1, "x", "arrived", planned=True), None),
        (Trigger(0, 1, "x", "repatriated", hypothetical=True), ("at_risk", False)),
        (Trigger(0, 1, "x", "transferred", planned=True, destination="CN"), ("at_risk", False)),
        (Trigger(0, 1, "x", "transferred", planned=True), None),
        (Trigger(0, 1, "x", "repatriated", habitual=True), ("at_risk", True)),
        (Trigger(0, 1, "x", "sentenced", habitual=True), None),
    ],
)
def test_assemble_event_kind_follows_the_codebook(trigger: Trigger, kind: tuple[str, bool] | None) -> None:
    assert event_kind(trigger) == kind
