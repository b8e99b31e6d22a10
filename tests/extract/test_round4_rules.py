"""Rules added from blind5_en and the Korean helper's proposals (round 4), on short reports written for these tests.

Each case is a report and one fact its coding must (or must not) contain, as (type, field, value); a value
of `None` for the type means "no event of this type".
"""

from __future__ import annotations

import pytest

from refwatch.extract.context import _count_told_refuted
from refwatch.extract.en.discourse import dates_previous, other_people
from refwatch.extract.en.numbers import find_counts
from refwatch.extract.en.triggers import find_triggers
from refwatch.extract.facts import Draft, SentenceFacts
from refwatch.extract.mentions import CountMention, Trigger
from refwatch.extract.places import find_places
from refwatch.extract.stages import _MINOR_HINT
from refwatch.extract.story import settle_risk
from tests.extract.coding import assert_fact, coded

CASES = [
    # a day told right after "earlier this month", in a sentence that only dates it
    ("en", "2025-12-15", None, "Myanmar police arrested two North Korean men in Tachileik earlier this month. "
     "It happened on Dec. 4, near the bridge, an officer said.", ("detained", "date", "2025-12-04")),
    ("en", "2025-12-15", None, "Myanmar police arrested two North Korean men in Tachileik earlier this month. "
     "The arrests were made on Dec. 4, an officer said.", ("detained", "date", "2025-12-04")),
    # a named person with her relatives
    ("en", "2025-11-18", None, "North Korean defectors were caught in Laos, a source said. Kim, 38, and her two "
     "sons were arrested by Lao police in Oudomxay on Nov. 2.", ("detained", "count", 3)),
    # the city over the province that holds it
    ("en", "2026-03-06", None, "Police in Banteay Meanchey province arrested six North Korean women in Poipet on "
     "Tuesday, an official said.", ("detained", "place", "Poipet")),
    # taken to an immigration facility for questioning is a move
    ("en", "2025-10-03", None, "Mongolian border guards picked up five North Korean defectors on Sunday near "
     "Zamyn-Uud. They were taken to an immigration facility in Ulaanbaatar for questioning, a source said.",
     ("transferred", "country", "MN")),
    # a count revised in the same sentence
    ("en", "2026-02-05", None, "Police initially said 11 North Koreans were arrested in Chiang Saen on Monday, but "
     "later revised the figure to 14.", ("detained", "count", 14)),
    # a capital as a government is not where the group is
    ("en", "2026-03-06", None, "Police arrested six North Korean women in Poipet on Tuesday. Rights groups fear that "
     "the women could be deported to North Korea, with which Phnom Penh keeps friendly ties.",
     ("at_risk", "place", "Poipet")),
    # the risk a headline states, over a body that tells only the arrest
    ("en", "2025-10-14", "China poised to deport 20 North Koreans, activists warn", "Chinese police arrested about "
     "20 North Korean defectors in a raid on a safe house in Shenyang on Oct. 8, activists said.",
     ("at_risk", "place", "Shenyang")),
    # a husband named by his relation is one person
    ("en", "2025-09-30", None, "A North Korean woman was shot dead by border guards near Hyesan on Sept. 21. The "
     "woman's husband, who had crossed earlier, was caught by Chinese police in Changbai on Sept. 23.",
     ("detained", "count", 1)),
    # wages handed to a minder are not people handed over
    ("en", "2025-09-18", None, "Ri worked in Vladivostok, handing nearly all of his wages to a minder from the North "
     "Korean embassy. Russian police detained the North Korean worker in Khabarovsk on July 3.",
     ("repatriated", None, None)),
    # a court ordering someone expelled is a sentence
    ("en", "2025-09-18", None, "A North Korean worker was detained in Khabarovsk on July 3. On July 10 a court in "
     "Khabarovsk ordered him expelled from Russia.", ("sentenced", "date", "2025-07-10")),
    ("en", "2026-04-22", None, "A North Korean woman was living in hiding near Yanji. On March 3, Chinese police "
     "stopped her at a checkpoint outside Yanji.", ("detained", "date", "2026-03-03")),
    # caught before any crossing: in North Korea
    ("en", "2025-09-30", None, "Two North Koreans were caught by North Korean border guards in Onsong on Sept. 5 as "
     "they tried to cross the river, a source said.", ("detained", "country", "KP")),
    # other nationals on the same route are not the codebook's people
    ("en", "2026-01-22", None, "Police arrested 31 Myanmar migrants in Chiang Saen on Wednesday. The migrants were "
     "fined. The route is also used by North Koreans.", ("detained", None, None)),
    # two groups announced in the lead: the "separate case" days later is news too
    ("en", "2026-01-14", None, "Chinese police have detained two separate groups of North Koreans in Jilin in recent "
     "days. Four women were detained in Yanji on Saturday. In a separate case, a family of three was caught on "
     "Monday near Tumen.", ("detained", "count", 3)),
    # a hand-over told in the lead from where they were caught, and in the body with its day and crossing
    ("ko", "2025-03-20", None, "라오스 비엔티안에서 붙잡힌 탈북민 5명이 중국으로 넘겨졌다고 대북 소식통이 20일 전했다. "
     "소식통에 따르면 라오스 당국은 지난 10일 이들을 보텐 국경검문소를 통해 중국 공안에 인계했다.",
     ("transferred", "place", "Boten")),
]


@pytest.mark.parametrize(("language", "published", "title", "text", "fact"), CASES)
def test_round4_story_rules(language: str, published: str, title: str | None, text: str, fact: tuple) -> None:
    _, events = coded(text, language, published, title)
    assert_fact(events, fact)


def test_two_tellings_of_a_hand_over_are_one_event() -> None:
    _, events = coded(CASES[-1][3], "ko", "2025-03-20")
    assert len([e for e in events if e["type"] == "transferred"]) == 1


LIFE_STORIES = [
    # no event in the lead and every dated event years before the report: a feature, not news
    ("2025-12-02", "Lee Soo-jin laughs easily as she rolls out dough in her restaurant in Incheon. In 2011, at the "
     "age of 19, she was caught by Chinese police in Shenyang and was sent back to North Korea a month later. "
     "She reached South Korea in 2014.", False),
    # the same past told in a story whose lead is today's arrest stays news
    ("2025-12-02", "Chinese police arrested a North Korean woman in Shenyang on Nov. 28, a source said. In 2011 she "
     "had been caught there once before.", True),
]


@pytest.mark.parametrize(("published", "text", "relevant"), LIFE_STORIES)
def test_life_story_features_are_not_relevant(published: str, text: str, relevant: bool) -> None:
    assert coded(text, "en", published)[0] is relevant


def test_earlier_round_of_the_same_person_is_background() -> None:
    text = ("Her brother keeps a photograph of the North Korean defector on his wall. On March 3, Chinese police "
            "stopped her at a checkpoint outside Yanji. In 2019 she had been caught in Helong and returned.")
    _, events = coded(text, "en", "2026-04-22")
    assert [e["date"] for e in events if e["type"] == "detained"] == ["2026-03-03"]


@pytest.mark.parametrize(("word", "hit"), [("생후 8개월 된 손녀", True), ("손자 2명", True), ("three men", False)])
def test_minor_hint_reaches_korean_infant_words(word: str, hit: bool) -> None:
    assert bool(_MINOR_HINT.search(word)) is hit


@pytest.mark.parametrize(("text", "name"), [
    ("반테아이메안체이 주에서 붙잡혔다", "Banteay Meanchey"), ("held in Battambang", "Battambang"),
    ("매사이에서", "Mae Sai"), ("near Blagoveshchensk", "Blagoveshchensk"),
])
def test_route_places_are_in_the_gazetteer(text: str, name: str) -> None:
    assert name in [p.name for p in find_places(text)]


@pytest.mark.parametrize(("sentence", "value"), [
    ("Kim Mi-ok and her two sons were arrested", 3),
    ("Park and his wife were arrested", 2),
    ("She and her husband were arrested", 2),
    ("Her husband was arrested on Monday.", 1),
])
def test_people_with_their_relatives(sentence: str, value: int) -> None:
    assert value in [c.value for c in find_counts(sentence) if not c.minors]


@pytest.mark.parametrize(("sentence", "kind"), [
    ("He was taken to a police station for questioning.", None),
    ("They were taken to an immigration facility in Ulaanbaatar for questioning.", "transferred"),
    ("They were later moved north by train.", "transferred"),
    ("Police handed the three women to North Korean agents.", "repatriated"),
])
def test_move_phrasing(sentence: str, kind: str | None) -> None:
    assert [t.type for t in find_triggers(sentence)][:1] == ([kind] if kind else [])


@pytest.mark.parametrize(("text", "expected"), [
    ("31 Myanmar migrants", True), ("The migrants", True), ("five North Korean defectors", False),
])
def test_other_nationals(text: str, expected: bool) -> None:
    assert other_people(text) is expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("It happened on Dec. 4, near the bridge.", True), ("On Dec. 4 activists held a press conference.", False),
])
def test_dates_previous(sentence: str, expected: bool) -> None:
    assert dates_previous(sentence) is expected


def _draft(kind: str, country: str, *, weak: bool = False) -> Draft:
    return Draft(type=kind, sentence=0, trigger=Trigger(0, 1, "x", kind), evidence="x", country=country,
                 country_own=True, weak=weak, count=5, count_own=True)


def test_habitual_risk_in_a_country_left_is_dropped() -> None:
    drafts = [_draft("detained", "LA"), _draft("at_risk", "LA", weak=True), _draft("detained", "TH")]
    assert [d.type for d in settle_risk(drafts, "TH")] == ["detained", "detained"]


def test_group_count_from_a_refuted_claim() -> None:
    refuted = SentenceFacts(0, 0, 30, "Five were sent back.", triggers=[Trigger(10, 19, "sent back", "repatriated",
                                                                                  negated=True)],
                            counts=[CountMention(0, 4, "Five", 5, "exact")])
    assert _count_told_refuted([refuted]) == (5, "exact")
