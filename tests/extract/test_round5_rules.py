"""Rules added in round 5 (blind6_en and the Korean helper's proposals), on short reports written for these tests.

Each case is a report and one fact its coding must (or must not) contain, as (type, field, value); a field of
`None` means "no event of this type".
"""

from __future__ import annotations

import pytest

from refwatch.extract.en.dates import find_dates
from refwatch.extract.en.discourse import place_roles, trend
from refwatch.extract.en.triggers import find_triggers
from refwatch.extract.facts import Draft, SentenceFacts
from refwatch.extract.mentions import PlaceMention, Trigger
from refwatch.extract.places import find_places
from refwatch.extract.where import attach_place
from tests.extract.coding import assert_fact, coded

CASES = [
    # (b) a release told after the return, with no country of its own, is in North Korea
    ("en", "2026-03-10", "Three North Korean defectors were sent back from China on March 1, a source said. "
     "One of them was released after questioning.", ("released", "country", "KP")),
    ("ko", "2026-03-10", "중국에서 강제북송된 탈북민 3명이 혜산시 보위부 구류장에 갇혀 "
     "조사를 받고 있다고 소식통이 전했다. "
     "이들 중 1명은 조사가 끝난 뒤 풀려났다.", ("released", "country", "KP")),
    # … but not other people's release, nor one told with a place abroad
    ("en", "2016-11-08", "The four women held after the raid on the Yanji shelter were handed to North Korea at the "
     "Tumen crossing on Nov. 3, a source said. The other two women detained in the raid were let go a few days after "
     "the raid.", ("released", "country", "CN")),
    # (c) a lead naming where the group was held and a dated telling of the crossing: one return
    ("ko", "2026-03-10", "중국 선양 일대에 구금돼 있던 탈북민 12명이 강제송환됐다고 대북 소식통이 전했다. "
     "이들은 지난 5일 단둥 세관을 거쳐 북한 보위부에 넘겨졌다.", ("repatriated", "place", "Dandong")),
    # (d) an embassy in no named country is in the country of the nearest place abroad
    ("ko", "2026-03-10", "탈북민 4명이 지난 3일 싱가포르 항구에 도착한 뒤 "
     "현지 한국대사관으로 피신했다고 소식통이 전했다.",
     ("arrived", "country", "SG")),
    # … unless the story has already put the group in a country
    ("en", "2025-08-21", "Mongolian border guards detained seven North Koreans in Dornogovi province on July 30. "
     "The seven were released to the South Korean embassy on Aug. 12 after officials in Beijing were told.",
     ("arrived", "country", "MN")),
    # (e) a return told only as a trend is no event, not even a weak risk
    ("en", "2026-03-10", "Chinese police arrested five North Koreans in Yanji on March 2, a source said. China has "
     "increasingly been sending North Koreans back across the border.", ("repatriated", None, None)),
    ("ko", "2026-03-10", "중국 공안이 지난 2일 옌지에서 탈북민 5명을 체포했다. "
     "최근 중국이 탈북민을 강제북송하는 사례가 늘고 있다.",
     ("at_risk", None, None)),
    # (f) reaching Thailand (a route country) is not arriving in safety; the surrender is the detention
    ("en", "2026-12-08", "Eight North Korean defectors reached Thailand by boat across the Mekong River and "
     "surrendered to police in Chiang Khong district on Sunday, police said. They were charged with illegal entry.",
     ("arrived", None, None)),
    ("en", "2026-12-08", "Eight North Korean defectors reached Thailand by boat across the Mekong River and "
     "surrendered to police in Chiang Khong district on Sunday, police said. They were charged with illegal entry.",
     ("detained", "country", "TH")),
    # blind6: an execution after return is a death in North Korea
    ("en", "2026-08-26", "Two North Korean defectors were caught by Chinese police in Yanji in February and forcibly "
     "returned in April, the spy agency said. They were executed by firing squad in Hoeryong in July.",
     ("died", "place", "Hoeryong")),
    # blind6: an acronym is not a town ("NIS" is not Niš)
    ("en", "2026-08-26", "Two North Korean defectors were forcibly returned from China in April after their arrest in "
     "Yanji, the National Intelligence Service (NIS) told lawmakers.", ("repatriated", "country", "CN")),
    # blind6: a request for the return is a risk
    ("en", "2026-01-20", "A North Korean soldier was detained by Chinese border police in Tumen on Jan. 14, sources "
     "said, adding that Pyongyang had asked Beijing to return him.", ("at_risk", "country", "CN")),
    # blind6: "Police in X province" names where, not a police officer's title
    ("en", "2026-02-16", "Police in Luang Namtha province detained seven North Koreans on Saturday, a police note "
     "said.", ("detained", "country", "LA")),
    # blind6: an op-ed opening on the writer's arrest years ago, then today's risk
    ("en", "2026-04-03", "In the winter of 2009, Chinese police caught me in a market in Tumen. Two weeks later I was "
     "handed to North Korean guards at the bridge. This week, rights groups said some 60 North Koreans held in Jilin "
     "province face imminent forced return.", ("at_risk", "count", 60)),
    ("en", "2026-04-03", "In the winter of 2009, Chinese police caught me in a market in Tumen. Two weeks later I was "
     "handed to North Korean guards at the bridge. This week, rights groups said some 60 North Koreans held in Jilin "
     "province face imminent forced return.", ("repatriated", None, None)),
]


@pytest.mark.parametrize(("language", "published", "text", "fact"), CASES)
def test_round5_story_rules(language: str, published: str, text: str, fact: tuple) -> None:
    _, events = coded(text, language, published)
    assert_fact(events, fact)


def _hyesan() -> PlaceMention:
    return PlaceMention(0, 2, "혜산", "Hyesan", "KP", 41.4, 128.2, "city")


@pytest.mark.parametrize(("kind", "destination", "country"), [
    ("detained", "KP", "KP"),  # "혜산시 보위부 구류장에 갇혀": custody of North Korea's agents
    ("released", "KP", "KP"),
    ("sentenced", "KP", "KP"),
    ("detained", None, None),  # a state of custody in North Korea with no such words stays unplaced
])
def test_custody_by_north_korean_agents_is_in_north_korea(
    kind: str, destination: str | None, country: str | None
) -> None:
    trigger = Trigger(10, 12, "갇혀", kind, destination=destination, state=True)
    facts = SentenceFacts(index=0, start=0, end=20, text="혜산 보위부 구류장에 갇혀 있다", triggers=[trigger],
                          places=[_hyesan()])
    draft = Draft(type=kind, sentence=0, trigger=trigger, evidence=facts.text)
    attach_place(draft, facts, trigger, object(), {0}, [None])
    assert draft.country == country
    if country == "KP":
        assert draft.place is not None and draft.place.name == "Hyesan"


@pytest.mark.parametrize(("sentence", "expected"), [
    ("China has increasingly been sending North Koreans back.", True),
    ("A growing number of North Koreans are being returned.", True),
    ("China sent back five North Koreans on Monday.", False),
])
def test_trend_statements(sentence: str, expected: bool) -> None:
    assert trend(sentence) is expected


@pytest.mark.parametrize(("sentence", "kind"), [
    ("They were executed by firing squad in Hoeryong.", "died"),
    ("North Korea publicly executed two men.", "died"),
    ("Police executed a search warrant at the house.", None),
    ("Pyongyang had asked Beijing to return him.", "at_risk"),
    ("North Korea demanded their repatriation.", "at_risk"),
])
def test_round5_trigger_words(sentence: str, kind: str | None) -> None:
    kinds = [t.type for t in find_triggers(sentence)]
    assert (kind in kinds) if kind else not kinds


@pytest.mark.parametrize(("text", "kind", "expected"), [
    # found by a coast guard in a safe country: arriving; in a route country: a detention
    ("Four North Korean defectors who fled their country by wooden boat reached Ishikawa Prefecture. The coast guard "
     "found the four near a fishing port in Wajima on Tuesday and put them in protective custody, officials said.",
     "arrived", "JP"),
    ("Mongolian border troops found three North Korean defectors hiding near Zamyn-Uud on Tuesday and detained "
     "them, officials said.",
     "detained", "MN"),
])
def test_found_in_a_safe_country_is_an_arrival(text: str, kind: str, expected: str) -> None:
    _, events = coded(text, "en", "2026-06-12")
    assert any(e["type"] == kind and e["country"] == expected for e in events), events


def test_a_return_the_people_asked_for_is_no_event() -> None:
    relevant, events = coded(
        "South Korea on Thursday sent back two North Korean fishermen rescued at sea last week, after they expressed "
        "a wish to return home, the unification ministry said. The two were handed over at sea near the Northern "
        "Limit Line.", "en", "2026-07-02")
    assert not relevant or not events, events


@pytest.mark.parametrize(("sentence", "found"), [
    ("the National Intelligence Service (NIS) told lawmakers", False),
    ("They were caught in Nis, Serbia.", True),
])
def test_acronyms_are_not_places(sentence: str, found: bool) -> None:
    assert any(p.name == "Nis" for p in find_places(sentence)) is found


def test_police_in_a_province_names_the_place() -> None:
    sentence = "Police in Luang Namtha province detained seven people."
    places = find_places(sentence)
    assert place_roles(sentence, places) == [None]


@pytest.mark.parametrize(("sentence", "anchor"), [
    ("Two weeks later I was handed to the guards.", "later"),
    ("A week later she was sent back.", "later"),
    ("Two days later they were sent back.", "+2"),
])
def test_weeks_later_is_relative(sentence: str, anchor: str) -> None:
    assert [d.anchor for d in find_dates(sentence, "2026-04-03")] == [anchor]
