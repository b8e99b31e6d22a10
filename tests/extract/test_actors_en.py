"""English authorities (who holds the people) and attributions (who the report cites), table-driven."""

from __future__ import annotations

import pytest

from refwatch.extract.en.actors import find_attributions, find_authorities
from refwatch.extract.geo import authority_country


@pytest.mark.parametrize(
    ("sentence", "authority", "country"),
    [
        ("was caught by Vietnamese border guards in Lang Son", "Vietnamese border guards", "VN"),
        ("Thai immigration police raided a house", "Thai immigration police", "TH"),
        ("were detained by Lao police in Luang Namtha", "Lao police", "LA"),
        ("Japan's coast guard found nine North Koreans", "Japan Coast Guard", "JP"),
        ("Chinese detention centres are holding 2,000", "Chinese detention centres", "CN"),
        ("China sent roughly 600 back", "China", "CN"),
        ("Mongolian border troops picked up four", "Mongolian border troops", "MN"),
    ],
)
def test_actors_en_authorities_are_normalised_with_their_country(sentence: str, authority: str, country: str) -> None:
    found = find_authorities(sentence)
    assert found and found[0].text == authority
    assert authority_country(found[0].text) == country


def test_actors_en_north_korean_receivers_are_not_holders() -> None:
    assert find_authorities("handed to North Korean security officials") == []


@pytest.mark.parametrize(
    ("sentence", "sources"),
    [
        ("Eleven North Koreans arrived on Tuesday, a unification ministry official said.",
         ["unification ministry official"]),
        ("The family entered Cambodia a week earlier, the official said, speaking on condition of anonymity.",
         ["official (anonymous)"]),
        ("China sent about 50 back, a South Korean government official told the Nuri News Agency on condition of "
         "anonymity, the Hanbit Ilbo reported on Tuesday.",
         ["South Korean government official (anonymous)", "Nuri News Agency", "Hanbit Ilbo"]),
        ("The group was caught on Feb. 8, according to Choi Sun-mi of the Korea Refugee Help Center.",
         ["Choi Sun-mi of the Korea Refugee Help Center"]),
        ("\"They entered illegally,\" said Police Major Anan Sookjai of the Immigration Bureau.",
         ["Police Major Anan Sookjai of the Immigration Bureau"]),
        ("The weather was cold and the river was high.", []),
    ],
)
def test_actors_en_attributions_in_chain_order(sentence: str, sources: list[str]) -> None:
    assert [span.text for span in find_attributions(sentence)] == sources
