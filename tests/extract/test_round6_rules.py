"""Rules added in round 6 (blind7_en and the Korean helper's shared proposals), on short reports written for these
tests.

Each case is a report and one fact its coding must (or must not) contain, as (type, field, value); a field of
`None` means "no event of this type". Relevance cases state the decision instead.
"""

from __future__ import annotations

import pytest

from refwatch.extract.en.dates import find_dates
from refwatch.extract.en.numbers import find_counts
from refwatch.extract.en.triggers import find_triggers
from refwatch.extract.places import find_places
from tests.extract.coding import assert_fact, coded

CASES = [
    # a group split in one long sentence: each part keeps its own date, the freed part its embassy arrival
    ("en", "2026-04-20", "Lao police released three of the seven North Koreans arrested in Boten on March 28 to the "
     "South Korean embassy on April 14, while the other four were handed to Chinese police at the border on April 16, "
     "an activist said.", ("released", "date", "2026-04-14")),
    ("en", "2026-04-20", "Lao police released three of the seven North Koreans arrested in Boten on March 28 to the "
     "South Korean embassy on April 14, while the other four were handed to Chinese police at the border on April 16, "
     "an activist said.", ("arrived", "count", 3)),
    ("en", "2026-04-20", "Lao police released three of the seven North Koreans arrested in Boten on March 28 to the "
     "South Korean embassy on April 14, while the other four were handed to Chinese police at the border on April 16, "
     "an activist said.", ("transferred", "date", "2026-04-16")),
    # … and a part with no date of its own shares the one told before "while"
    ("en", "2026-04-20", "Lao police released three of the seven North Koreans arrested in Boten last month to the "
     "South Korean embassy on April 14, while the other four were handed to Chinese police in Mohan, an activist "
     "said.", ("transferred", "date", "2026-04-14")),
    # driven across a bridge into North Korea is a return with its date
    ("en", "2026-09-20", "Some 30 North Koreans held in Liaoning were put on a bus and driven across the Friendship "
     "Bridge to Sinuiju on Sept. 15, a rights group said.", ("repatriated", "date", "2026-09-15")),
    ("en", "2026-09-20", "Two North Korean women caught in Hunchun were taken across the border to Tumangang on "
     "Sept. 9, a source said.", ("repatriated", "country", "CN")),
    # a move inside the town of the arrest is no transfer
    ("en", "2026-05-02", "A North Korean woman working in a Yanji restaurant was arrested by Chinese police on "
     "April 25. She was taken to the Yanji detention center the same day, her sister said.",
     ("transferred", None, None)),
    ("en", "2026-05-02", "Chinese police detained six North Korean defectors in Shenyang on April 27. The six were "
     "taken to a police station in the city, a pastor said.", ("transferred", None, None)),
    # … but a move to another town is one, written "origin; destination" when the origin was told before
    ("en", "2026-05-02", "Chinese police detained six North Korean defectors in Hunchun on April 20. They were moved "
     "to a detention center in Tumen on April 24, a pastor said.", ("transferred", "place", "Hunchun; Tumen")),
    # custody in the hands of North Korea's agents, told in English
    ("en", "2026-08-01", "Two North Koreans who tried to cross the Yalu River were caught by border guards on July 25 "
     "and are being held by the State Security Ministry in Hyesan, a resident said.", ("detained", "country", "KP")),
    ("en", "2026-08-01", "China sent four North Korean women back through Namyang on July 20, a source said. They are "
     "now being held by the State Security Ministry in Onsong.", ("detained", "place", "Onsong")),
    # vague numbers are "about", and the story's later events carry it
    ("en", "2026-10-01", "Mongolian police detained a number of North Koreans near Zamyn-Uud on Sept. 26, an "
     "official said.", ("detained", "count_qualifier", "about")),
    ("en", "2026-10-01", "Chinese police detained several North Korean defectors in Dalian on Sept. 26, an activist "
     "said. The group could be sent back to the North.", ("at_risk", "count_qualifier", "about")),
    # a day told after an attribution ("…said the raid took place on") dates the raid told before
    ("en", "2026-06-10", "Chinese police raided a safe house in Shenyang last week and detained eight North Koreans. "
     "A pastor said the raid took place on June 3 and that the eight were being held in the city.",
     ("detained", "date", "2026-06-03")),
    # the Korean helper's proposals: a date before a chain of linked verbs reaches each
    ("ko", "2026-07-10", "자유아시아방송에 따르면 탈북민 김모 씨는 지난 5월 중국 선양에서 공안에 붙잡혀 조사를 받은 뒤 "
     "벌금형을 받았습니다.", ("sentenced", "date", "2026-05")),
    # … the rest of a group still at risk after part of it was handed over
    ("ko", "2026-07-10", "소식통에 따르면 중국 공안에 체포된 탈북민 5명 가운데 일부는 지난 3일 단둥 세관을 통해 북한에 "
     "넘겨졌고, 나머지도 곧 북송될 것으로 알려졌다.", ("at_risk", "country", "CN")),
    # … custody with North Korea's agents of others than the sentenced stays; the custody before a sentence does not
    ("ko", "2026-07-10", "지난달 중국에서 북송된 탈북민 가운데 성인 5명이 노동교화형을 선고받았다. "
     "나머지 2명은 아직 혜산시 보위부 구류장에 갇혀 조사를 받고 있다.", ("detained", "country", "KP")),
]


@pytest.mark.parametrize(("language", "published", "text", "fact"), CASES)
def test_round6_story_rules(language: str, published: str, text: str, fact: tuple) -> None:
    _, events = coded(text, language, published)
    assert_fact(events, fact)


RELEVANCE = [
    # a short boat story with no refugee word is still an arrival in a safe country
    ("2026-03-10", "A family of four was found on a wooden boat off Japan's northern coast on Sunday, and the four "
     "said they were from North Korea, the coast guard said.", True),
    # calls on a government about people in general, and aid for "defectors detained abroad", tell no incident
    ("2026-03-18", "The U.N. special rapporteur on Wednesday urged China to stop forcibly returning North Koreans, "
     "saying returnees face torture.", False),
    ("2026-10-08", "South Korea will increase funding for consular support to North Korean defectors detained "
     "abroad, the unification minister told lawmakers on Tuesday.", False),
    # a boat of the dead is no arrival
    ("2026-01-10", "A wooden boat carrying three bodies believed to be North Korean fishermen washed ashore in "
     "Akita on Tuesday, the coast guard said.", False),
]


@pytest.mark.parametrize(("published", "text", "relevant"), RELEVANCE)
def test_round6_relevance(published: str, text: str, relevant: bool) -> None:
    decided, _ = coded(text, "en", published)
    assert decided is relevant


@pytest.mark.parametrize(("text", "value", "qualifier"), [
    ("Police detained a number of North Koreans near the border.", None, "about"),
    ("A small number of defectors were held.", None, "about"),
    ("Police detained several North Korean defectors.", None, "about"),
])
def test_vague_counts(text: str, value: int | None, qualifier: str) -> None:
    counts = find_counts(text)
    assert [(c.value, c.qualifier) for c in counts] == [
        (value, qualifier)
    ]


@pytest.mark.parametrize(("sentence", "kind", "destination"), [
    ("The group was driven across the Friendship Bridge to Sinuiju on Nov. 12.", "repatriated", "KP"),
    ("They were put on a train and taken across the border to Tumangang.", "repatriated", "KP"),
    ("All five were handed to agents of the Ministry of State Security.", "repatriated", "KP"),
    ("They are being held by the State Security Ministry in Onsong.", "detained", "KP"),
    ("The police released two of the five North Koreans arrested in Poipet on May 30 to the South Korean embassy.",
     "released", "embassy"),
])
def test_round6_trigger_words(sentence: str, kind: str, destination: str) -> None:
    found = [(t.type, t.destination) for t in find_triggers(sentence)]
    assert (kind, destination) in found, found


@pytest.mark.parametrize(("sentence", "walked"), [
    ("He walked across the frozen Tumen River to China.", None),
    ("Funding for defectors detained abroad will rise.", None),
])
def test_round6_no_event(sentence: str, walked: None) -> None:
    assert [t for t in find_triggers(sentence) if t.type in ("repatriated", "transferred", "detained")] == []


def test_cityless_wire_dateline_is_no_event_date() -> None:
    dates = find_dates("Dec. 2 (UPI) -- China forcibly returned about 40 North Koreans last week.", "2026-12-02")
    assert [d.value for d in dates] == ["2026-11"]


@pytest.mark.parametrize(("text", "names"), [
    ("handed over at the Tumen-Namyang crossing", ["Tumen", "Namyang"]),
    ("at the Lao Cai-Hekou border gate", ["Lao Cai", "Hekou"]),
    ("near the town of Zamyn-Uud", ["Zamyn-Uud"]),
])
def test_places_joined_by_a_hyphen(text: str, names: list[str]) -> None:
    assert [p.name for p in find_places(text)] == names
