"""English cues about how a sentence sits in the story, for the language-independent assembler.

- `background_cue`: the sentence recalls another case ("recalling the 2013 case in which…",
  "follows the repatriation of…", "the largest known return since February 2012, when…").
- `refers_to_group`: the sentence opens on the story's own group ("The group…", "They…",
  "The eleven were part of…", "The four were first caught…"), so its events are never background.
- `hedged`: the claim is reported as unconfirmed ("could not confirm", "reportedly").
- `reporting_spans`: speech verbs; a date next to "said" is the date of saying, not of the event.
- `place_roles`: "from Onsong" is an origin, "to Tumen" a destination.
"""

from __future__ import annotations

import re

from refwatch.extract.mentions import PlaceMention, Span

_BACKGROUND = re.compile(
    r"\b(?:recall(?:ing|ed|s)?|pointed\s+to|point\s+to|the\s+(?:\d{4}\s+)?case\s+(?:of|in\s+which)"
    r"|a\s+case\s+in\s+which"
    r"|in\s+the\s+past|previously|follows\s+the|following\s+the|came\s+after|comes\s+after|since\s+(?:\w+\s+)?(?:19"
    r"|20)\d\d,\s+when"
    r"|(?:largest|biggest|worst|first)\s+(?:known\s+|single\s+)?(?:\w+\s+){0,2}since|a\s+year\s+earlier|years\s+earlier"
    r"|last\s+year's|the\s+previous\s+year|as\s+(?:it\s+)?(?:did|had\s+done)|similar\s+case|earlier\s+case|precedent"
    r"|second\s+tragedy|another\s+case|in\s+a\s+separate\s+case|not\s+the\s+first\s+time|documented\s+the"
    r"|have\s+documented"
    r"|had\s+documented|is\s+not\s+the\s+first|for\s+years|worried\s+activists\s+because|at\s+the\s+time\s+of"
    # aggregates over a period are statistics, not one incident
    r"|between\s+(?:\w+\s+)?(?:19|20)\d\d\s+and\s+(?:\w+\s+)?(?:19|20)\d\d|over\s+the\s+(?:past|last)\s+(?:\w+\s+)?(?:years|decade)"
    r"|(?:each|every|per)\s+year|in\s+total|so\s+far\s+this\s+year)\b",
    re.I,
)
_GROUP_OPENING = re.compile(
    r"^\W*(?:the\s+group|the\s+family|the\s+(?:four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|nineteen|twenty|\d+|two|three)\b(?!\s+(?:countries|governments|sides|years|months|weeks|days))"
    r"|they\b|their\b|these\b|all\s+(?:\w+\s+)?(?:of\s+them|eleven|four|five|six|seven|eight|nine|ten|\d+)"
    r"|the\s+other\s+\w+|the\s+(?:siblings|brother|sister|couple|women|men|detainees|survivors|returnees|youngsters))",
    re.I,
)
_PART_OF_GROUP = re.compile(r"\b(?:were|was)\s+(?:part\s+of|among)\b", re.I)
_HEDGED = re.compile(
    r"\b(?:could\s+not\s+(?:immediately\s+)?(?:be\s+)?(?:confirm|verify|independently)|unconfirmed|reportedly|allegedly"
    r"|is\s+said\s+to|are\s+said\s+to|were\s+said\s+to|believed\s+to|it\s+is\s+believed|rumou?r"
    r"|not\s+been\s+able\s+to\s+confirm"
    r"|could\s+not\s+be\s+reconciled|hearsay|appeared\s+to)\b",
    re.I,
)
_REPORTING = re.compile(
    r"\b(?:said|says|told|reported|added|announced|confirmed|stated|wrote|briefed|quoted|disclosed|revealed)\b", re.I
)
_ORIGIN_BEFORE = re.compile(
    r"\b(?:from|out\s+of|left|leaving|fled|escaped\s+from|native\s+of|originally\s+from)\s+(?:the\s+)?"
    r"(?:(?!near\b|in\b|at\b|to\b|and\b|into\b|outside\b)\w+\s+){0,4}$",
    re.I,
)
_DESTINATION_BEFORE = re.compile(
    r"\b(?:to|into|toward|towards|for|bound\s+for|headed\s+for|heading\s+for|on\s+to|onto|reach|reached|reaching)\s+"
    r"(?:the\s+|a\s+)?(?:[\w'’\-]+\s+){0,5}$",
    re.I,
)
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|near|outside|off)\s+(?:\w+\s+){0,3}$", re.I)
_ORIGIN_AFTER_FROM = re.compile(r"\b(?:from|left|leaving|fled)\s+(?:the\s+)?(?:\w+\s+){0,4}$", re.I)


def shares_adjuncts(between: str) -> bool:
    """Coordinated verbs share a date or place ("released them on Nov. 20 and handed them…")."""
    return bool(re.search(r"\band\b|\bthen\b|,\s*$", between))


_BACKGROUND_HINTS = ("recall", "point", "case", "past", "previous", "follow", "came after", "comes after", "since",
                     "earlier", "year", "as it", "as had", "precedent", "tragedy", "separate", "first", "documented",
                     "worried", "at the time", "between", "over the", "in total", "so far", "did")


def background_cue(sentence: str) -> bool:
    lowered = sentence.lower()
    return any(hint in lowered for hint in _BACKGROUND_HINTS) and bool(_BACKGROUND.search(sentence))


def refers_to_group(sentence: str) -> bool:
    return bool(_GROUP_OPENING.search(sentence) or _PART_OF_GROUP.search(sentence[:80]))


def hedged(sentence: str) -> bool:
    return bool(_HEDGED.search(sentence))


def reporting_spans(sentence: str) -> list[Span]:
    return [Span(m.start(), m.end(), m.group(0)) for m in _REPORTING.finditer(sentence)]


_DATELINE = re.compile(r"^[A-Z][A-Za-z0-9 .,'\-]{0,60}?\([^)]{1,60}\)\s*[-–—]\s*"
                       r"|^[A-Z][A-Z .'\-]{2,40}(?:,[^-–—]{0,30})?\s[-–—]\s")
_NAME_AFTER = re.compile(r"^\s+(?!(?:Province|Prefecture|County|City|District|Region|River|Island|Peninsula|Strait"
                         r"|Bay|Airport"
                         r"|International|Crossing|Bridge|Station)\b)[A-Z][a-z]")
_TITLE_BEFORE = re.compile(r"\b(?:Mr|Ms|Mrs|Dr|Major|Colonel|Col|Lt|Capt|Sgt|Pastor|Rep|Sen|Gen|Police\s+\w+"
                           r"|Officer)\.?\s+$")
_CAPITALS = r"(?:Beijing|Seoul|Pyongyang|Hanoi|Tokyo|Moscow|Bangkok|Vientiane|Washington|Phnom\s+Penh|Ulaanbaatar)"
_METONYM_AFTER = re.compile(
    r"^(?:'s?\s+(?:government|officials?|approach|position|response|low-key|foreign|embassy\s+said)|\s+(?:has|have"
    r"|had|said|says|did|does|chose"
    r"|refused|urged|asked|would|will|should|could|not|only|treats|handled|denied|insists|wants|argues|agreed))\b"
)
_METONYM_BEFORE = re.compile(r"\b(?:asked|urged|pressed|told|called\s+on|wrote\s+to|appeal(?:ed)?\s+to|between"
                             r"|with)\s+$", re.I)
_SOURCE_AFTER = re.compile(r"^[^,.;]{0,30}?\b(?:said|says|told|reported|announced|estimated|confirmed)\b")
_SOURCE_BEFORE = re.compile(r"\b(?:group|groups|official|officials|activists?|sources?|ministry|NGO|organi[sz]ation"
                            r"|network|lawyer|residents?)\s+in\s+$", re.I)
_EMBASSY_BEFORE = re.compile(r"\b(?:embassy|consulate|mission)(?:\s+general)?\s+(?:in"
                             r"|at)\s+(?:the\s+)?(?:\w+\s+){0,3}$", re.I)


def _ignored(sentence: str, place: PlaceMention) -> bool:
    """Places that are not where anything happened: datelines, outlets, people's names, capitals as governments."""
    dateline = _DATELINE.match(sentence)
    if dateline and place.start < dateline.end():
        return True
    after, before = sentence[place.end : place.end + 40], sentence[max(0, place.start - 40) : place.start]
    if " " not in place.text and _NAME_AFTER.match(after):
        return True  # "Anna Sokolova", "Tumen Watch", "Mekong Wire"
    if _TITLE_BEFORE.search(before):
        return True
    if re.fullmatch(_CAPITALS, place.text) and (_METONYM_AFTER.match(after) or _METONYM_BEFORE.search(before)):
        return True
    return bool(_SOURCE_BEFORE.search(before) and _SOURCE_AFTER.match(after))


def place_roles(sentence: str, places: list[PlaceMention]) -> list[str | None]:
    roles: list[str | None] = []
    for place in places:
        before = sentence[max(0, place.start - 60) : place.start]
        if _ignored(sentence, place):
            roles.append("ignore")
            continue
        if _EMBASSY_BEFORE.search(before):
            roles.append("destination")
            continue
        clause = re.split(r"[,;:()]|\s[-–—]\s|\band\b", before)[-1] + " "
        if _ORIGIN_BEFORE.search(before) and _ORIGIN_AFTER_FROM.search(clause):
            roles.append("origin")
        elif _DESTINATION_BEFORE.search(clause) and not _LOCATIVE_BEFORE.search(clause):
            roles.append("destination")
        else:
            roles.append(None)
    return roles
