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
from refwatch.extract.regex_guard import lowercase_compile as _ci
from refwatch.extract.regex_guard import lowered

_BACKGROUND = _ci(
    r"\b(?:recall(?:ing|ed|s)?|pointed\s+to|point\s+to|the\s+(?:\d{4}\s+)?case\s+(?:of|in\s+which)"
    r"|a\s+case\s+in\s+which"
    r"|in\s+the\s+past|previously|follows\s+the|following\s+the|(?:came|comes)\s+(?:\w+\s+){0,4}?(?:after|amid)"
    r"|(?:after|following|amid)\s+reports\b|(?:a\s+)?separate\s+group|since\s+(?:\w+\s+)?(?:19"
    r"|20)\d\d,\s+when"
    r"|(?:largest|biggest|worst|first)\s+(?:known\s+|single\s+)?(?:\w+\s+){0,2}since|a\s+year\s+earlier|years\s+earlier"
    r"|last\s+year's|the\s+previous\s+year|as\s+(?:it\s+)?(?:did|had\s+done)|similar\s+case|earlier\s+case|precedent"
    r"|second\s+tragedy|another\s+case|in\s+a\s+separate\s+case|not\s+the\s+first\s+time|documented\s+the"
    r"|have\s+documented"
    r"|had\s+documented|is\s+not\s+the\s+first|for\s+years|worried\s+activists\s+because|at\s+the\s+time\s+of"
    # aggregates over a period are statistics, not one incident
    r"|between\s+(?:\w+\s+)?(?:19|20)\d\d\s+and\s+(?:\w+\s+)?(?:19|20)\d\d|over\s+the\s+(?:past|last)\s+(?:\w+\s+)?(?:years|decade)"
    r"|(?:each|every|per)\s+year|in\s+total|a\s+total\s+of|so\s+far\s+this\s+year|(?:first|second)\s+(?:half|quarter)"
    r"|between\s+(?:January|February|March|April|May|June|July|August|September|October|November)\s+and\s+[A-Z]"
    # another group or an earlier time of one person ("five other North Koreans", "sent back once before")
    r"|(?<!with\s)other\s+(?:North\s+Koreans?|defectors|escapees|refugees|detainees)|another\s+group|once\s+before)\b"
)
_GROUP_OPENING = _ci(
    r"^\W*(?:the\s+group|the\s+family|the\s+(?:four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|nineteen|twenty|\d+|two|three)\b(?!\s+(?:countries|governments|sides|years|months|weeks|days))"
    r"|they\b|their\b|these\b|all\s+(?:\w+\s+)?(?:of\s+them|eleven|four|five|six|seven|eight|nine|ten|\d+)"
    r"|the\s+other\s+\w+|the\s+(?:siblings|brother|sister|couple|women|men|detainees|survivors|returnees|youngsters"
    r"|families|soldiers|workers))"
)
_PART_OF_GROUP = _ci(r"\b(?:were|was)\s+(?:part\s+of|among)\b")
_HEDGED = _ci(
    r"\b(?:could\s+not\s+(?:immediately\s+)?(?:be\s+)?(?:confirm|verify|independently)|unconfirmed|reportedly|allegedly"
    r"|is\s+said\s+to|are\s+said\s+to|were\s+said\s+to|believed\s+to|it\s+is\s+believed|rumou?r"
    r"|not\s+been\s+able\s+to\s+confirm"
    r"|could\s+not\s+be\s+reconciled|hearsay|appeared\s+to)\b"
)
_REPORTING = _ci(
    r"\b(?:said|says|told|reported|added|announced|confirmed|stated|wrote|briefed|quoted|disclosed|revealed|urged"
    r"|appealed)\b")
_ORIGIN_BEFORE = _ci(
    r"\b(?:from|out\s+of|left|leaving|fled|escaped\s+from|native\s+of|originally\s+from)\s+(?:the\s+)?"
    r"(?:(?!near\b|in\b|at\b|to\b|and\b|into\b|outside\b)\w+\s+){0,4}$"
)
_DESTINATION_BEFORE = _ci(
    r"\b(?:to|into|toward|towards|for|bound\s+for|headed\s+for|heading\s+for|on\s+to|onto|reach|reached|reaching)\s+"
    r"(?:the\s+|a\s+)?(?:[\w'’\-]+\s+){0,5}$"
)
_LOCATIVE_BEFORE = _ci(r"\b(?:in|at|near|outside|off)\s+(?:\w+\s+){0,3}$")
_ORIGIN_AFTER_FROM = _ci(r"\b(?:from|left|leaving|fled)\s+(?:the\s+)?(?:\w+\s+){0,4}$")


_SEQUENCE = _ci(r"\b(?:later|subsequently|afterwards|eventually)\b")
_COORDINATED = re.compile(r"\band\b|\bthen\b|,\s*$|,\s+(?:while|whereas)\b")  # "…, while the other three were handed"
_CLAUSE_SPLIT = re.compile(r"[,;:()]|\s[-–—]\s|\band\b")


def shares_adjuncts(between: str) -> bool:
    """Coordinated verbs share a date or place ("released them on Nov. 20 and handed them…"), unless the
    words between tell a sequence ("apprehended … late last month and later expelled them")."""
    return bool(_COORDINATED.search(between)) and not _SEQUENCE.search(lowered(between))


_BACKGROUND_HINTS = ("recall", "point", "case", "past", "previous", "follow", "came after", "comes after", "since",
                     "earlier", "year", "as it", "as had", "precedent", "tragedy", "separate", "first", "documented",
                     "worried", "at the time", "between", "over the", "in total", "so far", "did", "other", "another",
                     "once before", "total", "half", "quarter", "came", "comes", "reports", "separate")
# Where a clause starts inside a sentence: a recalled case told after ", adding that" leaves the clause
# before it (the story's own news) main.
_CLAUSE_CUT = _ci(r",\s+(?:adding|saying|noting|and|but|while|whereas)\b|;|\s[-–—]\s")


# "It happened on Dec. 4": a sentence that only dates the event told just before ("earlier this month").
_DATES_PREVIOUS = _ci(
    r"^\W*(?:(?:[\w'’\-]+\s+){1,8}?(?:said|says|added|confirmed|reported)\s+(?:that\s+)?)?"
    r"(?:it|this|that|the\s+(?:arrests?|raids?|detentions?|incident|crackdown|capture|hand-?over|repatriation"
    r"|deportation|crossing|shooting|killing|deaths?))\s+(?:all\s+)?(?:happened|took\s+place|occurred|was\s+on|came\s+on"
    r"|(?:was|were)\s+made)\b"
)


# "31 Myanmar migrants", "the migrants": people of another nation caught on the same routes are not this
# codebook's subjects.
_OTHER_NATIONALS = _ci(
    r"\b(?:myanmar|burmese|cambodian|lao|laotian|vietnamese|chinese|thai|south\s+korean|russian|mongolian|uyghur"
    r"|bangladeshi|rohingya|indian|nepali|pakistani)\s+(?:migrants|nationals|workers|citizens|tourists|fishermen"
    r"|job\s?seekers|labou?rers)\b|^\W*(?:the|these|those)\s+migrants\b"
)


# "China has increasingly been sending them back", "a growing number of … are returned": a trend, no event.
_TREND = _ci(r"\b(?:increasingly|a\s+growing\s+number\s+of|growing\s+numbers\s+of|more\s+and\s+more|on\s+the\s+rise"
             r"|a\s+(?:growing|rising)\s+trend|(?:is|are|has\s+been)\s+(?:rising|growing|increasing)\b"
             # a tally over a period: "China has forcibly returned more than 2,000 North Koreans since 2020"
             r"|\b(?:has|have)\s+(?:\w+\s+)?(?:returned|repatriated|sent|deported)\b[^.;]{0,60}?(?<![,;])\s+since\b)")


_VOLUNTARY = _ci(r"\b(?:expressed|voiced|stated|repeated)\s+(?:a|their|his|her)\s+(?:wish|desire|will)\s+to\s+(?:return"
                 r"|go)\s+(?:home|back)|\b(?:wished|wanted|asked|chose|decided|opted)\s+to\s+(?:return|go)\s+(?:home"
                 r"|back)|\bvoluntar(?:ily|y)\s+(?:return|repatriat)|\bat\s+their\s+own\s+request\b")


def voluntary_return(sentence: str) -> bool:
    return bool(_VOLUNTARY.search(lowered(sentence)))


def trend(sentence: str) -> bool:
    return bool(_TREND.search(lowered(sentence)))


def other_people(count_text: str) -> bool:
    """True when the people a count names are not North Koreans ("31 Myanmar migrants")."""
    return bool(_OTHER_NATIONALS.search(lowered(count_text)))


def dates_previous(sentence: str) -> bool:
    """True for a sentence whose date refines the event told in the sentence before."""
    return bool(_DATES_PREVIOUS.match(lowered(sentence)))


def background_cue(sentence: str) -> bool:
    low = lowered(sentence)
    return any(hint in low for hint in _BACKGROUND_HINTS) and bool(_BACKGROUND.search(low))


def background_cue_start(sentence: str) -> int:
    """Where the clause that recalls another case begins (0: the whole sentence)."""
    low = lowered(sentence)
    cue = _BACKGROUND.search(low)
    if cue is None:
        return 0
    cuts = [m.end() for m in _CLAUSE_CUT.finditer(low, 0, cue.start())]
    return cuts[-1] if cuts else 0


def refers_to_group(sentence: str) -> bool:
    low = lowered(sentence)
    return bool(_GROUP_OPENING.search(low) or _PART_OF_GROUP.search(low[:80]))


def hedged(sentence: str) -> bool:
    return bool(_HEDGED.search(lowered(sentence)))


def reporting_spans(sentence: str) -> list[Span]:
    return [Span(m.start(), m.end(), sentence[m.start() : m.end()]) for m in _REPORTING.finditer(lowered(sentence))]


_DATELINE = re.compile(r"^[A-Z][A-Za-z0-9 .,'/\-]{0,60}?(?:\([^)]{1,60}\)\s*){1,2}[-–—]\s*"
                       r"|^[A-Z][A-Z .'\-]{2,40}(?:,[^-–—]{0,30})?\s[-–—]\s")
_NAME_AFTER = re.compile(r"^\s+(?!(?:Province|Prefecture|County|City|District|Region|River|Island|Peninsula|Strait"
                         r"|Bay|Airport"
                         r"|International|Crossing|Bridge|Station)\b)[A-Z][a-z]")
# ("Police Colonel Somchai", but not "Police in Luang Namtha province")
_TITLE_BEFORE = re.compile(r"\b(?:Mr|Ms|Mrs|Dr|Major|Colonel|Col|Lt|Capt|Sgt|Pastor|Rep|Sen|Gen"
                           r"|Police\s+(?!(?:in|at|of|from|near)\b)\w+|Officer)\.?\s+$")
_CAPITALS = r"(?:Beijing|Seoul|Pyongyang|Hanoi|Tokyo|Moscow|Bangkok|Vientiane|Washington|Phnom\s+Penh|Ulaanbaatar)"
_CAPITAL_NAME = re.compile(_CAPITALS)
_METONYM_AFTER = re.compile(
    r"^(?:'s?\s+(?:government|officials?|approach|position|response|low-key|foreign|embassy\s+said)|\s+(?:has|have"
    r"|had|said|says|did|does|chose"
    r"|refused|urged|asked|would|will|should|could|not|only|treats|handled|denied|insists|wants|argues|agreed"
    r"|keeps|kept|maintains|regards|considers|views|sees|recogni[sz]es|backs|lets))\b"
)
_METONYM_BEFORE = _ci(r"\b(?:asked|urged|pressed|told|called\s+on|wrote\s+to|appeal(?:ed)?\s+to|between|with)\s+$")
_SOURCE_AFTER = re.compile(r"^[^,.;]{0,30}?\b(?:said|says|told|reported|announced|estimated|confirmed)\b")
_SOURCE_BEFORE = _ci(r"\b(?:group|groups|official|officials|activists?|sources?|ministry|NGO|organi[sz]ation"
                     r"|network|lawyer|residents?|broker|relative|contact|trader|person|people|man|woman)"
                     r"\s+in\s+$")
_RESIDENCE_BEFORE = _ci(r"\bwho\s+had\s+(?:worked|lived|been\s+living|been\s+working)\s+(?:\w+\s+){0,2}?in\s+"
                        r"(?:the\s+)?$")
_SPEECH_BEFORE = _ci(r"\b(?:statement|speech|briefing|news\s+conference|press\s+conference|told\s+reporters|said|says"
                     r"|speaking|spoke|testified|remarks)\s+(?:(?:issued|released|published|given|held|made|delivered)\s+)?"
                     r"(?:in|at|from)\s+(?:the\s+)?$")
_EMBASSY_BEFORE = _ci(r"\b(?:embassy|consulate|mission)(?:\s+general)?\s+(?:in|at)\s+(?:the\s+)?(?:\w+\s+){0,3}$")


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
    low_before = lowered(before)
    if _CAPITAL_NAME.fullmatch(place.text) and (_METONYM_AFTER.match(after) or _METONYM_BEFORE.search(low_before)):
        return True
    if _RESIDENCE_BEFORE.search(low_before):
        return True  # "The man, who had worked in Vladivostok since 2019, was stopped in Moscow"
    if _SPEECH_BEFORE.search(low_before):
        return True  # "said in a statement issued in Geneva": where it was said, not where it happened
    return bool(_SOURCE_BEFORE.search(low_before) and _SOURCE_AFTER.match(after))


def place_roles(sentence: str, places: list[PlaceMention]) -> list[str | None]:
    roles: list[str | None] = []
    for index, place in enumerate(places):
        before = sentence[max(0, place.start - 60) : place.start]
        low_before = lowered(before)
        if _ignored(sentence, place) or _WISH_OR_EVENT_BEFORE.search(low_before) or _EVENT_AFTER.match(
            sentence, place.end
        ):
            roles.append("ignore")  # "wanted to go to South Korea", "the Asian Games in Hangzhou"
            continue
        if _EMBASSY_BEFORE.search(low_before):
            roles.append("destination")
            continue
        clause = lowered(_CLAUSE_SPLIT.split(before)[-1] + " ")
        if _ORIGIN_BEFORE.search(low_before) and _ORIGIN_AFTER_FROM.search(clause):
            # "Border troops from the Zamyn-Uud outpost": where the finders serve, not where the people came from
            roles.append(None if _OFFICIALS_FROM.search(low_before) else "origin")
        elif _DESTINATION_BEFORE.search(clause) and not _LOCATIVE_BEFORE.search(clause):
            roles.append("destination")
        elif index and roles[-1] in ("origin", "destination") and _APPOSITION.fullmatch(
            sentence, places[index - 1].end, place.start
        ) and places[index - 1].country == place.country:
            # (not "crossed … from Laos in Chiang Rai province": a place in another country is where it happened)
            roles.append(roles[-1])  # "from Malipo in China's Yunnan province": the province is the origin too
        else:
            roles.append(None)
    return roles


_OFFICIALS_FROM = _ci(r"\b(?:troops|guards?|police|officers|officials|soldiers|patrols?|units?|agents|rangers)"
                      r"\s+from\s+(?:the\s+)?(?:[\w'’\-]+\s+){0,3}$")
_APPOSITION = re.compile(r"(?:,\s*|\s+in\s+|['’]s\s+)(?:the\s+)?(?:[A-Z][\w'’\-]*\s+){0,2}")
_WISH_OR_EVENT_BEFORE = _ci(
    r"\b(?:want|wants|wanted|wish|wished|wishes|hope|hoped|hoping|asked|plan|planned|planning|intend|intended)\s+to\s+"
    r"(?:go|travel|be\s+sent|settle|defect|move|resettle|fly)\s+(?:on\s+)?to\s+(?:the\s+)?$"
    r"|\b(?:games|olympics|summit|talks|expo|forum|conference|festival)\s+in\s+$"
)
_EVENT_AFTER = re.compile(r"(?:'s)?\s+(?:Asian\s+Games|Olympics|Olympic\s+Games|Expo|summit)\b")
