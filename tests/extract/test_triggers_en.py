"""English event words and their modality: negation, plans, hypotheses, habits, refutations."""

from __future__ import annotations

import pytest

from refwatch.extract.en.triggers import find_triggers, refutes_previous
from tests.extract.coding import trigger_kinds

CASES = [
    ("Thai police arrested 14 North Koreans on Sunday", [("detained", "")]),
    ("The group was picked up by Lao immigration police", [("detained", "")]),
    ("They are being held at a border guard station", [("detained", "")]),
    ("nine of the ten were handed back to the North Korean side", [("repatriated", "")]),
    ("Vietnamese police handed them to Chinese border officers", [("transferred", "")]),
    ("China sent roughly 600 North Korean escapees back across the border", [("repatriated", "")]),
    ("after Vietnam pushed them back across the border", [("transferred", "")]),
    ("Lao authorities turned the nine over to staff from the North Korean embassy", [("repatriated", "")]),
    ("Vietnam released them on Nov. 20", [("released", "")]),
    ("have been released to the South Korean embassy in Vientiane", [("released", ""), ("arrived", "")]),
    ("Eleven North Koreans arrived at Incheon International Airport on Tuesday", [("arrived", "")]),
    ("A family entered the South Korean consulate general in Shenyang", [("arrived", "")]),
    ("A court in Chiang Rai fined eleven North Korean adults", [("sentenced", "")]),
    ("A 14-year-old girl drowned while crossing the Mekong", [("died", "")]),
    ("a fifth member of their group froze to death", [("died", "")]),
    ("The group was never transferred", [("transferred", "neg")]),
    ("they could be sent back any day", [("repatriated", "hyp")]),
    ("Rights groups fear the group will be pushed back across the border", [("transferred", "planhyp")]),
    ("The family could be flown to Seoul as early as next week", [("arrived", "hyp")]),
    ("China routinely returns North Koreans it catches to North Korea", [("repatriated", "hab")]),
    ("At least six North Koreans face forced return", [("at_risk", "")]),
    ("have been moved to Tumen but have not been returned to the North", [("transferred", ""), ("repatriated", "hyp")]),
    ("Initial reports that the group had been handed over to China turned out to be wrong",
     [("transferred", "neg")]),
    ("The missionary couple were released and are expected to return to South Korea", []),
    ("The bodies were handed to the North Korean side on Thursday", []),
    ("Police also arrested a Thai woman who rented the house", []),
    ("Rights group released a statement on Monday", []),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_triggers_en_types_and_modality(sentence: str, expected: list) -> None:
    assert trigger_kinds(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "destination"),
    [
        ("were handed to North Korea at the Tumen crossing", "KP"),
        ("handed them to the South Korean embassy in Hanoi", "embassy"),
        ("were handed back to China last Friday", "CN"),
        ("after Vietnam pushed them back across the border", "back"),
        ("China sent them back across the border", "KP"),
    ],
)
def test_triggers_en_destination_of_hand_overs(sentence: str, destination: str) -> None:
    assert find_triggers(sentence)[0].destination == destination


def test_triggers_en_refutation_of_the_previous_sentence() -> None:
    assert refutes_previous("That was wrong, and I apologise.")
    assert not refutes_previous("That was the second group this year.")
