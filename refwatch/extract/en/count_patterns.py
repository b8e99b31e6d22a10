"""The patterns behind English counts: number words, people nouns, qualifiers, groups and parts.

Split from `numbers.py`, which reads sentences with them, so that the word lists can grow apart from the rules.
"""

from __future__ import annotations

import re

from refwatch.extract.regex_guard import guarded, lowercase_compile
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
_VAGUE_HINTS = ("dozens", "hundreds", "thousands", "scores", "several", "few", "handful", "numerous", "many",
                "number of")
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
    rf"\b(?:dozens|hundreds|thousands|scores|several|a\s+few|a\s+handful|numerous|many|[Aa]n?\s+(?:small\s+|large\s+"
    r"|unknown\s+|undisclosed\s+|unspecified\s+)?number)(?:\s+of)?"
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
    # "The woman's husband, who had crossed earlier, was caught": one relative of the story's people
    r"|(?<!and )(?<!, )\b(?:[Hh]er|[Hh]is|[Tt]he\s+(?:woman|man|girl|boy)(?:'s|’s))\s+"
    r"(?:husband|wife|son|daughter|mother|father|brother|sister)\b(?=\s*(?:,\s*who|was|is|had|has)\b)"
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
# "later revised the figure to 14", "corrected the number to nine": the count told before is superseded.
_REVISED_TO = re.compile(
    rf"\b(?:revised|corrected|raised|updated)\s+(?:(?:the|its|their|that)\s+)?(?:figure|number|count|tally|total|toll|it)"
    rf"\s+(?:up\s+|down\s+|upward\s+|downward\s+)?to\s+(?P<num>{NUMBER})\b",
    re.I,
)
# "Kim, 38, and her two sons", "Park Chol and his wife": a named person with the relatives she or he travels with.
_NAME_WITH_KIN = re.compile(
    r"(?<![\w’'])(?!(?:The|They|Police|Officials|Authorities|Her|His)\b)"
    r"[A-Z][a-z]+(?:-[a-z]+)?(?:[\s-][A-Z][a-z]+(?:-[a-z]+)?){0,2}(?:,\s*\d{1,2},)?\s+and\s+(?:her|his)\s+"
    rf"(?:(?P<num>{NUMBER})\s+(?P<plural>sons|daughters|children|kids|grandchildren|brothers|sisters)"
    r"|(?P<one>husband|wife|son|daughter|mother|father|brother|sister|baby)|(?P<two>parents))\b"
)
