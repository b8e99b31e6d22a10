"""English words that state events, with the modality that decides whether they are events.

Each lexicon entry is a verb phrase in its news-English inflections. Around each hit we read:
- the clause before it for negation ("was never transferred"), plans ("are expected to be
  moved"), hypotheses ("could be sent back", "if they are sent back") and habits ("Thailand
  normally prosecutes…"): these decide whether the assembler keeps, drops or turns it into
  `at_risk`;
- the words after a hand-over verb for where the people went: North Korea's side makes it
  `repatriated`, a South Korean embassy makes it `released` + `arrived`, China or another
  place makes it `transferred`; "sent back across the border" with no receiver is "back";
- the subject, so that the pastor or the driver taken with the group is not an event.
Reported claims the sentence itself calls wrong ("initial reports … turned out to be wrong")
are negated.
"""

from __future__ import annotations

import re
from functools import lru_cache

from refwatch.extract.en.lexicon import lexicon_hits
from refwatch.extract.mentions import Trigger
from refwatch.extract.regex_guard import lowercase_compile as _ci
from refwatch.extract.regex_guard import lowered

_NK_DESTINATION = _ci(
    r"^\W*(?:[\w'’\-]+,?\s+){0,6}?(?:to|into|across|toward|towards|over\s+to|back\s+to|at)\s+(?:the\s+|our\s+)?"
    r"(?:North\s+Korea|N\.?\s?Korea|Pyongyang|the\s+North\b|North\b|North\s+Korean|Sinuiju|Hyesan|Namyang|Manpo"
    r"|Hoeryong|Tumangang|Musan|Rason|Chongjin"
    r"|Onsong|State\s+Security|(?:their|his|her)\s+(?:home\s+|native\s+)?country|(?:their|his|her)\s+homeland)"
    r"|^\W*(?:[\w'’\-]+,?\s+){0,6}?(?:North\s+Korean|Pyongyang's)\s+(?:side|authorities|officials|agents|guards"
    r"|border\s+guards|security"
    r"|embassy|consulate|staff|police|officers)"
    r"|^\W*(?:[\w'’\-]+,?\s+){0,6}?(?:to|into)\s+(?:the\s+)?(?:agents|officials|officers)\s+of\s+(?:the\s+"
    r"|North\s+Korea's\s+)?(?:Ministry\s+of\s+)?State\s+Security",
)
_DEAD_ABOARD = _ci(r"\b(?:carrying|with|holding)\s+(?:\w+\s+){0,2}(?:bod(?:y|ies)|corpses?|remains)\b")
_ANYWHERE_ABROAD = _ci(r"\s+(?:abroad|overseas|in\s+(?:third|other|foreign)\s+countries)\b")
_RELEASED_TO_MISSION = _ci(
    r"[^,;]{0,110}?\bto\s+(?:the\s+)?(?:South\s+Korean\s+|Seoul's\s+)(?:embassy|consulate|mission)\b"
)
_EMBASSY_DESTINATION = _ci(
    r"^\W*(?:[\w'’\-]+,?\s+){0,6}?(?:to|into|at|with)\s+(?:the\s+care\s+of\s+|the\s+custody\s+of\s+)?(?:the\s+|a\s+)?"
    r"(?:South\s+Korean\s+|Seoul's\s+|Korean\s+)?"
    r"(?:embassy|consulate|mission|diplomats?)\b(?!\s+of\s+North)|^\W*(?:\w+\s+){0,4}?(?:to\s+)?embassy\s+staff",
)
_CHINA_DESTINATION = _ci(
    r"^\W*(?:[\w'’\-]+,?\s+){0,6}?(?:to|into|across|toward|towards|back\s+to)\s+(?:the\s+)?(?:China|Chinese"
    r"|Beijing)"
)
_HAND_OR_TURN = re.compile(r"(?:hand|turn)")
_TO_AT_END = re.compile(r"\bto\s*$")
_MISSION_WORD = re.compile(r"\b(?:embassy|consulate|mission)\b")
_ACROSS_THE_BORDER = re.compile(r"across\s+the\s+border")
_BACK = _ci(r"\bback\b|\bacross\s+the\s+(?:[\w\-]+\s+)?(?:border|river|bridge)|\bexpell|\bdeport")
_SOUTH_KOREA_DESTINATION = _ci(r"^\W*(?:\w+\s+){0,6}?to\s+(?:Seoul|South\s+Korea|the\s+South\b)")
_BAD_MOVE_DESTINATION = _ci(r"^\W*(?:\w+\s+){0,3}?(?:a\s+|the\s+)?(?:hospital|guesthouse|hotel|clinic|shelter"
                                   r"|safe\s+house|church|school|court|courtroom|prison\s+camp|labou?r\s+camp)"
                                   r"|^(?![^,.;]{0,80}?\b(?:immigration|detention)\b)[^,.;]{0,80}?\bfor\s+(?:questioning|interrogation"
                                   r"|treatment)\b")
# Passive moves ("they were brought to Phnom Penh"): where they went decides whether it is an event at all.
_PASSIVE_MOVE = re.compile(r"(?:was|were|been|being)\s")
# Arrivals that cross into the South: the MDL, the NLL, a sea border ("crossed the eastern sea border").
_INTO_THE_SOUTH = _ci(r"demarcation|\bmdl\b|\bnll\b|northern\s+limit|\bdmz\b|demilitari|inter-korean|maritime"
                      r"|sea\s+border|land\s+border|to\s+south\s+korea|into\s+south\s+korea|the\s+south\b")
# South Korean soldiers, coast guards or agencies taking in people who have arrived: no detention, no transfer.
_SOUTH_KOREAN_CUSTODY = _ci(
    r"^\W*(?:[\w'’\-]+\s+){0,4}?(?:by|to)\s+(?:the\s+)?(?:south\s+korean\s+(?:troops|soldiers|military|army|navy"
    r"|marines|coast\s+guard|authorities|officials|police|intelligence)|national\s+intelligence\s+service|nis\b"
    r"|joint\s+chiefs|jcs\b|unification\s+ministry|korea\s+coast\s+guard|hanawon)"
)
# "Border troops … found the three": finders who take people in.
_FINDERS = _ci(r"\b(?:police|guards?|troops|patrols?|soldiers|officers|border\s+guards|rangers|militia)\b")

_CLAUSE_START = _ci(r"[;:!?()]|\s[-–—]\s|,\s+(?:but|and|while|although|though|as|which)\s|\b(?:but|while"
                           r"|whereas|that|who|which)\s"
                           # "faces return after a court ordered his expulsion": the subordinate clause is factual
                           r"|\bafter\s+(?=(?:a|an|the)\s)")
_NEGATION = _ci(r"\b(?:not|never|no\s+longer|n't|neither|nor|denied|denies|deny|without\s+being|instead\s+of"
                       r"|rather\s+than|overturned|quashed|annulled|revoked|refused\s+to)\b|n't\b")
_STILL_AT_RISK = _ci(r"\b(?:not\s+yet|yet\s+to|have\s+not\s+been|has\s+not\s+been|had\s+not\s+been"
                            r"|still\s+not)\b")
_PLANNED = _ci(
    r"\b(?:will|shall|would|'ll|going\s+to|expected\s+to|due\s+to|scheduled\s+to|set\s+to|plans?\s+to|planned\s+to"
    r"|planning\s+to|about\s+to|hoped?|hopes|hoping|(?:is|are|was|were)\s+to|wants?\s+to|wanted\s+to"
    r"|wish(?:es)?\s+to"
    r"|ready\s+to|preparing\s+to|poised\s+to|likely\s+to|intend(?:s|ed)?\s+to|asked\s+to\s+be|so\s+that|in\s+order\s+to"
    r"|before\s+being"
    r"|awaiting)\b",
)
# "a common step before handover to the North": an event named only as what comes next; "to be moved" is a plan
# only right before the verb ("believed to be in his 20s, walked across" is not).
_BEFORE_NOUN = _ci(r"\bbefore\s+(?:the\s+|their\s+|his\s+|her\s+|a\s+|any\s+|eventual\s+)?$|\bto\s+be\s+(?:\w+\s+)?$")
_HYPOTHETICAL = _ci(
    r"\b(?:if|whether|unless|likely|possible|possibly|risk|risks|risking|fears?|feared|fearing|afraid"
    r"|concern(?:ed|s)?|worr(?:y|ied|ies)|in\s+case|threat(?:en(?:ed|s)?)?|faces?|faced|facing|urges?|urged"
    r"|calls?\s+on|called\s+on|asks?|asked|demand(?:s|ed)?|imminent|danger|once|simulat(?:e|ed|es|ing|ion)"
    r"|scenario|drills?|mock)\b",
)
_HABITUAL = _ci(
    r"\b(?:normally|usually|routinely|often|typically|generally|regularly|frequently|commonly|always|sometimes"
    r"|in\s+the\s+past|tend\s+to|every\s+time|whenever|anyone|those\s+who|people\s+who|people\s+caught|has\s+long"
    r"|for\s+years|standard|practice|habitually|in\s+recent\s+years|in\s+the\s+last\s+few\s+years|since\s+(?:19"
    r"|20)\d\d|(?:long|track)\s+record|record\s+of|in\s+(?:many|most|some|several)\s+cases|when\s+people)\b",
)
# Statistics: "the number of defectors who arrived … rose slightly to 236", "up from 196".
_STATISTIC = _ci(
    r"\bthe\s+number\s+of\b[^,.;]{0,60}?\b(?:who|that)\b|\b(?:rose|fell|increased|decreased|declined|dropped|jumped"
    r"|climbed|edged\s+(?:up|down))\b(?:\s+\w+){0,2}\s+(?:to|from|by)\s+\d|\b(?:up|down)\s+from\s+\d"
)
_REFUTED = _ci(
    r"\b(?:(?:early|earlier|initial|first|previous|false|media|unconfirmed)\s+reports?|rumou?rs?|reports\s+circulating"
    r"|contrary\s+to|turned\s+out\s+to\s+be\s+(?:wrong|false|untrue)|(?:was|were|is)\s+(?:wrong|false|untrue|incorrect)"
    r"|contradict(?:s|ed|ing)?|not\s+true|media\s+reported|had\s+reported|wrongly\s+reported"
    r"|(?:previous|earlier)\s+version|(?:incorrectly|wrongly|mistakenly)\s+(?:stated|said|reported))\b",
)
_NEXT_REFUTES = _ci(r"^\W*(?:that|this|it)\s+(?:was|is|turned\s+out\s+to\s+be)\s+(?:wrong|false|untrue"
                           r"|incorrect|not\s+true)|\b(?:has|have)\s+since\s+learned\s+(?:that\s+)?(?:this|that|it)"
                           r"\s+was\s+(?:wrong|false|untrue|incorrect)")
_THIRD_PARTY = _ci(
    r"\b(?:pastor|missionar(?:y|ies)|driver|broker|smuggler|guide|lawyer|activist|journalist|reporter|aid\s+worker"
    r"|volunteer|interpreter|(?:Thai|Chinese|South\s+Korean|Vietnamese|Lao|Japanese)\s+(?:woman|man|citizen|national"
    r"|couple"
    r"|husband|wife)|the\s+couple|missionary\s+couple)\b",
)
_GROUP_WORDS = _ci(r"\b(?:North\s+Koreans?|defectors?|escapees?|refugees?|the\s+group|they|them|the\s+family"
                          r"|he|she|him|her)\b")
_LEADING_DETERMINER = _ci(r"^\W*(?:a|an|the|two|also)\s+")
_OTHER_PEOPLE = _ci(r"\b(?:other|others)\b")
_NON_PERSON_SUBJECT = _ci(r"^\W*(?:the\s+|their\s+|his\s+|her\s+)?(?:\w+\s+)?(?:bod(?:y|ies)|remains|ashes"
                                 r"|corpses?|boat|vessel|raft|ship|car|vehicle)\b")
# "The boat … crossed the Northern Limit Line": a boat crossing the sea border brings its people.
_VESSEL_SUBJECT = _ci(r"^\W*(?:the\s+|their\s+|a\s+)?(?:[\w\-]+\s+){0,2}(?:boat|vessel|raft|ship)\b")
_PASSIVE_END = _ci(r"\b(?:was|were|been|being)\s+$")
# "said the woman's body was handed to relatives": remains handed over are no transfer of people.
_NON_PERSON_PASSIVE = _ci(r"\b(?:bod(?:y|ies)|remains|ashes|corpses?)\s+(?:was|were|had\s+been|have\s+been|has\s+been"
                          r"|being)\s+(?:\w+\s+)?$")
# "Sending Pak back to North Korea would expose him …": a gerund subject under a modal is a hypothesis.
_GERUND_HEAD = _ci(r"^(?:forcibly\s+)?(?:sending|returning|deporting|repatriating|handing|expelling|returning"
                   r"|pushing)\b")
_MODAL_AFTER = _ci(r"[^.;:]{0,80}?\b(?:would|could|will|may|might)\b")
# "An earlier version of this article said 11 … were arrested": a corrected claim, whatever the event.
_CORRECTED = _ci(r"\b(?:(?:an\s+)?(?:earlier|previous)\s+version\s+of\s+this|(?:incorrectly|wrongly|mistakenly)"
                 r"\s+(?:stated|said|reported))\b")
# "police officers arrived at the apartment": officials arriving somewhere is no arrival of the people.
_OFFICIAL_SUBJECT = _ci(
    r"\b(?:police(?:\s+officers)?|officers?|agents?|guards?|soldiers|officials?|authorities|troops|investigators"
    r"|diplomats?|staff|reporters?|journalists?)\s+(?:\w+\s+)?$"
)
_INTRANSITIVE_ARRIVAL = _ci(r"arriv|reach|landed|entered|walked|made|crossed")
_OBJECT_NOT_PERSON = _ci(r"\b(?:the|a|his|her|their)\s+(?:bod(?:y|ies)|remains|corpses?)\s+$")
# "makes a return to North Korea more likely", "a deportation now looks imminent": a risk told after the noun.
_LIKELY_AFTER = _ci(r"(?:(?!\bfac(?:e|es|ed|ing)\b)[^.,;]){0,30}?\b(?:(?:more|most|very|increasingly)\s+)?"
                    r"(?:likely|imminent|feared|looms?)\b"
)
# Custody told as a state ("they are being held at…", "held there for two weeks"), not as the arrest itself.
_STATE_WORDS = _ci(r"held|custody|under\s+police\s+guard|(?:remain|remains|remained|kept)\s+in")
_SENTENCE_HEAD_THE = _ci(r"^\W*the\s+$")
_PLUPERFECT = _ci(r"\bhad\s+(?:been|\w+\s+been)\s+$")
_PLANNED_MODAL = _ci(r"\b(?:will|shall|would)\b(?:\s+\w+){0,3}\s*$")
_MODAL = _ci(r"\b(?:could|may|might|can|should|must|would|will|shall)\b(?:\s+\w+){0,3}\s*$")




# Custody in North Korea's hands, told in English as the Korean "보위부에 구금": "held by the State Security
# Ministry in Hyesan", "detained at a Ministry of State Security facility".
_BY_NK_AGENTS = _ci(
    r"^\W*(?:[\w'’\-]+\s+){0,3}?(?:by|at|in)\s+(?:an?\s+|the\s+)?(?:north\s+korea(?:n|'s|’s)\s+)?(?:(?:ministry\s+of\s+)?state"
    r"\s+security(?:\s+(?:ministry|department|agents?|officials?|officers?))?\b|bowibu\b|secret\s+police\b)"
)


def _segment(sentence: str, start: int) -> str:
    """The part of the sentence between semicolons or colons around `start`."""
    low = max(sentence.rfind(";", 0, start), sentence.rfind(":", 0, start)) + 1
    highs = [i for i in (sentence.find(";", start), sentence.find(":", start)) if i >= 0]
    return sentence[low : min(highs) if highs else len(sentence)]


def _clause_end(sentence: str, end: int) -> int:
    """Where the clause holding a trigger ends: the next comma, semicolon or colon."""
    found = [i for i in (sentence.find(",", end), sentence.find(";", end), sentence.find(":", end)) if i >= 0]
    return min(found) if found else len(sentence)


def _clause_before(sentence: str, start: int) -> str:
    head = sentence[:start]
    cut = 0
    for boundary in _CLAUSE_START.finditer(head):
        cut = boundary.end()
    return head[cut:]


def _destination(trigger_type: str, text: str, after: str) -> str | None:
    if _NK_DESTINATION.match(after):
        return "KP"
    if _EMBASSY_DESTINATION.match(after):
        return "embassy"
    if _CHINA_DESTINATION.match(after):
        return "CN"
    if _SOUTH_KOREA_DESTINATION.match(after):
        return "KR"
    handed_over = _HAND_OR_TURN.match(text) and not _TO_AT_END.search(text) and not re.match(
        r"^\W*(?:[\w'’\-]+\s+){0,2}?to\s", after[8:] if len(after) > 8 else after)
    if trigger_type == "transferred" and (_BACK.search(text + " " + after[:40]) or handed_over):
        return "back"
    return None


def _typed(kind: str, text: str, after: str, whole: str = "") -> tuple[str, str | None] | None:
    """The event type and destination for one lexicon hit, or None when it states no event."""
    if kind in ("detained", "released") and _BY_NK_AGENTS.match(whole[len(text):]):
        return kind, "KP"  # "being held by the State Security Ministry in Hyesan": custody in North Korea
    if kind == "arrived":
        if _MISSION_WORD.search(text + " " + after[:50]):
            return kind, "embassy"
        return kind, ("KR" if _INTO_THE_SOUTH.search(text) else None)
    if kind not in ("transferred", "repatriated", "released"):
        return kind, None
    destination = _destination(kind, text, after)
    if destination is None and whole and _NK_DESTINATION.match(whole):
        destination = "KP"
    if kind == "released":
        return kind, ("embassy" if destination == "embassy" else None)
    if destination == "KP":
        return "repatriated", "KP"
    if destination == "embassy":
        return "released", "embassy"
    if kind == "repatriated":
        if text.startswith("return") and destination is None:
            if _ACROSS_THE_BORDER.search(text):
                return "transferred", "back"
            return kind, "bare"  # "will be returned": only a risk, never an event by itself
        return kind, "KP"
    if destination == "KR":
        return None if text.startswith(("deport", "expel")) or _PASSIVE_MOVE.match(text) else ("transferred", "KR")
    moved = text.startswith(("mov", "transfer")) or _PASSIVE_MOVE.match(text)
    if moved and _BAD_MOVE_DESTINATION.match(after):
        return None
    return "transferred", destination


@lru_cache(maxsize=1024)
def _refuted(segment: str) -> bool:
    """The segment reports a claim it calls wrong ("initial reports … turned out to be wrong")."""
    return bool(_REFUTED.search(segment))


def refutes_previous(sentence: str) -> bool:
    return bool(_NEXT_REFUTES.search(lowered(sentence)))


def _recap(ltext: str, before: str, event_type: str, after: str = "") -> bool:
    """Words that look back on events instead of telling one: "The deaths are the first …", "people who had been
    held in Dandong" (the custody before the news, as the Korean "구금 중이던")."""
    if ltext == "deaths" and _SENTENCE_HEAD_THE.match(before):
        return True
    if event_type == "detained" and _PLUPERFECT.search(before[-25:]) and _DURATION_AFTER.match(after):
        return True  # "Some had been detained for more than a year": how long, not when
    return event_type == "detained" and bool(_STATE_WORDS.match(ltext) and _PLUPERFECT.search(before[-25:]))


_DURATION_AFTER = _ci(r"\s+(?:[\w'’]+\s+){0,3}?(?:for\s+(?:more\s+than\s+|over\s+|nearly\s+|almost\s+|about\s+"
                      r"|at\s+least\s+)?(?:a|an|one|two|three|four|five|six|several|many|\d+)\s+(?:days?|weeks?|months?|years?)\b|since\b)")


# Sentences for ordinary crimes (in South Korea, mostly) are not punishments for leaving the North.
_ORDINARY_CRIME = _ci(r"\bfor\s+(?:\w+\s+){0,3}?(?:defraud\w*|fraud|murder\w*|killing|manslaughter|assault\w*|rape"
                      r"|theft|stealing|robbery|embezzl\w*|brib\w*|drug\w*|narcotics|smuggling\s+drugs|drunk"
                      r"|espionage|spying|violating\s+the\s+national\s+security\s+act|defamation|tax\s+evasion)\b")
_WHO_END = _ci(r"\bwho\s+$")
_RELATIVE_END = _ci(r"\b(?:who|which)\s+$")


def _main_clause(low: str, before: str, start: int) -> str:
    """ "The man, who had worked there since 2019, was stopped …": the words after the relative clause."""
    clause_start = start - len(before)
    if "," in before and _RELATIVE_END.search(low, max(0, clause_start - 8), clause_start):
        return before.rsplit(",", 1)[-1]
    return before


def _third_party_relative(low: str, clause_start: int) -> bool:
    """A relative clause ("…, who had been caught") whose antecedent is a guide, broker or pastor."""
    if not _WHO_END.search(low, max(0, clause_start - 6), clause_start):
        return False
    antecedent = low[max(0, clause_start - 70) : clause_start]
    antecedent = antecedent[max(antecedent.rfind("."), antecedent.rfind(";")) + 1 :]
    return bool(_THIRD_PARTY.search(antecedent) and not _GROUP_WORDS.search(antecedent))


def _habitual(low: str, before: str, start: int, end: int) -> bool:
    """A practice or a statistic rather than one event ("routinely returns", "the number of … who arrived").

    "five people who were repatriated" is a counted group, not "people who" in general."""
    clause_end = _clause_end(low, end)
    text = before + low[start:clause_end]
    for m in _HABITUAL.finditer(text):
        if not (m.group(0) in _GROUP_HABITUAL and _COUNTED_BEFORE.search(text, 0, m.start())):
            return True
    return bool(_STATISTIC.search(low, 0, clause_end))


_GROUP_HABITUAL = frozenset({"people who", "those who", "people caught"})
# "handing nearly all of his wages to a minder": what is handed over is a thing, not the people.
_THING_HANDED = _ci(r"^(?:hand|turn)\w*\s+(?:[\w'’\-]+\s+){0,5}?(?:wages|salary|salaries|money|earnings|income|cash"
                    r"|passports?|documents?|papers|letters?|petitions?|reports?|lists?|phones?|evidence|bribes?)\b")
_COUNTED_BEFORE = _ci(r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty"
                      r"|forty|fifty|sixty|dozens\s+of|hundreds\s+of|the)\s+$")


def find_triggers(sentence: str) -> list[Trigger]:
    """The triggers of a sentence; every pattern below reads the lower-cased sentence (`low`)."""
    low = lowered(sentence)
    hits = lexicon_hits(sentence, low)
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    triggers: list[Trigger] = []
    last_end = -1
    for start, end, kind in hits:
        if start < last_end:
            continue  # overlapping hits: the longest leftmost one stands
        last_end = end
        text, ltext = sentence[start:end], low[start:end]
        before = _clause_before(low, start)
        if kind == "found":
            if not (_FINDERS.search(before) or _PASSIVE_END.search(before[-12:])):
                continue
            kind = "detained"  # "border troops … found the three"
        typed = _typed(kind, ltext, low[max(start, end - 8) : end + 90], ltext + low[end : end + 90])
        if typed is None:
            continue
        event_type, destination = typed
        if event_type in ("transferred", "repatriated") and _THING_HANDED.match(ltext):
            continue
        if event_type in ("detained", "transferred") and _SOUTH_KOREAN_CUSTODY.match(low[end : end + 90]):
            continue  # "taken into custody by South Korean troops": the people have arrived
        head = before[:40]
        if _THIRD_PARTY.search(head) and not _GROUP_WORDS.search(before):
            continue
        if _third_party_relative(low, start - len(before)):
            continue  # "Their guide, a local man …, who had been caught": the clause is about the guide
        obj = low[end : end + 40]
        object_head = _LEADING_DETERMINER.sub("", obj)
        if event_type != "at_risk" and _THIRD_PARTY.match(object_head) and not _GROUP_WORDS.search(obj):
            continue
        if event_type == "sentenced" and _ORDINARY_CRIME.search(low, end, min(len(low), end + 120)):
            continue  # "sentenced to two years for defrauding fellow defectors": a criminal case, not the escape
        if _recap(ltext, before, event_type, low[end : end + 60]):
            continue
        if event_type != "at_risk" and _ANYWHERE_ABROAD.match(low, end):
            continue  # "support for defectors detained abroad": people in general, no incident
        vessel_arrival = event_type == "arrived" and destination == "KR" and _VESSEL_SUBJECT.match(before)
        if (_NON_PERSON_SUBJECT.match(before) and not vessel_arrival) or _NON_PERSON_PASSIVE.search(before[-40:]) or (
            event_type == "at_risk" and _OTHER_PEOPLE.search(before)
        ):
            continue
        if event_type == "arrived" and _INTRANSITIVE_ARRIVAL.match(ltext) and _OFFICIAL_SUBJECT.search(before[-40:]):
            continue
        if event_type == "arrived" and _DEAD_ABOARD.search(before[-80:]):
            continue  # "a wooden boat carrying five bodies … washed ashore": no one reached safety
        if _OBJECT_NOT_PERSON.search(low, max(0, start - 30), start):
            continue  # "saw the body caught in the reeds"
        window = before[-60:]
        segment = _segment(low, start)
        refuted = (kind != "detained" and _refuted(segment)) or bool(_CORRECTED.search(segment))
        negated = bool(_NEGATION.search(window[-30:])) or refuted
        modal = _MODAL.search(before[-30:]) and not _PLANNED_MODAL.search(before[-30:])
        hypothetical = bool(_HYPOTHETICAL.search(window) or modal or _LIKELY_AFTER.match(low, end)
                            or ltext.startswith(("if ", "unless "))
                            or bool(_GERUND_HEAD.match(ltext) and not before.strip(" \"'“”‘’")
                                    and _MODAL_AFTER.match(low, end)))
        planned = bool(_PLANNED.search(window) or _BEFORE_NOUN.search(window[-25:]))
        if negated and not refuted and _STILL_AT_RISK.search(window) and event_type in ("repatriated", "transferred"):
            negated, hypothetical = False, True
        if event_type == "released" and destination is None and _RELEASED_TO_MISSION.match(low, end):
            destination = "embassy"  # "released two of the five … arrested in Poipet on May 30 to the embassy"
        if destination == "bare":
            if not (planned or hypothetical):
                continue
            destination = "KP"
        triggers.append(
            Trigger(
                start, end, text, event_type,
                negated=negated,
                planned=planned,
                hypothetical=hypothetical,
                habitual=_habitual(low, _main_clause(low, before, start), start, end),
                destination=destination,
                state=event_type == "detained" and bool(_STATE_WORDS.match(ltext)),
            )
        )
        if destination == "embassy" and event_type == "released" and not negated:
            triggers.append(Trigger(start, end, text, "arrived", planned=triggers[-1].planned,
                                    hypothetical=hypothetical, habitual=triggers[-1].habitual, destination="embassy"))
    return triggers
