"""Story-level rules of the assembler and context, on short reports written for these tests.

Each case is a report and one fact its coding must (or must not) contain, as (type, field, value).
"""

from __future__ import annotations

import pytest

from refwatch.extract import extract, raise_error
from refwatch.types import Report


def _events(text: str, language: str, published: str) -> tuple[bool, list[dict]]:
    result = extract(Report(text=text, language=language, published=published), "s", on_error=raise_error)
    contract = result.to_contract()
    return contract["relevant"], [e for e in contract["events"] if not e["background"]]


CASES = [
    # a retold number keeps the qualifier told first
    ("en", "2024-03-09", "Chinese police rounded up at least five defectors in Yanji earlier this month. "
     "The five were apprehended on the night of the 2nd.", ("detained", "count_qualifier", "at_least")),
    # a custody state adds to the arrest instead of standing as a second detention
    ("en", "2023-09-13", "Four North Koreans were picked up by police at a bus station in Luang Prabang on Aug. 2. "
     "They were held at the immigration office and later in Vientiane.", ("detained", "place", "Luang Prabang")),
    # people of another clause are not the object of the verb ("fined the adults")
    ("en", "2015-09-10", "Thai police arrested 17 North Koreans on Sunday, and a provincial court fined the adults "
     "two days later. The court fined each of the 14 adults 2,000 baht.", ("sentenced", "date", "2015-09-08")),
    # a date before a coordinated speech verb is the event's ("… on Monday and told officials")
    ("en", "2016-11-22", "Four North Koreans reached Japan aboard a boat that drifted ashore near Fukaura on Monday "
     "and told officials they had fled.", ("arrived", "date", "2016-11-21")),
    # "Unless Seoul moves": South Korean places are where arrivals happen, nothing else
    ("en", "2024-03-09", "Chinese police detained five defectors in Yanji on March 2. \"Unless Seoul moves quickly, "
     "they will be sent back,\" the source said.", ("at_risk", "country", "CN")),
    # punished after a return told in the same story: in North Korea
    ("en", "2023-02-14", "A North Korean woman who was sent back from China in July was sentenced to five years "
     "of reform through labor earlier this month, a source said.", ("sentenced", "country", "KP")),
    # the risk is where the group is at the end (moved to Tumen)
    ("en", "2018-06-27", "Nine North Koreans were detained by Chinese police in Shenyang on 16 June. On 23 June they "
     "were moved to a border detention centre in Tumen. They are at imminent risk of being forcibly returned.",
     ("at_risk", "place", "Tumen")),
    # an arrival at "the embassy" with no city is in the capital
    ("ko", "2019-02-13",
     "라오스 이민당국이 지난 11일 탈북민 일가족 5명을 석방해 우리 대사관에 넘겼다고 외교 소식통이 13일 밝혔다.",
     ("arrived", "place", "Vientiane")),
    # crossing the NLL says where the arrival is, even with no South Korean place named
    ("ko", "2023-05-16",
     "북한 주민 2명이 지난 주말 목선을 타고 동해 북방한계선(NLL)을 넘어 귀순했다고 합동참모본부가 16일 밝혔다.",
     ("arrived", "count", 2)),
]


@pytest.mark.parametrize(("language", "published", "text", "fact"), CASES)
def test_story_rules_fact(language: str, published: str, text: str, fact: tuple[str, str, object]) -> None:
    event_type, field, value = fact
    relevant, events = _events(text, language, published)
    assert relevant
    assert any(e["type"] == event_type and e[field] == value for e in events), events


def test_story_rules_incident_recalled_only_at_the_end_is_no_story() -> None:
    text = ("SEOUL -- The number of North Koreans who reached South Korea in the first half rose slightly, the "
            "ministry said.\n\nMost had lived in China for years before travelling on through third countries.\n\n"
            "Officials attributed the rise to the reopening of borders after the pandemic.\n\n"
            "Direct defections remain rare, officials said.\n\n"
            "Activists say the figures hide forced returns from China, which sent back an estimated 600 people "
            "in one night last October.")
    relevant, events = _events(text, "en", "2024-07-11")
    assert not relevant and events == []


def test_story_rules_undated_life_story_is_not_relevant() -> None:
    text = ("In a small bakery in Busan, a woman kneads dough for her regulars.\n\n"
            "She was caught twice in China, she says, and sent back once. She reached Seoul through Thailand and "
            "trained at a vocational school. Customers ask about her accent, she says, laughing.")
    relevant, _ = _events(text, "en", "2021-12-09")
    assert not relevant


def test_story_rules_recalled_case_after_adding_that_leaves_the_risk_main() -> None:
    text = ("Chinese police detained five defectors in Yanji on March 2, a source said. \"They will almost certainly "
            "be sent back,\" the source said, adding that the group included a woman who had been sent back once "
            "before.")
    _, events = _events(text, "en", "2024-03-09")
    assert [e["type"] for e in events] == ["detained", "at_risk"]
