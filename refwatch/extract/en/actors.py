"""Who holds the people (authorities) and who the report says told it (attributions), in English.

Authorities come out normalised ("China's border police" → "Chinese border police") so that
the assembler can read the country from the first word whatever the report's language.
Attributions follow the wire formulas: "X said", "said X", "according to X", "X told Y on
condition of anonymity, Z reported" (a chain: X, then Y, then Z).
"""

from __future__ import annotations

import re

from refwatch.extract.mentions import Span
from refwatch.extract.regex_guard import lowercase_compile
from refwatch.extract.regex_guard import lowered as lowered_text

_NATIONALITIES = {
    "chinese": "Chinese", "china's": "Chinese", "china": "Chinese", "vietnamese": "Vietnamese",
    "vietnam's": "Vietnamese",
    "lao": "Lao", "laotian": "Lao", "laos'": "Lao", "thai": "Thai", "thailand's": "Thai", "mongolian": "Mongolian",
    "mongolia's": "Mongolian", "cambodian": "Cambodian", "cambodia's": "Cambodian", "russian": "Russian",
    "russia's": "Russian", "japanese": "Japanese", "japan's": "Japan", "japan": "Japan", "burmese": "Burmese",
    "myanmar": "Myanmar", "malaysian": "Malaysian", "indonesian": "Indonesian", "philippine": "Philippine",
    "north korean": "North Korean", "south korean": "South Korean", "kyrgyz": "Kyrgyz", "uzbek": "Uzbek",
}
_CAPITALISED = (" ".join(w[:1].upper() + w[1:] for w in key.split()) for key in _NATIONALITIES)
_NATIONALITY = "|".join(sorted(map(re.escape, _CAPITALISED), key=len, reverse=True))
_BODY = (
    r"border\s+guards?|border\s+troops|border\s+police|border\s+officers|border\s+patrol|immigration\s+police"
    r"|immigration\s+authorities|immigration\s+officers?|immigration\s+officials|public\s+security(?:\s+bureau)?"
    r"|security\s+(?:officials|police|forces)|coast\s+guard|police|authorities|army|military|soldiers|troops"
    r"|(?:provincial\s+|regional\s+|district\s+|people's\s+|criminal\s+)?court|custody|detention(?:\s+(?:centres?"
    r"|centers?|facilit(?:y|ies)))?"
    r"|prisons?|jails?|cells?"
)
_AUTHORITY = re.compile(
    rf"\b(?:(?P<nat>{_NATIONALITY})\s+)?(?:(?P<place>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)(?:'s)?\s+)?(?P<body>(?i:{_BODY}))\b"
)
_NATIONAL_ACTOR = re.compile(r"\b(?P<nat>China|Vietnam|Laos|Thailand|Mongolia|Cambodia|Russia|Japan|Beijing|Hanoi"
                             r"|Vientiane)\b(?=\s+(?:has|had|have|sent|returned|handed|released|freed|deported"
                             r"|expelled|pushed|turned|detained|arrested))")
_CAPITALS = {"beijing": "China", "hanoi": "Vietnam", "vientiane": "Laos"}
_PLACE_OF_CUSTODY = re.compile(r"custody|detention|prison|jail|cell", re.I)
_LEADING_CONJUNCTION = re.compile(r"^(?:and|but|as|while)\s+", re.I)
_LEADING_ARTICLE = re.compile(r"^(?:an?|the)\s+", re.I)
_ANONYMOUS_KIND = re.compile(r"official|source|diplomat|officer|resident|person|contact", re.I)


_BODY_HINTS = ("police", "guard", "troop", "authorit", "immigration", "security", "court", "army", "military",
               "soldier", "custody", "detention", "prison", "jail", "cell", "officer", "patrol")


def find_authorities(sentence: str) -> list[Span]:
    found: list[Span] = []
    lowered = sentence.lower()
    bodies = _AUTHORITY.finditer(sentence) if any(h in lowered for h in _BODY_HINTS) else iter(())
    for m in bodies:
        nat = _NATIONALITIES.get((m.group("nat") or "").lower(), "")
        place = m.group("place") or ""
        if place.lower() in ("the", "a", "an", "local", "state") or place.lower() in _NATIONALITIES:
            place = ""
        body = " ".join(m.group("body").split())
        if not nat and not place and body.lower() in ("court", "army", "military", "soldiers", "troops"):
            continue
        if not nat and _PLACE_OF_CUSTODY.match(body):
            continue
        if nat == "North Korean" or nat == "South Korean":
            continue  # receivers or the people's own state, not who holds them abroad
        words = [w for w in (nat, place, body.lower()) if w]
        text = " ".join(words)
        if nat == "Japan" and body.lower() == "coast guard":
            text = "Japan Coast Guard"
        found.append(Span(m.start(), m.end(), text))
    for m in _NATIONAL_ACTOR.finditer(sentence):
        name = m.group("nat")
        found.append(Span(m.start(), m.end(), _CAPITALS.get(name.lower(), name)))
    found.sort(key=lambda s: s.start)
    return found


_SPEECH_HINTS = ("said", "says", "told", "report", "added", "confirm", "stressed", "wrote", "claim", "estimat",
                 "believe", "announc", "quoted", "according")
_SPEECH = r"(?:said|says|told|reported|added|confirmed|stressed|wrote|claimed|estimated|believes|announced|quoted)"
_ANONYMOUS = lowercase_compile(
    r"on\s+condition\s+of\s+anonymity|(?:asking|asked|who\s+asked|declined"
    r"|refused)\s+(?:not\s+)?(?:to\s+be\s+)?(?:named|identified)"
    r"|asked\s+not\s+to\s+be|not\s+authori[sz]ed\s+to\s+speak|speaking\s+anonymously|who\s+asked\s+that\s+(?:his"
    r"|her)\s+name",
)
# Matched on the lower-cased sentence (much faster than IGNORECASE); the source is cut from the sentence itself.
_ACCORDING = lowercase_compile(r"\baccording\s+to\s+(?P<src>[^,.;:()\"“”]{3,90})")
_SUBJECT_SAID = lowercase_compile(
    rf"(?:^|[,;]\s+|[\"”]\s*)(?P<src>(?:an?|the|two|three|several)?\s*[^,.;:\"“”]{{2,70}}?)\s+{_SPEECH}\b"
)
_SAID_SUBJECT = re.compile(
    rf"[,\"”]\s*{_SPEECH}\s+(?P<src>(?:an?\s+|the\s+)?[A-Z][^,.;:\"“”]{{2,80}}|an?\s+[^,.;:\"“”]{{2,80}}"
    rf"|the\s+[^,.;:\"“”]{{2,80}})"
)
_TOLD = re.compile(r"\btold\s+(?P<dst>(?:the\s+)?[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,4})")
_NOT_SOURCES = re.compile(
    r"^(?:he|she|they|it|we|i|you|this|that|there|which|who|what|the\s+group|group|officials?\s+and|and|but|as|so"
    r"|police\s+also|it\s+was|which\s+it)$|^(?:he|she|they|it|we|i)\s",
    re.I,
)


_SOURCE_LIKE = re.compile(
    r"\b(?:officials?|spokes(?:man|woman|person)|ministry|police|sources?|diplomats?|activists?|groups?|agency"
    r"|officers?"
    r"|lawyer|workers?|residents?|witness(?:es)?|contacts?|partners|relatives|father|mother|husband|wife|clerk|court"
    r"|guards?|broker|volunteer|researcher|director|coordinator|statement|media|newspaper|government|embassy|consulate"
    r"|office|authorit(?:y|ies)|committee|council|rapporteurs?|UNHCR|investigator|analysts?|experts?|people|person"
    r"|missionary|pastor|NGO|network|organi[sz]ation|chiefs?|staff|troops|military|coast\s+guard)\b"
    r"|^(?:[A-Z][\w'’.\-]*)(?:\s+(?:[A-Z][\w'’.\-]*|of|the|for|and))*$"
)


def _clean_source(text: str) -> str:
    text = " ".join(text.split()).strip(" -–—'\"")
    text = _LEADING_CONJUNCTION.sub("", text)
    text = _LEADING_ARTICLE.sub("", text)
    return text


def find_attributions(sentence: str) -> list[Span]:
    """Sources in chain order: the speaker first, then the outlet told, then the outlet that carried it."""
    found: list[Span] = []
    lowered = lowered_text(sentence)
    if not any(hint in lowered for hint in _SPEECH_HINTS):
        return found
    anonymous = bool(_ANONYMOUS.search(lowered))
    for pattern, text in ((_SUBJECT_SAID, lowered), (_SAID_SUBJECT, sentence), (_ACCORDING, lowered)):
        for m in pattern.finditer(text):
            source = _clean_source(sentence[m.start("src") : m.end("src")])
            if not source or _NOT_SOURCES.search(source) or len(source.split()) > 12 or not _SOURCE_LIKE.search(source):
                continue
            if anonymous and _ANONYMOUS_KIND.search(source):
                source += " (anonymous)"
            found.append(Span(m.start("src"), m.end("src"), source))
    for m in _TOLD.finditer(sentence):
        found.append(Span(m.start("dst"), m.end("dst"), _clean_source(m.group("dst"))))
    found.sort(key=lambda s: s.start)
    unique: list[Span] = []
    for span in found:
        if not any(span.text.lower() == u.text.lower() for u in unique):
            unique.append(span)
    return unique
