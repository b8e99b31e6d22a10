"""Cheap relevance cues for English: one pass over the lower-cased words, dictionary lookups only.

The relevance gate must reject the 99 % of a news stream that is not about North Koreans in
flight at thousands of reports a second. A big alternation regex costs milliseconds per
report in Python's engine; splitting the words once (in C) and looking each word and word
pair up in a table costs a tenth of that. "negative" cues are the topics that mention
defectors without telling of an incident: missiles, elections, resettled life, statistics,
policy debate, culture, sport.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z]+")

_SINGLE: dict[str, str] = {}
_PAIRS: dict[tuple[str, str], str] = {}


def _add(kind: str, phrases: str) -> None:
    for phrase in phrases.split("|"):
        words = tuple(phrase.split())
        if len(words) == 1:
            _SINGLE[words[0]] = kind
        else:
            _PAIRS[(words[0], words[1])] = kind


_add("people", "defector|defectors|escapee|escapees|refugee|refugees|north korean|north koreans|from the|yalu"
     "|tumen river"
     "|amnok|hyesan|sinuiju|state security|returnee|returnees|north korea")
_add("event", "arrested|arrest|detained|detain|detains|caught|apprehended|repatriated|repatriation|sent back"
     "|handed over"
     "|handed back|handed to|forcibly returned|deported|deportation|pushed back|expelled|freed|released|drowned|drowns"
     "|froze to|sentenced|fined|raided|raid|custody|held by|held at|held in|crossed the|arrived in|took refuge"
     "|entered the|picked up|found dead|died|rescued|aboard|defected|returned|sent|handed|drifting|stopped"
     "|surrendered|turned themselves|turned himself|turned herself|executed"
     "|intercepted|protective custody"
     # a boat story may name neither refugees nor an arrest: "a family of four found on a wooden boat"
     "|found on|wooden boat|coast guard")
_add("risk", "refoulement|forced return|forcible return|forced repatriation|at risk|could be|face forced|face return"
     "|face repatriation|face deportation|must not")
_add("negative", "missile|missiles|ballistic|nuclear|election|elected|lawmaker|resolution|forum|percent|statistic"
     "|statistics|documentary|film|review|football|striker|league|cuisine|noodles|hacker|hackers|malware|leaflet"
     "|leaflets|balloon|balloons|summit|foreign ministers|trafficking in|estimate|estimates|survey|exhibition|concert"
     "|job fair|resettlement grant|resettlement aid|tier|remembers|memoir|novel|recipe|interview|anniversary|ceremony"
     "|findings|methodology|per cent|the number|rose to|fell to|peaked|interviews with|policy|debate|legislation"
     # features on resettled lives: present-tense quotes, work and shop life
     "|she says|he says|customers|bakery|vocational|employs|regulars|laughing|laughed"
     # other nationals caught on the same routes ("31 Myanmar migrants"): the people are not North Koreans
     "|myanmar migrants|burmese migrants|cambodian migrants|lao migrants|laotian migrants|vietnamese migrants"
     "|chinese migrants|chinese nationals|vietnamese nationals|myanmar nationals|cambodian nationals"
     # drifting wrecks with the dead of fishing crews, not people who fled
     "|ghost boat|ghost boats|ghost ship|ghost ships|no sign")
_FROM_THE_NORTH = ("from", "the")


def relevance_cues(text: str) -> dict[str, int]:
    counts = {"people": 0, "event": 0, "risk": 0, "negative": 0}
    words = _WORD.findall(text.lower())
    previous = ""
    for index, word in enumerate(words):
        kind = _SINGLE.get(word)
        if kind is not None:
            counts[kind] += 1
        pair = _PAIRS.get((previous, word))
        if pair is not None:
            if (previous, word) == _FROM_THE_NORTH:
                if index + 1 < len(words) and words[index + 1] == "north":
                    counts["people"] += 1
            else:
                counts[pair] += 1
        previous = word
    return counts
