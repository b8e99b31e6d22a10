"""Rules added in round 7 (blind8_en and the cases left from round 6), on short reports written for these tests.

Each case is a report and one fact its coding must (or must not) contain, as (type, field, value); a field of
`None` means "no event of this type". Relevance cases state the decision instead.
"""

from __future__ import annotations

import pytest

from refwatch.extract.en.dates import find_dates
from refwatch.extract.en.discourse import place_roles
from refwatch.extract.en.triggers import find_triggers
from refwatch.extract.places import find_places
from tests.extract.coding import assert_fact, coded

CASES = [
    # "gathered at a facility in X" brings the group together there: a transfer, at that place
    ("2026-12-10", "Chinese authorities sent back about 25 North Koreans through Tumen on Dec. 4, a rights group "
     "said. The detainees had been gathered at a facility in Tumen before the return.",
     ("transferred", "place", "Tumen")),
    ("2026-12-10", "Some 60 North Koreans held in jails across Jilin were gathered in Hunchun and driven across the "
     "border to Rason on Dec. 2, an activist said.", ("transferred", "place", "Hunchun")),
    # a hand-over, then a flight: the group is where it was flown, and its risk is there
    ("2026-11-20", "Six North Koreans were arrested by Vietnamese police in Ha Giang on Nov. 2. They were handed to "
     "Chinese police at the border on Nov. 6 and flown to Nanning, a source said. They are likely to be sent back to "
     "North Korea.", ("at_risk", "place", "Nanning")),
    # a hand-over at a gate on the receiving side: sent from where the group was held, the risk across the border
    ("2026-11-20", "Lao soldiers detained four North Koreans in Luang Namtha on Nov. 9. The four were handed over to "
     "Chinese police at the Mohan border gate on Nov. 12, a source said, and may be repatriated.",
     ("transferred", "country", "LA")),
    ("2026-11-20", "Lao soldiers detained four North Koreans in Luang Namtha on Nov. 9. The four were handed over to "
     "Chinese police at the Mohan border gate on Nov. 12, a source said, and may be repatriated.",
     ("at_risk", "place", "Mohan")),
    # a risk coordinated after a dated move takes no date of its own
    ("2026-07-15", "Two North Korean women caught in Helong were moved to a detention center in Tumen on July 9 and "
     "are expected to be repatriated, a source said.", ("at_risk", "date", None)),
    # "from Laos in Chiang Rai province": the province lies in another country, so it is where it happened
    ("2026-05-05", "Thai police detained five North Koreans who had crossed the Mekong from Laos in Chiang Rai "
     "province on May 1, an official said.", ("detained", "place", "Chiang Rai")),
    # "took them to the capital": a move to the capital of the country they are in
    ("2026-11-02", "Thai police arrested four North Koreans in Nong Khai on Oct. 25 and took them to the capital, "
     "an official said.", ("transferred", "place", "Nong Khai; Bangkok")),
    # freed people face no return, even if someone had asked for none; people caught again do
    ("2026-11-02", "Chinese police freed three North Korean women held in Dalian, letting them travel on to Laos on "
     "Oct. 28, a pastor said. They had been arrested in a raid on Oct. 3. The church had urged Beijing not to send "
     "them back.", ("at_risk", None, None)),
    ("2026-11-02", "Chinese police freed three North Korean women held in Dalian on Oct. 20, a pastor said. The "
     "three were arrested again in Dandong on Oct. 28 and could be repatriated.", ("at_risk", "count", 3)),
]


@pytest.mark.parametrize(("published", "text", "fact"), CASES)
def test_round7_story_rules(published: str, text: str, fact: tuple[str, str | None, object]) -> None:
    _, events = coded(text, "en", published)
    assert_fact(events, fact)


RELEVANCE = [
    # a tally over a period ("has returned … since") is a statistic, whatever day the group said it
    ("2026-05-06", "South Korea's unification ministry said Wednesday that China has forcibly repatriated more than "
     "600 North Koreans since the pandemic ended.", False),
    # a life story: "a year later" dates the arrest by the year told before, so it is years old
    ("2026-03-02", "Lee Mi-ran fled across the Yalu River in 2011. She was arrested by Chinese police in Dandong a "
     "year later and sent back.\n\nNow she runs a small bakery in Busan. \"My customers ask about my accent,\" she "
     "says.", False),
    # … while a fresh dated case stays news
    ("2026-03-02", "Chinese police arrested three North Korean defectors in Dandong on Feb. 25, an activist said "
     "Monday.", True),
]


@pytest.mark.parametrize(("published", "text", "relevant"), RELEVANCE)
def test_round7_relevance(published: str, text: str, relevant: bool) -> None:
    decided, _ = coded(text, "en", published)
    assert decided is relevant


@pytest.mark.parametrize(("sentence", "kind"), [
    ("The detainees were gathered at a facility in Dandong.", "transferred"),
    ("They had been assembled in Tumen before the return.", "transferred"),
])
def test_round7_trigger_words(sentence: str, kind: str) -> None:
    assert kind in [t.type for t in find_triggers(sentence)]


@pytest.mark.parametrize(("sentence", "anchor"), [
    ("She was caught a year later.", "+1y"),
    ("They were sent back two years later.", "+2y"),
])
def test_years_later_is_an_anchor(sentence: str, anchor: str) -> None:
    assert [d.anchor for d in find_dates(sentence, "2026-01-01")] == [anchor]


@pytest.mark.parametrize(("sentence", "name", "role"), [
    ("They crossed from Laos in Chiang Rai province.", "Chiang Rai", None),
    ("They came from Malipo in China's Yunnan province.", "Yunnan", "origin"),
])
def test_apposition_keeps_the_country(sentence: str, name: str, role: str | None) -> None:
    places = find_places(sentence)
    roles = dict(zip([p.name for p in places], place_roles(sentence, places), strict=True))
    assert roles[name] == role, roles
