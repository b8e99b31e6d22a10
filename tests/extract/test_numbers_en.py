"""Counts of people in English sentences: digits, words, qualifiers, sums, minors."""

from __future__ import annotations

import pytest

from refwatch.extract.en.numbers import find_counts, number_value

# (sentence, expected (value, qualifier) of the non-minor counts, expected minors values)
CASES = [
    ("Vietnamese border guards detained 11 North Koreans in Lang Son", [(11, "exact")], []),
    ("police arrested eleven North Korean adults", [(11, "exact")], []),
    ("nine of the ten were handed back", [(9, "exact")], []),
    ("detained a North Korean family of three, a man, his wife and their 6-year-old son",
     [(3, "exact"), (3, "exact")], [1]),
    ("China sent roughly 600 North Korean escapees back", [(600, "about")], []),
    ("more than 500 North Koreans were returned", [(500, "at_least")], []),
    ("at least 24 North Koreans were arrested", [(24, "at_least")], []),
    ("as many as 2,000 North Koreans are held", [(2000, "up_to")], []),
    ("up to 40 defectors could be returned", [(40, "up_to")], []),
    ("hundreds of North Koreans were returned", [(None, "about")], []),
    ("dozens of defectors remain in custody", [(None, "about")], []),
    ("detained 23 North Koreans, four of them children, in a raid", [(23, "exact")], [4]),
    ("A group of ten was caught, and fourteen more were detained", [(10, "exact"), (14, "exact")], []),
    ("The group, seven women, three men and a nine-year-old boy, was caught", [(11, "exact")], [1]),
    ("Seven North Koreans - four women, a man, a five-year-old girl and an 11-month-old baby - are held",
     [(7, "exact"), (7, "exact")], [2]),
    ("The brother and sister, aged 16 and 14, were picked up", [(2, "exact")], [2]),
    ("The four were first caught in September", [(4, "exact")], []),
    ("Five of the nine are minors, the official said.", [(9, "exact")], [5]),
    ("A North Korean woman who was sent back has been sentenced", [(1, "exact")], []),
    ("The 31-year-old man was arrested on Nov. 15", [(1, "exact")], []),
    ("twenty-three defectors were caught", [(23, "exact")], []),
    ("At least a dozen North Koreans are believed to be living there", [(12, "at_least")], []),
]


@pytest.mark.parametrize(("sentence", "counts", "minors"), CASES)
def test_numbers_en_finds_counts_and_minors(sentence: str, counts: list, minors: list) -> None:
    found = find_counts(sentence)
    assert [(c.value, c.qualifier) for c in found if not c.minors] == counts
    assert [c.value for c in found if c.minors] == minors


@pytest.mark.parametrize(
    "sentence",
    [
        "The 31-year-old man was questioned for 10 hours",
        "It fined them 4,000 baht each",
        "about 15 kilometres from the border fence",
        "handed to the North Korean side",
    ],
)
def test_numbers_en_ages_distances_and_money_are_not_people(sentence: str) -> None:
    assert all(c.value in (1, None) or c.text.startswith("The 31") for c in find_counts(sentence))
    assert not any(c.value in (10, 4000, 15, 31) for c in find_counts(sentence))


@pytest.mark.parametrize(
    ("text", "value"),
    [("10", 10), ("2,000", 2000), ("eleven", 11), ("Twenty-three", 23), ("a dozen", 12), ("the", None)],
)
def test_numbers_en_number_value(text: str, value: int | None) -> None:
    assert number_value(text) == value
