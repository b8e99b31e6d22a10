"""How many people an English sentence speaks of: digits, number words, qualifiers, minors.

Finds "10 defectors", "nine of the ten", "a family of three", "more than 500 North Koreans",
"seven women, three men and a nine-year-old boy" (a sum, with one minor), "four of them
children", "an 11-month-old baby", "hundreds of North Koreans" (vague: no value) and the
singular "a North Korean woman" or "she". Ages ("a 31-year-old man") are never counts.
Number words go through our own table; compound words ("twenty-three") through text2num.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from text_to_num import text2num

from refwatch.extract.mentions import CountMention
from refwatch.extract.regex_guard import guarded, lowercase_compile, lowered
from refwatch.types import CountQualifier

_UNITS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen"
    " eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_WORD_VALUES = {word: i + 1 for i, word in enumerate(_UNITS)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_WORD_VALUES |= {"dozen": 12, "a dozen": 12, "a hundred": 100, "hundred": 100}

_UNIT_RE = "|".join(sorted(_UNITS, key=len, reverse=True))
_NUMBER_WORDS = rf"(?:(?:{'|'.join(_TENS)})(?:[- ](?:{_UNIT_RE}))?|{_UNIT_RE}|a dozen|dozen)(?:\s+hundred)?"
NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?i:{_NUMBER_WORDS}))"

_QUALIFIERS: dict[str, CountQualifier] = {
    "about": "about", "around": "about", "roughly": "about", "approximately": "about", "some": "about",
    "nearly": "about", "almost": "about", "an estimated": "about", "estimated": "about", "close to": "about",
    "just under": "about", "an approximate": "about", "more than": "at_least", "over": "at_least",
    "at least": "at_least", "upwards of": "at_least", "no fewer than": "at_least", "not less than": "at_least",
    "just over": "at_least", "as many as": "up_to", "up to": "up_to", "no more than": "up_to",
    "fewer than": "up_to", "less than": "up_to", "under": "up_to",
}
_QUALIFIER_BEFORE = re.compile(
    r"\b({})\s+(?:the\s+|a\s+)?$".format("|".join(sorted(map(re.escape, _QUALIFIERS), key=len, reverse=True))), re.I
)

_OR_MORE = re.compile(rf"{NUMBER}\s+or\s+more\b|\d+\s*\+|\d+-plus", re.I)
_PEOPLE = (
    r"North\s+Koreans?|South\s+Koreans?|Koreans|defectors?|escapees?|refugees?|asylum[- ]seekers?|people|persons?"
    r"|individuals|women|men|workers?|teenagers?|youths?|children|kids|minors|adults|detainees?|members"
    r"|migrants|returnees|survivors|girls|boys|orphans|students|siblings|nationals|citizens|fugitives"
    r"|captives|prisoners|inmates|passengers|crew|family\s+members|relatives|escapers|deportees|soldiers|fishermen"
    r"|sailors|seamen|labou?rers|loggers"
)
_MINOR_NOUNS = r"children|kids|minors|girls|boys|orphans|babies|infants|toddlers"
_MINOR_NOUN_RE = re.compile(_MINOR_NOUNS, re.I)
_MODIFIER = (
    r"(?:[A-Z][\w'\-]*|young|other|more|adult|female|male|elderly|teenage|fellow|undocumented|suspected"
    r"|restaurant|construction|factory|state-dispatched|female|male|ethnic|unaccompanied|further|additional"
    r"|[a-z]+-[a-z]+"
    # any other plain adjective ("two primary school-aged children"), but no word that ends a noun phrase
    r"|(?!(?:of|and|or|but|the|a|an|in|on|at|to|from|by|for|with|than|as|were|was|are|is|be|been|had|have|has"
    r"|who|that|which|more|times|years?|months?|weeks?|days?|hours?|minutes?|km|kilomet(?:er|re)s?|miles?"
    r"|meters?|metres?|percent|per|ago|later|earlier|after|before)\b)(?![a-z]+ed\b)(?!" + _NUMBER_WORDS + r"\b)"
    r"[a-z]{3,}\b)"
)
_AGE = rf"(?:(?P<age>\d+|{_UNIT_RE}|{'|'.join(_TENS)})[- ](?P<unit>year|month|week|day)s?[- ]old)"
_PERSON_ITEM_NOUNS = {
    "woman": (1, False), "women": (0, False), "man": (1, False), "men": (0, False), "boy": (1, True),
    "boys": (0, True), "girl": (1, True), "girls": (0, True), "child": (1, True), "children": (0, True),
    "baby": (1, True), "babies": (0, True), "infant": (1, True), "infants": (0, True), "toddler": (1, True),
    "son": (1, False), "sons": (0, False), "daughter": (1, False), "daughters": (0, False), "wife": (1, False),
    "husband": (1, False), "mother": (1, False), "father": (1, False), "brother": (1, False),
    "sister": (1, False), "brothers": (0, False), "sisters": (0, False), "grandmother": (1, False),
    "grandfather": (1, False), "teenager": (1, False), "teenagers": (0, False), "couple": (2, False),
    "adult": (1, False), "adults": (0, False), "minor": (1, True), "minors": (0, True), "niece": (1, False),
    "nephew": (1, False), "cousin": (1, False), "aunt": (1, False), "uncle": (1, False), "kid": (1, True),
    "kids": (0, True), "newborn": (1, True), "grandson": (1, False), "granddaughter": (1, False),
}
_ITEM_NOUN_RE = "|".join(sorted(_PERSON_ITEM_NOUNS, key=len, reverse=True))
_ITEM = (
    rf"(?:(?:(?:his|her|their|its)\s+)?(?P<det>{NUMBER}|a|an|one|his|her|their|the|its)\s+)?(?:{_AGE}\s+)?"
    rf"(?:(?P<teen>teenage|North\s+Korean|young|adult|elderly|baby|younger|older|elder)\s+)?(?P<noun>{_ITEM_NOUN_RE})\b"
    rf"(?:\s+(?:in\s+(?:his|her|their)\s+\w+|of\s+(?:about\s+|around\s+)?(?:\d{{1,2}}|[a-z]+)\b"
    rf"|from\s+the\s+same\s+\w+))?"
    rf"|(?P<det2>a|an)\s+{_AGE.replace('(?P<age>', '(?P<age2>').replace('(?P<unit>', '(?P<unit2>')}(?![- ]?\w)"
)
# Matched on the lower-cased sentence (positions are the same), which is much faster than IGNORECASE.
_ITEM_RE = lowercase_compile(_ITEM)
_ITEM_ANCHOR = lowercase_compile(rf"\b(?:{_ITEM_NOUN_RE})\b|[- ]old\b")
_WORD_START = re.compile(r"\b\w")
_ITEM_REACH = 50
_NUMBER_HINTS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                 "teen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "dozen",
                 "hundred")
_DIGIT = re.compile(r"\d")
_DIGITS = re.compile(r"\d+")
_SUB_LIST_BEFORE = re.compile(r"(?:including|among\s+them|among\s+whom|of\s+whom)\s*$")
# Words one of which each pattern needs: a sentence without them skips the pattern.
_VAGUE_HINTS = ("dozens", "hundreds", "thousands", "scores", "several", "few", "handful", "numerous", "many")
_ORDINAL_HINTS = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
                  "twelfth")
_GROUP_HINTS = ("group", "family", "party", "boatload", "band")
_TOTAL_HINTS = ("total", "numbering", "all")
_DETERMINERS = frozenset({"a", "an", "one", "his", "her", "their", "the", "its"})
_ITEM_HINTS = ("wom", "man", "men", "boy", "girl", "child", "bab", "infant", "toddler", "son", "daughter", "wife",
               "husband", "mother", "father", "brother", "sister", "teen", "couple", "adult", "minor", "niece",
               "nephew", "cousin", "aunt", "uncle", "kid", "newborn", "-old", " old")
_SEPARATOR = re.compile(r"\s*(?:,\s*and|,|and)\s+$")

_QUALIFIER_WORDS = "|".join(sorted(map(re.escape, _QUALIFIERS), key=len, reverse=True))
_GROUP_OF = re.compile(
    rf"\b(?:group|family|party|boatload|band)\s+of\s+(?:(?P<qual>{_QUALIFIER_WORDS})\s+)?(?P<num>{NUMBER})\b", re.I
)
# "two families totalling nine people", "a group numbering 14": the headcount of households or groups.
_TOTALLING = re.compile(
    rf"\b(?:totall?ing|numbering|with\s+a\s+total\s+of|in\s+all\s+of)\s+(?:(?P<qual>{_QUALIFIER_WORDS})\s+)?"
    rf"(?P<num>{NUMBER})\b", re.I
)
# A number that describes part of a group told just before ("…, including two teenagers", "among them a family
# of four", "The women, two of them sisters,"): children, perhaps, but not the group's headcount.
_PART_BEFORE = re.compile(r"(?:\bincluding|\bamong\s+them|\bamong\s+whom|\bof\s+whom)\s+(?:an?\s+|the\s+)?$", re.I)
_APPOSITION_PART = re.compile(r",\s*$")
_APPOSITION_AFTER = re.compile(
    r"\s+(?!(?:were|was|are|is|had|have|has|been|being|will|would|could|may|might|did|also|then)\b)"
    r"[a-z]+(?:\s+[a-z]+)?\s*[,—–-]"
)
_ADJECTIVE_NOUN = re.compile(r"North\s+Korean$|South\s+Korean$")
_LOWER_WORD_NEXT = re.compile(r"\s+[a-z]")
_TEEN = re.compile(r"\bteen(?:agers?|age\s+(?:boys?|girls?|sons?|daughters?))\b", re.I)
# Counts of the people a report quotes or relies on ("two people involved in the case said", "two of the
# sources"), not of the people it is about.
_ATTRIBUTION_AFTER = re.compile(
    r"\s*(?:involved|familiar|close\s+to|briefed|with\s+(?:direct\s+)?knowledge|who\s+(?:spoke|asked|declined)"
    r"|(?:have\s+|had\s+)?(?:said|say|says|told))\b", re.I
)
# "four relatives of people who had been held": the relatives are not the people the story counts.
# "interviews with more than 300 North Koreans": the people a report heard, not the people it is about.
_SURVEYED_BEFORE = re.compile(r"\b(?:interviews?\s+with|interviewed|surveyed|surveys?\s+of"
                              r"|testimon(?:y|ies)\s+(?:of|from)|accounts\s+(?:of|from))\s+(?:\w+\s+){0,3}$", re.I)
_RELATIVES = re.compile(r"(?:relatives|family\s+members|families|parents|lawyers)$", re.I)
_OF_OTHERS = re.compile(r"\s+(?:of|for)\s+", re.I)
_NON_PEOPLE_OF = re.compile(r"\s+of\s+(?:the|them|those|these)\s+(?:sources|officials|reports|groups|witnesses"
                            r"|residents|activists|organi[sz]ations|agencies|outlets)\b", re.I)
_PART_OF = re.compile(
    rf"\b(?P<num>{NUMBER})\s+of\s+(?:the|them|those|these|their)\b(?:\s+{NUMBER}\b)?"
    rf"(?P<minor>,?\s+(?:(?:are|were|being)\s+)?(?:{_MINOR_NOUNS}|under\s+(?:the\s+age\s+of\s+)?1[0-8]|aged\s+under))?",
    re.I,
)
_NUM_PEOPLE = guarded(
    rf"(?<![\w\-])(?P<num>{NUMBER})(?:\s+(?!of\b|and\b|the\b|in\b|on\b|at\b|to\b|from\b|were\b"
    rf"|was\b){_MODIFIER}){{0,3}}"
    rf"\s+(?P<noun>{_PEOPLE}|{_MINOR_NOUNS})\b",
)
# Where a number may begin, found on the lower-cased sentence: every start of a NUMBER is among these.
_NUMBER_START = guarded(rf"\b(?:\d|{_NUMBER_WORDS.replace('(?:', '(?:', 1)})")
_NUM_MORE = re.compile(rf"(?<![\w\-])(?P<num>{NUMBER})\s+(?:more|others)\b(?!\s+than)", re.I)
_DEFINITE = guarded(
    rf"\b(?:[Tt]he|[Aa]ll|[Aa]ll\s+the|[Aa]ll\s+of\s+the|[Tt]hese|[Tt]hose)\s+(?:(?:first|other|remaining|last|latter"
    rf"|former)\s+)?(?P<num>{NUMBER})\b"
    r"(?=\s*(?:[,.;:)–—]|\s-\s|$)|\s+(?:were|was|are|is|have|has|had|will|would|could|can|may|might|must|remain(?:ed"
    r"|s)?"
    r"|left|from|in|at|to|on|over|back|and|who|whom|include[ds]?|being|been|also|all|still|now|then|later"
    r"|first|arrested|detained|caught|held|handed|sent|returned|released|freed|arrived|reached|turned"
    r"|told|said|spent|entered|took|crossed|face|faced|drowned|died)\b)"
)
_VAGUE = guarded(
    rf"\b(?:dozens|hundreds|thousands|scores|several|a\s+few|a\s+handful|numerous|many)(?:\s+of)?"
    rf"(?:\s+{_MODIFIER}){{0,3}}\s+(?:{_PEOPLE})\b",
)
_SINGULAR = guarded(
    rf"\b(?:[Aa]n?|[Oo]ne|[Tt]he)\s+(?:{_AGE}\s+)?(?:(?:young|lone|single|female|male|pregnant)\s+)?"
    r"(?:North\s+Korean\s+(?:woman|man|worker|defector|teenager|student|mother|escapee|refugee|soldier"
    r"|construction\s+worker|restaurant\s+worker|fisherman|diplomat|girl|boy)"
    r"|North\s+Korean(?=\s*(?:[,.;]|who\b|was\b|has\b|had\b|is\b))|defector|escapee|refugee)\b"
    r"|\b(?:[Aa]n?|[Tt]he)\s+" + _AGE.replace("(?P<age>", "(?P<age3>").replace("(?P<unit>", "(?P<unit3>")
    + r"\s+(?:woman|man)\b"
    r"|\b[Tt]he\s+(?:man|woman|boy|girl|teenager|worker|defector)\b(?=\s*(?:,|was|is|had|has|who|and|said|\())"
)
_ORDINAL_ONE = re.compile(
    r"\b(?:a|the)\s+(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)\s+"
    r"(?:member|person|man|woman|one|defector|passenger|girl|boy)\b",
    re.I,
)
_PRONOUN = guarded(
    r"\b(?:[Ss]he|[Hh]e)\b(?!\s+(?:said|says|told|added|wrote|stressed|declined|asked|acknowledged))"
    r"|\b(?:him|her)\b(?=\s*(?:[,.;]|$|back|over|to\b|in\b|at\b|on\b|from\b|across|into|after|before|go\b))"
)
_AGES_LIST = guarded(r"\baged\s+(?P<ages>\d+(?:\s*,\s*\d+)*\s*,?\s*and\s+\d+|\d+)\b")


@lru_cache(maxsize=4096)
def number_value(text: str) -> int | None:
    """The integer a number written in digits or English words stands for, or None."""
    cleaned = " ".join(text.lower().replace(",", "").split())
    if cleaned.isdigit():
        return int(cleaned)
    if cleaned in _WORD_VALUES:
        return _WORD_VALUES[cleaned]
    words = cleaned.replace("a dozen", "twelve").replace("-", " ")
    try:
        return int(text2num(words, "en"))
    except ValueError:
        return None


def _age_years(number: str | None, unit: str | None) -> int | None:
    if number is None:
        return None
    value = number_value(number)
    if value is None:
        return None
    return value if (unit or "year").lower() == "year" else 0


def _qualifier(sentence: str, start: int, default: CountQualifier = "exact") -> CountQualifier:
    match = _QUALIFIER_BEFORE.search(sentence, max(0, start - 30), start)
    if match:
        return _QUALIFIERS[match.group(1).lower()]
    tail = sentence[start : start + 40]
    if _OR_MORE.match(tail):
        return "at_least"
    return default


def _mention(sentence: str, start: int, end: int, value: int | None, *, minors: bool = False,
             qualifier: CountQualifier | None = None) -> CountMention:
    return CountMention(start, end, sentence[start:end], value, qualifier or _qualifier(sentence, start), minors)


def _items(sentence: str) -> list[re.Match[str]]:
    """Listed people ("a five-year-old girl"), found from their nouns backwards: matching the item
    pattern only where a person noun follows is many times cheaper than trying it at every character."""
    items: list[re.Match[str]] = []
    last_end = 0
    text = lowered(sentence)
    for anchor in _ITEM_ANCHOR.finditer(text):
        if anchor.end() <= last_end:
            continue
        low = max(last_end, anchor.start() - _ITEM_REACH)
        for start in _WORD_START.finditer(text, low, anchor.start() + 1):
            match = _ITEM_RE.match(text, start.start())
            if match and match.end() >= anchor.end():
                items.append(match)
                last_end = match.end()
                break
    return items


def _enumerations(sentence: str, items: list[re.Match[str]]) -> list[CountMention]:
    """Sums of listed people: "four women, a man, a five-year-old girl and an 11-month-old baby"."""
    found: list[CountMention] = []
    run: list[re.Match[str]] = []
    for item in [*items, None]:
        if item is not None and run and _SEPARATOR.search(sentence[run[-1].end() : item.start()] + " "):
            gap = sentence[run[-1].end() : item.start()]
            if len(gap) <= 7:
                run.append(item)
                continue
        if len(run) >= 2:
            summed = _sum_run(sentence, run)
            plural = [i for i, m in enumerate(run) if _unnumbered_plural(m)]
            if not summed and plural and len(run) - plural[-1] > 2:
                # "their children, a boy of 10 and a girl of 7": the list after the plural names them
                summed = _sum_run(sentence, run[plural[-1] + 1 :])
            found.extend(summed)
        run = [item] if item is not None else []
    return found


def _unnumbered_plural(item: re.Match[str]) -> bool:
    det = (item.group("det") or item.group("det2") or "").lower()
    per, _ = _PERSON_ITEM_NOUNS.get((item.group("noun") or "").lower(), (1, False))
    return per == 0 and (not det or det in _DETERMINERS)


def _sum_run(sentence: str, run: list[re.Match[str]]) -> list[CountMention]:
    total = minors = 0
    for item in run:
        noun = (item.group("noun") or "").lower()
        det = (item.group("det") or item.group("det2") or "").lower()
        per, is_minor = _PERSON_ITEM_NOUNS.get(noun, (1, False))
        age = _age_years(item.group("age") or item.group("age2"), item.group("unit") or item.group("unit2"))
        number = number_value(det) if det and det not in _DETERMINERS else None
        if per == 0 and number is None:
            return []  # "their children": a plural without a number cannot be summed
        amount = (number or 1) * (per or 1)
        total += amount
        if is_minor or (age is not None and age < 18) or (item.group("teen") or "").lower() == "teenage":
            minors += amount
    start, end = run[0].start(), run[-1].end()
    sub_list = _SUB_LIST_BEFORE.search(sentence[max(0, start - 20) : start])
    if sub_list or minors == total:
        return [_mention(sentence, start, end, minors, minors=True, qualifier="exact")] if minors else []
    out = [_mention(sentence, start, end, total, qualifier="exact")]
    if minors:
        out.append(_mention(sentence, start, end, minors, minors=True, qualifier="exact"))
    return out


def _single_minors(sentence: str, items: list[re.Match[str]]) -> list[CountMention]:
    found = []
    for item in items:
        det = (item.group("det") or item.group("det2") or "").lower()
        if det not in ("a", "an", "one", "his", "her", "their"):
            continue
        noun = (item.group("noun") or "").lower()
        per, is_minor = _PERSON_ITEM_NOUNS.get(noun, (1, False))
        age = _age_years(item.group("age") or item.group("age2"), item.group("unit") or item.group("unit2"))
        teen = (item.group("teen") or "").lower() == "teenage"
        if per == 1 and (is_minor or teen or (age is not None and age < 18)):
            found.append(_mention(sentence, item.start(), item.end(), 1, minors=True, qualifier="exact"))
    for match in _AGES_LIST.finditer(sentence):
        ages = [int(a) for a in _DIGITS.findall(match.group("ages"))]
        young = sum(1 for a in ages if a < 18)
        if young:
            found.append(_mention(sentence, match.start(), match.end(), young, minors=True, qualifier="exact"))
    return found


def find_counts(sentence: str) -> list[CountMention]:
    """Every count of people in `sentence`, with nested duplicates removed."""
    found: list[CountMention] = []
    lowered = sentence.lower()
    if _DIGIT.search(sentence) or any(word in lowered for word in _NUMBER_HINTS):
        _numbered(sentence, found)
    vague = any(word in lowered for word in _VAGUE_HINTS)
    for match in _VAGUE.finditer(sentence) if vague else ():
        found.append(_mention(sentence, match.start(), match.end(), None, qualifier="about"))
    for match in _SINGULAR.finditer(sentence):
        found.append(_mention(sentence, match.start(), match.end(), 1, qualifier="exact"))
    ordinal = any(word in lowered for word in _ORDINAL_HINTS)
    for match in _ORDINAL_ONE.finditer(sentence) if ordinal else ():
        found.append(_mention(sentence, match.start(), match.end(), 1, qualifier="exact"))
    for match in _PRONOUN.finditer(sentence):
        found.append(_mention(sentence, match.start(), match.end(), 1, qualifier="exact"))
    if any(noun in lowered for noun in _ITEM_HINTS):
        items = _items(sentence)
        found.extend(_enumerations(sentence, items))
        found.extend(_single_minors(sentence, items))
    return _as_parts(sentence, _without_nested(found))


def _as_parts(sentence: str, mentions: list[CountMention]) -> list[CountMention]:
    """Mark sub-groups as parts, make numbered teenagers inside a group minors, drop counts of sources."""
    out: list[CountMention] = []
    for m in mentions:
        if m.value is not None and m.value > 1 and _ATTRIBUTION_AFTER.match(sentence, m.end):
            continue
        if _RELATIVES.search(m.text) and _OF_OTHERS.match(sentence, m.end):
            continue
        if _SURVEYED_BEFORE.search(sentence, max(0, m.start - 40), m.start):
            continue  # "interviews with more than 300 North Koreans": the people a report heard
        before = sentence[max(0, m.start - 24) : m.start]
        sub_group = bool(_PART_BEFORE.search(before))
        apposition = (
            bool(_APPOSITION_PART.search(before[-3:])) and m.text.lower().split()[1:3] == ["of", "them"]
            and bool(_APPOSITION_AFTER.match(sentence, m.end))
        )
        if sub_group or apposition:
            m = replace(m, part=True, minors=m.minors or bool(_TEEN.search(m.text)))
        out.append(m)
    return out


def _numbered(sentence: str, found: list[CountMention]) -> None:
    """The counts that need a number: "10 defectors", "nine of the ten", "a group of fourteen"."""
    low = lowered(sentence)
    groups = [pattern for pattern, hints in ((_GROUP_OF, _GROUP_HINTS), (_TOTALLING, _TOTAL_HINTS))
              if any(hint in low for hint in hints)]
    for pattern in groups:
        for match in pattern.finditer(sentence):
            qualifier = _QUALIFIERS[match.group("qual").lower()] if match.group("qual") else "exact"
            found.append(_mention(sentence, match.start(), match.end(), number_value(match.group("num")),
                                  qualifier=qualifier))
    starts = [m.start() for m in _NUMBER_START.finditer(low)]
    for match in _matches_at(_PART_OF, sentence, starts):
        if _NON_PEOPLE_OF.match(sentence, match.start("num") + len(match.group("num"))):
            continue
        minors = bool(match.group("minor"))
        found.append(_mention(sentence, match.start(), match.end(), number_value(match.group("num")), minors=minors))
    for match in _matches_at(_NUM_PEOPLE, sentence, starts):
        if _ADJECTIVE_NOUN.match(match.group("noun")) and _LOWER_WORD_NEXT.match(sentence, match.end()):
            continue  # "two North Korean families": the number counts families, not people
        minors = bool(_MINOR_NOUN_RE.fullmatch(match.group("noun")))
        found.append(_mention(sentence, match.start(), match.end(), number_value(match.group("num")), minors=minors))
    for match in [*_matches_at(_NUM_MORE, sentence, starts), *_DEFINITE.finditer(sentence)]:
        found.append(_mention(sentence, match.start(), match.end(), number_value(match.group("num"))))


def _matches_at(pattern: re.Pattern[str], sentence: str, starts: list[int]) -> list[re.Match[str]]:
    """What `pattern.finditer` finds, for a pattern that begins with a number: tried only where numbers begin."""
    found: list[re.Match[str]] = []
    last_end = 0
    for start in starts:
        if start < last_end:
            continue
        match = pattern.match(sentence, start)
        if match is not None:
            found.append(match)
            last_end = match.end()
    return found


def _without_nested(mentions: list[CountMention]) -> list[CountMention]:
    """Drop a mention inside a longer one of the same kind ("three men" inside a listed group)."""
    kept: list[CountMention] = []
    for m in mentions:
        if any(
            o is not m and o.minors == m.minors and o.start <= m.start and m.end <= o.end
            and (o.end - o.start) > (m.end - m.start)
            for o in mentions
        ):
            continue
        if any(k.start == m.start and k.end == m.end and k.minors == m.minors for k in kept):
            continue
        kept.append(m)
    kept.sort(key=lambda m: (m.start, m.end))
    return kept
