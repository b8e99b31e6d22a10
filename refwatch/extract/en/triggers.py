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

from refwatch.extract.mentions import Trigger
from refwatch.extract.regex_guard import guarded, lowered
from refwatch.extract.regex_guard import lowercase_compile as _ci

# Up to seven object words between a verb and its particle: "handed the nine over", "sent 600 escapees back".
_V = r"(?:,?\s+(?!and\b|but\b|after\b|before\b|when\b|who\b|which\b)[\w'’\-]+){0,7}?"

_LEXICON: list[tuple[str, str]] = [
    ("detained", r"arrest(?:ed|ing)\b"
                 r"|detain(?:ed|s|ing)?\b|(?<!be )caught\b(?!\s+(?:fire|up|on|sight))"
                 r"|catch(?:es|ing)\b|nab(?:bed|s|bing)?\b|apprehend(?:ed|s|ing)?\b|captur(?:ed|es|ing)\b|rounded\s+up|picked\s+up"
                 r"|pick(?:s|ing)\s+up"
                 r"|taken\s+into\s+custody|took\s+(?:\w+\s+){0,2}into\s+custody"
                 r"|taken\s+in\b(?!\s+(?:by\s+the\s+)?(?:story|sight))"
                 r"|\bheld\b|\bcustody\b|(?:remain|remains|remained|kept)\s+in\s+(?:\w+\s+){0,2}detention"
                 r"|under\s+police\s+guard|raid(?:ed|s)\b|stopped\s+(?:by|at|in)\b|intercepted\b"
                 r"|jailed\b(?!\s+for)|locked\s+up|found\s+(?:by\s+(?:a\s+)?(?:patrol|police|guards?|soldiers))"
                 r"|rearrested|re-arrested|imprisoned\b(?!\s+for)"),
    ("repatriated", r"(?:forcibly\s+|forcefully\s+)?repatriat(?:ed|es|ing|e)\b|forcibly\s+return(?:ed|s|ing)?\b"
                    r"|(?:forced|forcible)\s+(?:return|repatriation)s?\b|repatriation\b|sent\s+home\b"
                    r"|sen[dt](?:s|ing)?" + _V + r"\s+back\b(?!\s+to\s+(?:China|the\s+Chinese))"
                    r"|(?:the\s+|China's\s+|his\s+|her\s+|their\s+)return\s+of\b"
                    r"|for\s+(?:forced\s+)?return\s+to\s+North\s+Korea"
                    r"|(?:crossed|driven|taken|marched|walked|bused|bussed)\s+(?:back\s+)?(?:\w+\s+){0,3}?into\s+North\s+Korea"
                    r"|return(?:ed|s|ing)?" + _V
                    + r"\s+(?:to|across)\s+(?:North\s+Korea|the\s+North\b|Pyongyang|the\s+border)"),
    ("transferred", r"hand(?:ed|s|ing)?" + _V + r",?\s+(?:over|back|to)\b|turn(?:ed|s|ing)?" + _V + r",?\s+over\b"
                    r"|push(?:ed|es|ing)?" + _V + r"\s+back\b|expell?(?:ed|s|ing)?\b|deport(?:ed|s|ing)?\b(?!\s+order)"
                    r"|(?<!forcibly )return(?:ed|s|ing)?" + _V + r"\s+to\s+(?:China|the\s+Chinese)"
                    r"|transferr?(?:ed|s|ing)\b"
                    r"|mov(?:ed|es|ing)" + _V + r"\s+to\b"
                    r"|(?:was|were|been|being)\s+moved\b(?!(?:\s+[\w'’\-]+){0,7}?\s+to\b)"
                    r"|(?:drove|driven|took|taken|escorted|marched|walked|brought)\s+(?:them|him|her|the\s+\w+)\s+(?:back\s+)?"
                    r"to\s+the\s+(?:border|frontier|crossing|checkpoint|bridge)\b"
                    r"|ordered\s+(?:them|him|her|the\s+\w+)\s+to\s+(?:walk|cross|go|return)\s+(?:back\s+)?(?:into|to|across)\b"
                    r"|sen[dt]\s+(?:them\s+|him\s+|her\s+)?(?:back\s+)?to\s+(?:China|the\s+Chinese)"
                    r"|hand-?overs?\b|extradited\b"),
    ("released", r"releas(?:ed|es|ing)\b(?!\s+(?:a|an|the|its|their|his|her)\s+"
                 r"(?:statement|report|video|photos?|figures|details|names|findings))"
                 r"|freed\b|set\s+free|let\s+(?:them|him|her|the\s+\w+)\s+go\b|let\s+go\b|released\s+on\s+bail"),
    ("arrived", r"arriv(?:ed|es|ing)\s+(?:safely\s+)?(?:in|at)\b"
                r"|reach(?:ed|es|ing)\s+(?:safety|South\s+Korea|Seoul|Japan|the\s+South\b"
                r"|(?:the\s+)?(?:South\s+Korean\s+)?(?:embassy|consulate))"
                r"|landed\s+(?:in|at)\b|entered\s+(?:the\s+)?(?:South\s+Korean\s+)?(?:embassy|consulate|mission)"
                r"|(?:took|taken|taking|sought|seeking|sought)\s+refuge"
                r"|walked\s+into\s+(?:the\s+)?(?:South\s+Korean\s+)?(?:embassy|consulate)"
                r"|(?:is|are|was|were)\s+(?:now\s+)?safe\s+in\b|(?:is|are)\s+now\s+at\s+the\b|made\s+it\s+to\b"
                r"|crossed\s+(?:the\s+)?(?:maritime|sea|military\s+demarcation)\s+(?:border|line)|drifted\s+to\b"
                r"|defected\s+to\b|flown\s+to\b"
                r"|(?:escorted|drove|driven|took|taken|brought|accompanied|delivered)\s+(?:them|him|her|the\s+\w+)\s+to\s+"
                r"(?:the\s+)?(?:South\s+Korean\s+)?(?:embassy|consulate)"
                r"|found(?:[\s,\-–—]+[\w'’\-]+){0,12}?[\s,\-–—]+(?:aboard|on\s+board|drifting)"
                r"|(?:walked|crossed|swam|came|fled|sailed|escaped|ran)(?:\s+[\w\-]+){0,5}?\s+(?:into"
                r"|to)\s+South\s+Korea"),
    ("sentenced", r"sentenc(?:ed|es|ing)\b|fined\b|convicted\b|jailed\s+for\b|found\s+guilty"
                  r"|given\s+(?:an?\s+)?\w+[- ]year"
                  r"|ordered(?:\s+[\w,\-]+){0,12}?\s+(?:to\s+)?be\s+(?:deported|expelled)|ordered\s+(?:his|her"
                  r"|their)\s+(?:deportation|expulsion)"
                  r"|(?:deportation|expulsion)\s+order|issued\s+(?:an?\s+|the\s+)?(?:deportation\s+|expulsion\s+)?order"
                  r"|imprisoned\s+for\b|prison\s+(?:term|sentence)"),
    ("died", r"\bdied\b|\bdies\b|drown(?:ed|s|ing)?\b|(?:froze|frozen)\s+to\s+death|killed\b|shot\s+dead|found\s+dead"
             r"|bod(?:y|ies)\s+of\b|the\s+dead\s+(?:man|woman|boy|girl)|perished\b|lost\s+(?:their|his|her)\s+lives?"
             r"|deaths\b(?!\s+penalty)"),
    ("at_risk", r"at\s+(?:serious\s+|grave\s+|high\s+|great\s+|imminent\s+)?risk\b"
                r"|fac(?:e|es|ed|ing)\s+(?:forced\s+|forcible\s+|imminent\s+|possible\s+|likely\s+|certain\s+)?"
                r"(?:return|repatriation|deportation|refoulement|being\s+sent|the\s+State\s+Security|expulsion)"
                r"|(?:awaiting|await|awaits)\s+(?:forced\s+)?(?:return|repatriation|deportation)"
                r"|in\s+(?:imminent\s+)?danger\s+of"
                r"|not\s+to\s+(?:return|repatriate|deport|send)\b|(?:halt|stop)\s+(?:any\s+move\s+to\s+)?(?:deport"
                r"|return|repatriat)"),
]
# The lexicon is matched on the lower-cased sentence without IGNORECASE, which Python's engine runs several
# times faster; the few alternatives that need a capital (a proper noun after the verb) are matched on the
# sentence as written.
_CASED_LEXICON: list[tuple[str, str]] = [
    ("detained", r"(?i:whose|their|the)\s+(?i:arrests?)\s+(?:in|at|on)\s+(?!the\s+time)(?=[A-Z0-9])"),
    ("arrived", r"(?i:reach(?:ed|es|ing))\s+(?!The\b)[A-Z]"),
]
_COMPILED = [(kind, guarded(pattern.lower())) for kind, pattern in _LEXICON]
_CASED = [(kind, re.compile(pattern)) for kind, pattern in _CASED_LEXICON]
# Substrings one of which every hit of a lexicon contains: a sentence without any skips its regex.
_STEMS: dict[str, tuple[str, ...]] = {
    "detained": ("arrest", "detain", "caught", "catch", "nab", "apprehend", "captur", "rounded up", "pick", "custody",
                 "held", "raid", "stopped", "intercept", "jail", "locked up", "found by", "imprison", "taken in",
                 "took", "detention", "police guard"),
    "repatriated": ("repatriat", "return", "sent", "send", "crossed", "driven", "taken", "marched", "walked", "bus"),
    "transferred": ("hand", "turn", "push", "expel", "deport", "return", "transfer", "moved", "moves", "moving",
                    "sent", "send", "extradit",
                    "drove", "driven", "took", "taken", "escorted", "marched", "walked", "brought", "ordered"),
    "released": ("releas", "freed", "free", "let "),
    "arrived": ("arriv", "reach", "landed", "entered", "refuge", "walked", "safe in", "now at", "made it", "crossed",
                "drifted", "defected", "flown", "found", "escorted", "drove", "driven", "took", "taken", "brought",
                "accompanied", "delivered"),
    "sentenced": ("sentenc", "fined", "convicted", "jailed", "guilty", "given", "order", "prison"),
    "died": ("died", "dies", "drown", "froze", "frozen", "killed", "shot", "dead", "body", "bodies", "perished", "lost",
             "deaths"),
    "at_risk": ("risk", "face", "facing", "await", "danger", "not to", "halt", "stop"),
}

_NK_DESTINATION = _ci(
    r"^\W*(?:[\w'’\-]+\s+){0,6}?(?:to|into|across|toward|towards|over\s+to|back\s+to|at)\s+(?:the\s+|our\s+)?"
    r"(?:North\s+Korea|N\.?\s?Korea|Pyongyang|the\s+North\b|North\b|North\s+Korean|Sinuiju|Hyesan|Namyang|Manpo"
    r"|Hoeryong"
    r"|Onsong|State\s+Security|(?:their|his|her)\s+(?:home\s+|native\s+)?country|(?:their|his|her)\s+homeland)"
    r"|^\W*(?:[\w'’\-]+\s+){0,6}?(?:North\s+Korean|Pyongyang's)\s+(?:side|authorities|officials|agents|guards"
    r"|border\s+guards|security"
    r"|embassy|consulate|staff|police|officers)",
)
_EMBASSY_DESTINATION = _ci(
    r"^\W*(?:[\w'’\-]+\s+){0,6}?(?:to|into|at|with)\s+(?:the\s+care\s+of\s+|the\s+custody\s+of\s+)?(?:the\s+|a\s+)?"
    r"(?:South\s+Korean\s+|Seoul's\s+|Korean\s+)?"
    r"(?:embassy|consulate|mission|diplomats?)\b(?!\s+of\s+North)|^\W*(?:\w+\s+){0,4}?(?:to\s+)?embassy\s+staff",
)
_CHINA_DESTINATION = _ci(
    r"^\W*(?:[\w'’\-]+\s+){0,6}?(?:to|into|across|toward|towards|back\s+to)\s+(?:the\s+)?(?:China|Chinese"
    r"|Beijing)"
)
_HAND_OR_TURN = re.compile(r"(?:hand|turn)")
_TO_AT_END = re.compile(r"\bto\s*$")
_MISSION_WORD = re.compile(r"\b(?:embassy|consulate|mission)\b")
_ACROSS_THE_BORDER = re.compile(r"across\s+the\s+border")
_BACK = _ci(r"\bback\b|\bacross\s+the\s+(?:border|river|bridge)|\bexpell")
_SOUTH_KOREA_DESTINATION = _ci(r"^\W*(?:\w+\s+){0,6}?to\s+(?:Seoul|South\s+Korea|the\s+South\b)")
_BAD_MOVE_DESTINATION = _ci(r"^\W*(?:\w+\s+){0,3}?(?:a\s+|the\s+)?(?:hospital|guesthouse|hotel|clinic|shelter"
                                   r"|safe\s+house|church|school)")

_CLAUSE_START = _ci(r"[;:!?()]|\s[-–—]\s|,\s+(?:but|and|while|although|though|as|which)\s|\b(?:but|while"
                           r"|whereas|that|who|which)\s")
_NEGATION = _ci(r"\b(?:not|never|no\s+longer|n't|neither|nor|denied|denies|deny|without\s+being|instead\s+of"
                       r"|rather\s+than|overturned|quashed|annulled|revoked|refused\s+to)\b|n't\b")
_STILL_AT_RISK = _ci(r"\b(?:not\s+yet|yet\s+to|have\s+not\s+been|has\s+not\s+been|had\s+not\s+been"
                            r"|still\s+not)\b")
_PLANNED = _ci(
    r"\b(?:will|shall|would|'ll|going\s+to|expected\s+to|due\s+to|scheduled\s+to|set\s+to|plans?\s+to|planned\s+to"
    r"|planning\s+to|about\s+to|hoped?|hopes|hoping|to\s+be|(?:is|are|was|were)\s+to|wants?\s+to|wanted\s+to"
    r"|wish(?:es)?\s+to"
    r"|ready\s+to|preparing\s+to|intend(?:s|ed)?\s+to|asked\s+to\s+be|so\s+that|in\s+order\s+to|before\s+being"
    r"|awaiting)\b",
)
_HYPOTHETICAL = _ci(
    r"\b(?:if|whether|unless|likely|possible|possibly|risk|risks|risking|fears?|feared|fearing|afraid"
    r"|concern(?:ed|s)?|worr(?:y|ied|ies)|in\s+case|threat(?:en(?:ed|s)?)?|faces?|faced|facing|urges?|urged"
    r"|calls?\s+on|called\s+on|asks?|asked|demand(?:s|ed)?|imminent|danger|once)\b",
)
_HABITUAL = _ci(
    r"\b(?:normally|usually|routinely|often|typically|generally|regularly|frequently|commonly|always|sometimes"
    r"|in\s+the\s+past|tend\s+to|every\s+time|whenever|anyone|those\s+who|people\s+who|people\s+caught|has\s+long"
    r"|for\s+years|standard|practice|habitually|in\s+recent\s+years|in\s+the\s+last\s+few\s+years|since\s+(?:19"
    r"|20)\d\d)\b",
)
_REFUTED = _ci(
    r"\b(?:(?:early|earlier|initial|first|previous|false|media|unconfirmed)\s+reports?|rumou?rs?|reports\s+circulating"
    r"|contrary\s+to|turned\s+out\s+to\s+be\s+(?:wrong|false|untrue)|(?:was|were|is)\s+(?:wrong|false|untrue|incorrect)"
    r"|contradicts?|not\s+true|media\s+reported|had\s+reported|wrongly\s+reported)\b",
)
_NEXT_REFUTES = _ci(r"^\W*(?:that|this|it)\s+(?:was|is|turned\s+out\s+to\s+be)\s+(?:wrong|false|untrue"
                           r"|incorrect|not\s+true)")
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
                                 r"|corpses?)\b")
# "police officers arrived at the apartment": officials arriving somewhere is no arrival of the people.
_OFFICIAL_SUBJECT = _ci(
    r"\b(?:police(?:\s+officers)?|officers?|agents?|guards?|soldiers|officials?|authorities|troops|investigators"
    r"|diplomats?|staff|reporters?|journalists?)\s+(?:\w+\s+)?$"
)
_INTRANSITIVE_ARRIVAL = _ci(r"arriv|reach|landed|entered|walked|made|crossed")
_OBJECT_NOT_PERSON = _ci(r"\b(?:the|a|his|her|their)\s+(?:bod(?:y|ies)|remains|corpses?)\s+$")
# "makes a return to North Korea more likely", "a deportation now looks imminent": a risk told after the noun.
_LIKELY_AFTER = _ci(r"[^.,;]{0,30}?\b(?:(?:more|most|very|increasingly)\s+)?(?:likely|imminent|feared|looms?)\b"
)
# Custody told as a state ("they are being held at…", "held there for two weeks"), not as the arrest itself.
_STATE_WORDS = _ci(r"held|custody|under\s+police\s+guard|(?:remain|remains|remained|kept)\s+in")
_PLANNED_MODAL = _ci(r"\b(?:will|shall|would)\b(?:\s+\w+){0,3}\s*$")
_MODAL = _ci(r"\b(?:could|may|might|can|should|must|would|will|shall)\b(?:\s+\w+){0,3}\s*$")




# "held" and "custody" are common words; they state a detention only in these frames. Checking the
# frame around the word is much cheaper than alternatives that start with "is|are|was|…".
_HELD_BEFORE = _ci(r"\b(?:being|been|are|is|was|were|still|remain(?:s|ed)?|be|kept)\s+(?:\w+\s+)?$")
_HELD_AFTER = _ci(
    r"^\s+(?:by|in|at|under)\s+(?:\w+\s+){0,2}(?:police|custody|detention|guard|authorities|border)"
)
_CUSTODY_BEFORE = _ci(
    r"\b(?:is|are|was|were|be|being|been|remain|remains|remained|still|kept|spent\s+\w+\s+\w+)\s+(?:now\s+)?"
    r"in\s+(?:[\w'’]+\s+){0,2}$",
)


def _detention_frame(low: str, start: int, end: int) -> bool:
    """`low` is the lower-cased sentence."""
    sentence = low
    word = low[start:end]
    if word == "held":
        framed = _HELD_BEFORE.search(sentence, max(0, start - 30), start)
        return bool(framed or _HELD_AFTER.match(sentence[end : end + 60]))
    if word == "custody":
        return bool(_CUSTODY_BEFORE.search(sentence, max(0, start - 50), start))
    return True


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
    if kind == "arrived":
        embassy = _MISSION_WORD.search(text + " " + after[:50])
        return kind, ("embassy" if embassy else None)
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
        return None if text.startswith(("deport", "expel")) else ("transferred", "KR")
    if text.startswith(("mov", "transfer")) and _BAD_MOVE_DESTINATION.match(after):
        return None
    return "transferred", destination


@lru_cache(maxsize=1024)
def _refuted(segment: str) -> bool:
    """The segment reports a claim it calls wrong ("initial reports … turned out to be wrong")."""
    return bool(_REFUTED.search(segment))


def refutes_previous(sentence: str) -> bool:
    return bool(_NEXT_REFUTES.search(lowered(sentence)))


def lexicon_hits(sentence: str, low: str | None = None) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every lexicon match, for the kinds whose hints the sentence holds.

    `low` is the sentence lower-cased character by character (`regex_guard.lowered`), when known.
    """
    low = lowered(sentence) if low is None else low
    present = {kind for kind, stems in _STEMS.items() if any(stem in low for stem in stems)}
    return _scanned_hits(low, low, present, _COMPILED) + _scanned_hits(sentence, low, present, _CASED)


def _scanned_hits(
    text: str, low: str, present: set[str], patterns: list[tuple[str, re.Pattern[str]]]
) -> list[tuple[int, int, str]]:
    hits: list[tuple[int, int, str]] = []
    for kind, pattern in patterns:
        if kind not in present:
            continue
        for m in pattern.finditer(text):
            if kind != "detained" or _detention_frame(low, m.start(), m.end()):
                hits.append((m.start(), m.end(), kind))
    return hits


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
        typed = _typed(kind, ltext, low[max(start, end - 8) : end + 90], ltext + low[end : end + 90])
        if typed is None:
            continue
        event_type, destination = typed
        before = _clause_before(low, start)
        head = before[:40]
        if _THIRD_PARTY.search(head) and not _GROUP_WORDS.search(before):
            continue
        obj = low[end : end + 40]
        object_head = _LEADING_DETERMINER.sub("", obj)
        if event_type != "at_risk" and _THIRD_PARTY.match(object_head) and not _GROUP_WORDS.search(obj):
            continue
        if _NON_PERSON_SUBJECT.match(before) or (event_type == "at_risk" and _OTHER_PEOPLE.search(before)):
            continue
        if event_type == "arrived" and _INTRANSITIVE_ARRIVAL.match(ltext) and _OFFICIAL_SUBJECT.search(before[-40:]):
            continue
        if _OBJECT_NOT_PERSON.search(low, max(0, start - 30), start):
            continue  # "saw the body caught in the reeds"
        window = before[-60:]
        refuted = kind != "detained" and _refuted(_segment(low, start))
        negated = bool(_NEGATION.search(window[-30:])) or refuted
        modal = _MODAL.search(before[-30:]) and not _PLANNED_MODAL.search(before[-30:])
        hypothetical = bool(_HYPOTHETICAL.search(window) or modal or _LIKELY_AFTER.match(low, end))
        planned = bool(_PLANNED.search(window))
        if negated and not refuted and _STILL_AT_RISK.search(window) and event_type in ("repatriated", "transferred"):
            negated, hypothetical = False, True
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
                habitual=bool(_HABITUAL.search(before + low[start:_clause_end(low, end)])),
                destination=destination,
                state=event_type == "detained" and bool(_STATE_WORDS.match(ltext)),
            )
        )
        if destination == "embassy" and event_type == "released" and not negated:
            triggers.append(Trigger(start, end, text, "arrived", planned=triggers[-1].planned,
                                    hypothetical=hypothetical, habitual=triggers[-1].habitual, destination="embassy"))
    return triggers
