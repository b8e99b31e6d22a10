"""The English event lexicon: verb phrases in their news-English inflections, typed by event kind.

Kept apart from `triggers.py`, which reads the grammar around each hit, so that the word lists can
grow without the modality rules growing with them. Every kind lists hint substrings (`_STEMS`): a
sentence holding none of a kind's hints skips that kind's regular expression (decision 0211).
"""

from __future__ import annotations

import re

from refwatch.extract.regex_guard import guarded, lowered
from refwatch.extract.regex_guard import lowercase_compile as _ci

# Up to seven object words between a verb and its particle: "handed the nine over", "sent 600 escapees back".
_V = r"(?:,?\s+(?!and\b|but\b|after\b|before\b|when\b|who\b|which\b)[\w'’\-]+){0,7}?"

_LEXICON: list[tuple[str, str]] = [
    ("detained", r"arrest(?:ed|ing)\b"
                 r"|detain(?:ed|s|ing)?\b"
                 r"|(?<!be )caught\b(?!\s+(?:fire|up|sight|on\s+(?:camera|video|film|tape|cctv|the\s+hop)))"
                 r"|catch(?:es|ing)\b|nab(?:bed|s|bing)?\b|apprehend(?:ed|s|ing)?\b|captur(?:ed|es|ing)\b|rounded\s+up|picked\s+up"
                 r"|pick(?:s|ing)\s+up"
                 r"|taken\s+into\s+custody|(?:took|taken)\s+(?:\w+\s+){0,2}into\s+custody"
                 r"|taken\s+in\b(?!\s+(?:by\s+the\s+)?(?:story|sight))"
                 r"|\bheld\b|\bcustody\b|(?:remain|remains|remained|kept)\s+in\s+(?:\w+\s+){0,2}detention"
                 r"|under\s+police\s+guard|raid(?:ed|s)\b|stopped\s+(?:by|at|in)\b|intercepted\b"
                 r"|stopped\s+(?:them|him|her|the\s+(?:group|family|women|men|couple))\s+(?:at|near|outside|on)\b"
                 r"|jailed\b(?!\s+for)|locked\s+up|found\s+(?:by\s+(?:a\s+)?(?:patrol|police|guards?|soldiers))"
                 r"|rearrested|re-arrested|imprisoned\b(?!\s+for)|burst\s+into"
                 r"|turn(?:ed|s|ing)\s+(?:themselves|himself|herself)\s+in\b|gave\s+(?:themselves|himself|herself)\s+up\b"
                 r"|surrender(?:ed|s)?\s+to\s+(?:the\s+)?(?:[\w\-]+\s+){0,2}?(?:police|authorities|guards|soldiers|troops)\b"),
    # "Border troops … found the three": a detention only when officials are the finders (see triggers.py)
    ("found", r"\bfound\b(?!\s+(?:dead|guilty|that|it|out|no|evidence|the\s+bod|bodies|a\s+bod|themselves|itself))"),
    ("repatriated", r"(?:forcibly\s+|forcefully\s+)?repatriat(?:ed|es|ing|e)\b|forcibly\s+return(?:ed|s|ing)?\b"
                    r"|(?:forced|forcible)\s+(?:return|repatriation)s?\b|repatriation\b|sent\s+home\b"
                    r"|sen[dt](?:s|ing)?" + _V + r"\s+back\b(?!\s+to\s+(?:China|the\s+Chinese))"
                    r"|(?:the\s+|China's\s+|his\s+|her\s+|their\s+)return\s+of\b"
                    r"|for\s+(?:forced\s+)?return\s+to\s+North\s+Korea"
                    r"|(?:crossed|driven|taken|marched|walked|bused|bussed)\s+(?:back\s+)?(?:\w+\s+){0,3}?into\s+North\s+Korea"
                    r"|return(?:ed|s|ing)?" + _V
                    + r"\s+(?:to|across)\s+(?:North\s+Korea|the\s+North\b|Pyongyang|the\s+border)"
                    r"|(?:if|unless)\s+(?:\w+\s+){0,2}?returned\b"),
    ("transferred", r"hand(?:ed|s|ing)?" + _V + r",?\s+(?:over|back|to)\b|turn(?:ed|s|ing)?" + _V + r",?\s+over\b"
                    r"|push(?:ed|es|ing)?" + _V + r"\s+back\b|expell?(?:ed|s|ing)?\b|deport(?:ed|s|ing)?\b(?!\s+order)"
                    r"|(?<!forcibly )return(?:ed|s|ing)?" + _V + r"\s+to\s+(?:China|the\s+Chinese)"
                    r"|transferr?(?:ed|s|ing)\b"
                    r"|mov(?:ed|es|ing)" + _V + r"\s+to\b"
                    r"|(?:was|were|been|being)\s+(?:later\s+|then\s+|subsequently\s+)?moved\b(?!(?:\s+[\w'’\-]+){0,7}?\s+to\b)"
                    r"|(?:was|were|been|being)\s+(?:brought|taken|escorted|driven|transported|bused|bussed)\s+(?:back\s+)?to\b"
                    r"|(?:(?:was|were|been|being)\s+|(?<=\band\s)|(?<=\bthen\s))(?:taken|escorted|driven|transported|bused"
                    r"|bussed|marched)\s+(?:back\s+)?across\s+the\s+(?:[\w\-]+\s+){0,3}?(?:border|river|bridge)\b"
                    r"|(?:drove|driven|took|taken|escorted|marched|walked|brought)\s+(?:them|him|her|the\s+\w+)\s+(?:back\s+)?"
                    r"to\s+the\s+(?:border|frontier|crossing|checkpoint|bridge|capital)\b"
                    r"|ordered\s+(?:them|him|her|the\s+\w+)\s+to\s+(?:walk|cross|go|return)\s+(?:back\s+)?(?:into|to|across)\b"
                    r"|sen[dt]\s+(?:them\s+|him\s+|her\s+)?(?:back\s+)?to\s+(?:China|the\s+Chinese)"
                    r"|sen[dt](?:s|ing)?\s+(?:(?!back\b)[\w\-]+\s+){0,3}?across\s+the\s+(?:[\w\-]+\s+)?(?:border|river"
                    r"|bridge)\b"
                    r"|hand-?overs?\b|extradited\b"
                    # "were gathered at a facility in Dandong": brought together from where they were held
                    r"|(?:was|were|been|being)\s+(?:later\s+|then\s+|first\s+)?(?:gathered|assembled)\s+(?:at|in)\b"),
    ("released", r"releas(?:ed|es|ing)\b(?!\s+(?:a|an|the|its|their|his|her)\s+"
                 r"(?:statement|report|video|photos?|figures|details|names|findings))"
                 r"|freed\b|set\s+free|let\s+(?:them|him|her|the\s+\w+)\s+go\b|let\s+go\b|released\s+on\s+bail"
                 r"|ordered\s+(?:his|her|their|the)\s+(?:immediate\s+)?release\b|walked\s+free\b"),
    ("arrived", r"arriv(?:ed|es|ing)\s+(?:safely\s+)?(?:in|at)\b"
                r"|reach(?:ed|es|ing)\s+(?:safety|South\s+Korea|Seoul|Japan|the\s+South\b"
                r"|(?:the\s+)?(?:South\s+Korean\s+)?(?:embassy|consulate))"
                r"|landed\s+(?:in|at)\b|entered\s+(?:the\s+)?(?:South\s+Korean\s+)?(?:embassy|consulate|mission)"
                r"|(?:took|taken|taking|sought|seeking|sought)\s+refuge"
                r"|walked\s+into\s+(?:the\s+)?(?:South\s+Korean\s+)?(?:embassy|consulate)"
                r"|(?:is|are|was|were)\s+(?:now\s+)?safe\s+in\b|(?:is|are)\s+now\s+at\s+the\b|made\s+it\s+to\b"
                r"|(?:crossed|crosses|crossing|swam\s+across|walked\s+across|defected\s+across"
                r"|drifted\s+(?:south\s+|southward\s+)?across|sailed\s+(?:south\s+|southward\s+)?across)\s+(?:the\s+)?"
                r"(?:heavily\s+(?:armed|fortified)\s+)?(?:(?:eastern|western|east|west)\s+)?(?:maritime|sea|inter-korean|land"
                r"|military\s+demarcation)\s+(?:border|line)|(?:crossed|swam\s+across|walked\s+across)\s+(?:the\s+)?"
                r"(?:mdl|nll|northern\s+limit\s+line|dmz|demilitari[sz]ed\s+zone)\b|drifted\s+to\b"
                r"|wash(?:ed|es)\s+(?:up|ashore)|drift(?:ed|s)\s+ashore"
                r"|defected\s+to\b|flown\s+to\b"
                r"|(?:escorted|drove|driven|took|taken|brought|accompanied|delivered)\s+(?:them|him|her|the\s+\w+)\s+to\s+"
                r"(?:the\s+)?(?:South\s+Korean\s+)?(?:embassy|consulate)"
                r"|found(?:[\s,\-–—]+[\w'’\-]+){0,12}?[\s,\-–—]+(?:aboard|on\s+board|drifting|adrift"
                r"|(?:on|in)\s+(?:an?\s+|the\s+)?(?:[\w\-]+\s+){0,2}?(?:boat|vessel|raft|dinghy)\b)"
                r"|rescued\s+by\s+(?:the\s+)?south\s+korean\s+(?:coast\s+guard|navy|military|troops|marines|fishermen)"
                r"|(?:walked|crossed|swam|came|fled|sailed|escaped|ran)(?:\s+[\w\-]+){0,5}?\s+(?:into"
                r"|to)\s+South\s+Korea"),
    ("sentenced", r"sentenc(?:ed|es|ing)\b|fined\b|convicted\b|jailed\s+for\b"
                  r"|found\s+(?:him\s+|her\s+|them\s+|the\s+\w+\s+|each\s+of\s+them\s+|all\s+\w+\s+)?guilty"
                  r"|given\s+(?:an?\s+)?\w+[- ]year"
                  r"|ordered\s+(?:them|him|her|the\s+\w+)\s+(?:deported|expelled)\b"
                  r"|ordered(?:\s+[\w,\-]+){0,12}?\s+(?:to\s+)?be\s+(?:deported|expelled)|ordered\s+(?:his|her"
                  r"|their)\s+(?:deportation|expulsion)"
                  r"|(?:deportation|expulsion)\s+order|issued\s+(?:an?\s+|the\s+)?(?:deportation\s+|expulsion\s+)?order"
                  r"|imprisoned\s+for\b|prison\s+(?:term|sentence)"),
    ("died", r"\bdied\b|\bdies\b|drown(?:ed|s|ing)?\b|(?:froze|frozen)\s+to\s+death|killed\b|shot\s+dead|found\s+dead"
             r"|bod(?:y|ies)\s+of\b|the\s+dead\s+(?:man|woman|boy|girl)|perished\b|lost\s+(?:their|his|her)\s+lives?"
             r"|deaths\b(?!\s+penalty)"
             r"|(?:publicly\s+)?executed\b(?!\s+(?:a|an|the|its|their)\s+(?:plan|order|search|warrant|raid|operation))"
             r"|put\s+to\s+death"),
    ("at_risk", r"at\s+(?:serious\s+|grave\s+|high\s+|great\s+|imminent\s+)?risk\b"
                r"|fac(?:e|es|ed|ing)\s+(?:(?:forced|forcible|imminent|possible|likely|certain|probable)\s+){0,2}"
                r"(?:return|repatriation|deportation|refoulement|being\s+sent|the\s+State\s+Security|expulsion)"
                r"|(?:awaiting|await|awaits)\s+(?:forced\s+)?(?:return|repatriation|deportation)"
                r"|in\s+(?:imminent\s+)?danger\s+of"
                r"|not\s+to\s+(?:return|repatriate|deport|send)\b|(?:halt|stop|suspend|prevent)\s+(?:the\s+|his\s+|her\s+"
                r"|their\s+|any\s+move\s+to\s+)?(?:deport|return|repatriat|expulsion|forced\s+return)"
                # "Pyongyang had asked Beijing to return him": a request for the return, still to come
                r"|(?:asked|demanded|requested|pressed|pressing|pressured)\s+(?:\w+\s+){1,3}?to\s+(?:return|repatriate"
                r"|hand\s+(?:him|her|them)\s+(?:over|back)|send\s+(?:him|her|them)\s+back)\b"
                r"|demanded\s+(?:his|her|their)\s+(?:return|repatriation)"),
]
# The lexicon is matched on the lower-cased sentence without IGNORECASE, which Python's engine runs several
# times faster; the few alternatives that need a capital (a proper noun after the verb) are matched on the
# sentence as written.
_CASED_LEXICON: list[tuple[str, str]] = [
    ("detained", r"(?i:whose|their|the|her|his)\s+(?i:arrests?)\s+(?:in|at|on)\s+(?!the\s+time)(?=[A-Z0-9])"),
    ("arrived", r"(?i:reach(?:ed|es|ing))\s+(?!The\b)[A-Z]"),
]
_COMPILED = [(kind, guarded(pattern.lower())) for kind, pattern in _LEXICON]
_CASED = [(kind, re.compile(pattern)) for kind, pattern in _CASED_LEXICON]
# Substrings one of which every hit of a lexicon contains: a sentence without any skips its regex.
_STEMS: dict[str, tuple[str, ...]] = {
    "detained": ("arrest", "detain", "caught", "catch", "nab", "apprehend", "captur", "rounded up", "pick", "custody",
                 "held", "raid", "stopped", "intercept", "jail", "locked up", "found by", "imprison", "taken in",
                 "took", "detention", "police guard", "burst into", "selves in", "self in", "selves up",
                 "self up", "surrender"),
    "found": ("found",),
    "repatriated": ("repatriat", "return", "sent", "send", "crossed", "driven", "taken", "marched", "walked", "bus"),
    "transferred": ("hand", "turn", "push", "expel", "deport", "return", "transfer", "moved", "moves", "moving",
                    "sent", "send", "extradit",
                    "drove", "driven", "took", "taken", "escorted", "marched", "walked", "brought", "ordered",
                    "transported", "gathered", "assembled"),
    "released": ("releas", "freed", "free", "let "),  # "walked free", "ordered his release"
    "arrived": ("arriv", "reach", "landed", "entered", "refuge", "walked", "safe in", "now at", "made it", "crossed",
                "drifted", "defected", "flown", "found", "escorted", "drove", "driven", "took", "taken", "brought",
                "accompanied", "delivered", "across", "crossing", "crosses", "ashore", "washed", "rescued"),
    "sentenced": ("sentenc", "fined", "convicted", "jailed", "guilty", "given", "order", "prison"),
    "died": ("died", "dies", "drown", "froze", "frozen", "killed", "shot", "dead", "body", "bodies", "perished", "lost",
             "deaths", "executed", "to death"),
    "at_risk": ("risk", "face", "facing", "await", "danger", "not to", "halt", "stop", "suspend", "prevent",
                "asked", "demanded",
                "requested", "press"),
}


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
