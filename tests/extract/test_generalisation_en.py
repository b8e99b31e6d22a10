"""English phrasings found by coding unseen reports (blind4): each row is a sentence written for this test.

Triggers: surrender, "found him guilty", two modifiers before "return", a factual clause after "after a",
counted "people who", bodies handed over, gerund hypotheses, corrected claims, durations, relative clauses
about a guide or a missionary, ordinary crimes. Counts: "the first ten", "the other five". Places: datelines
with two brackets, where a statement was issued. Documents: "since" dates, embassy versus home arrivals.
"""

from __future__ import annotations

import pytest

from refwatch.extract import extract, raise_error
from refwatch.extract.en.numbers import find_counts
from refwatch.types import Event, Report
from tests.extract.coding import trigger_kinds

TRIGGER_CASES = [
    ("A few hours later they walked into the police post and turned themselves in to Thai police",
     [("detained", "")]),
    ("The two men surrendered to Russian border guards near the bridge", [("detained", "")]),
    ("A district court on Feb. 3 found him guilty of using forged documents", [("sentenced", "")]),
    ("Two North Koreans crossed the western maritime border aboard a small wooden boat", [("arrived", "")]),
    ("A North Korean man detained in Primorsky Krai faces imminent forcible return after a court ordered his "
     "expulsion on 14 August",
     [("detained", ""), ("at_risk", ""), ("sentenced", "")]),
    ("A court has sentenced five people who were repatriated this spring to 10 years in a camp",
     [("sentenced", ""), ("repatriated", "")]),
    ("China routinely returns people who cross the border to North Korea", []),
    ("A source confirmed the death and said the woman's body was handed to relatives", []),
    ('"Sending Pak back to North Korea would expose him to torture', [("repatriated", "hyp")]),
    ("Correction: An earlier version of this article said 11 North Koreans were arrested in Kunming.",
     [("detained", "neg")]),
    ("Some had been detained for more than a year, it said.", []),
    ("They had been detained in Yanji on May 3.", [("detained", "")]),
    ("Their guide, a local man in his fifties who had been caught on the North Korean side, died.", []),
    ("A South Korean missionary who has spent years helping North Korean defectors has been detained", []),
    ("Five North Koreans who had been caught by police were sent back.", [("detained", ""), ("repatriated", "")]),
    ("A defector was sentenced to two years in prison for defrauding fellow defectors", []),
    ("The court sentenced her to five years for illegal border crossing.", [("sentenced", "")]),
    ("The other five were caught on Sunday in a village nearby.", [("detained", "")]),
    ("The moment was caught on camera.", []),
    ("The boat was spotted around 2 a.m. as it crossed the Northern Limit Line near Gyodong Island",
     [("arrived", "")]),
    ("The escapees were driven across the border in buses on the night of April 26", [("transferred", "")]),
    ("The man, 34, who had worked in Vladivostok since 2019, was stopped at passport control on Jan. 29",
     [("detained", "")]),
    ("Russia, which has in recent years sent back most North Koreans caught on its side, returned them.",
     [("repatriated", "hab"), ("detained", "hab")]),
    ("A wooden boat carrying six North Koreans was found adrift off Japan's Ishikawa Prefecture", [("arrived", "")]),
    ("Two fishermen whose boat drifted south across the eastern sea border were rescued by the South Korean "
     "Coast Guard", [("arrived", ""), ("arrived", "")]),
    ("An appeals court overturned the deportation of a North Korean man and ordered his release",
     [("released", "")]),
    ("He walked free from a migrant detention center on Tuesday.", [("released", "")]),
    ("Detainees at the Tumen facility are usually sent across the Tumen River within a month.",
     [("transferred", "hab")]),
]


@pytest.mark.parametrize(("sentence", "expected"), TRIGGER_CASES)
def test_generalisation_en_triggers(sentence: str, expected: list) -> None:
    assert trigger_kinds(sentence) == expected


COUNT_CASES = [
    ("The first ten, mostly women, were arrested on June 11", [(10, "exact")]),
    ("The other five were caught on Sunday.", [(5, "exact")]),
    ("The remaining three were released on Monday.", [(3, "exact")]),
    ("A report based on interviews with more than 300 North Koreans says returnees are tortured", []),
]


@pytest.mark.parametrize(("sentence", "expected"), COUNT_CASES)
def test_generalisation_en_counts(sentence: str, expected: list) -> None:
    assert [(c.value, c.qualifier) for c in find_counts(sentence)] == expected


def _events(text: str, published: str) -> list[Event]:
    result = extract(Report(text=text, language="en", published=published), "t", on_error=raise_error)
    return [e for e in result.events if not e.background]


DOCUMENT_CASES = [
    # a dateline with the country in brackets before the agency names no event place
    ("Chiang Rai (Thailand) (AFP) - Thai police have arrested 12 North Koreans who crossed the Mekong, officials "
     "said.\n\nThe group was found in Chiang Saen district late on Monday, police said.", "2024-11-20",
     [("detained", "TH", "Chiang Saen", "2024-11-18")]),
    # where a statement was issued is not where the people are
    ("The UN special rapporteur said about 60 North Koreans detained in China's Jilin province face imminent "
     "forced return.\n\n\"I urge the Chinese authorities not to repatriate them,\" she said in a statement issued "
     "in Geneva.", "2025-03-20",
     [("detained", "CN", "Jilin Province", None), ("at_risk", "CN", "Jilin Province", None)]),
    # where the man had lived is not where he was stopped
    ("A North Korean worker was detained at Moscow's Sheremetyevo airport late last month, a lawyer said.\n\n"
     "The man, who had worked in Vladivostok since 2019, was stopped at passport control on Jan. 29.",
     "2025-02-07", [("detained", "RU", "Moscow", "2025-01-29")]),
    # the hand-over to the embassy is the release: the arrival there takes the release's date
    ("Vietnamese authorities have released four North Koreans and handed them to the South Korean Embassy in "
     "Hanoi, a source said.\n\nThey were released from a detention facility in Hanoi on Jan. 8.", "2025-01-15",
     [("released", "VN", "Hanoi", "2025-01-08"), ("arrived", "VN", "Hanoi", "2025-01-08")]),
    # the receiver of a hand-over did not hold them before; the risk is where they were sent
    ("Lao authorities deported four North Koreans to China last week after arresting them near Boten, a group "
     "said, warning that they now risk being sent back to Pyongyang.\n\nThe four were detained on December 2 and "
     "handed to Chinese police at the Boten crossing on December 7.", "2023-12-14",
     [("transferred", "LA", "Boten", "2023-12-07"), ("detained", "LA", "Boten", "2023-12-02"),
      ("at_risk", "CN", None, None)]),
    # arrested in one city, held in another: the risk is where they are held
    ("About 60 North Koreans face imminent forced return, the UN expert said.\n\nThe group was rounded up in "
     "raids in Yanji in early March and is being held at a detention center in Tumen.", "2025-03-20",
     [("at_risk", "CN", "Tumen", None), ("detained", "CN", "Yanji", "2025-03")]),
    # "since last month" dates the custody, not the arrival
    ("Five North Korean defectors who had been held in Laos since last month arrived in South Korea on "
     "Wednesday, an official said.", "2025-04-10",
     [("arrived", "KR", None, "2025-04-09")]),
]


@pytest.mark.parametrize(("text", "published", "expected"), DOCUMENT_CASES)
def test_generalisation_en_documents(text: str, published: str, expected: list) -> None:
    got = [(e.type, e.country, e.place, e.date) for e in _events(text, published)]
    assert got == expected


def test_generalisation_en_embassy_abroad_and_home_are_two_arrivals() -> None:
    text = ("Seven North Koreans who crossed into Mongolia have been flown to South Korea after Mongolian "
            "authorities released them to the South Korean Embassy, a source said Friday.\n\n"
            "The group, including a 10-year-old boy, was picked up by Mongolian border troops on July 30. "
            "Mongolian immigration authorities handed them to the embassy on Aug. 12.\n\n"
            "The seven arrived at Incheon International Airport on Wednesday.")
    arrivals = {(e.country, e.date) for e in _events(text, "2025-08-22") if e.type == "arrived"}
    assert ("MN", "2025-08-12") in arrivals
    assert ("KR", "2025-08-20") in arrivals
    children = {e.type: e.children for e in _events(text, "2025-08-22")}
    assert children["detained"] == 1 and children["released"] == 1
