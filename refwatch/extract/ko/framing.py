"""Whose event a Korean event word tells, and whether it is news at all.

Split from `triggers.py` (which types the word and reads its modality). Each reading here drops an
event word that is about someone or something else:
- a helper or a South Korean as the subject ("모녀의 도강을 도운 조선족 브로커는 … 붙잡혀",
  "우리 국민 1명이 지난 9일 … 체포된", "중국인 브로커 2명에게 … 징역 3년을 선고");
- a film, novel or drama telling its plot ("영화는 … 공안에 붙잡힌 여성이 … 북송을 기다리는
  일주일을 그렸다");
- what returnees face in general, in the present tense ("강제북송된 탈북민은 고문과 구금 … 위험에
  직면한다"), or whom a measure protects ("붙잡힌 탈북민이 강제로 북송되지 않도록 …");
- a hand-over inside North Korea after a return ("보위부 조사를 마친 두 여성이 안전부에 넘겨져"):
  the people are already home, so it is no return (the punishment is the event).
"""

from __future__ import annotations

import re

from refwatch.extract.ko.lexicon import THIRD_PARTIES

GROUP_WORDS = re.compile(r"탈북|북한\s?주민|이들|일행|일가족|모녀|\d+\s?명|어린이|아이|소녀|소년")
# Helpers, drivers and foreigners as the topic of a sentence (not speakers such as 관계자, who tell of others).
_HELPER_TOPIC = re.compile(
    r"(?:목사|선교사|브로커|운전기사|운전사|기사|조선족|한족|중국인|한국인|집주인|알선책|안내인|가이드)(?:\s?부부)?(?:은|는)\s"
)
_QUOTE_OPENS = re.compile(r"[\"“]")
_THIRD_PARTY = re.compile(rf"(?:{'|'.join(THIRD_PARTIES)})(?:은|는|이|가|도|를|을|와|과|의)?(?![가-힣])")
# A counted helper or South Korean as subject or recipient: "우리 국민 1명이", "중국인 브로커 2명에게".
_COUNTED_OTHER = re.compile(
    r"(?:우리\s?국민|한국\s?국민|자국민|한국인|중국인|조선족|한족|브로커|알선책|선교사|목사|운전기사)"
    r"\s?(?:[가-힣]+\s)?(?:\d+|[가-힣]{1,3})\s?명(?:이|가|은|는|에게|에\s?대해|을|를)(?=\s)"
)
_WORK = re.compile(r"(?:영화|드라마|소설|연극|작품|다큐멘터리|다큐|웹툰|뮤지컬|신작)(?:은|는)\s")
_PLOT_VERB = re.compile(r"(?:그렸|그린다|그려|다뤘|다룬다|담았|담아|담는다|묘사|재현|줄거리|따라간|따라가|펼쳐)")
# The work named after its subject: "…강제북송과 재탈북을 그린 연극 '강 건너 봄'이 개막한다".
_WORK_AFTER_PLOT = re.compile(
    r"(?:그린|다룬|담은|소재로\s?한|모티브로\s?한)\s(?:\S+\s)?"
    r"(?:영화|드라마|소설|연극|작품|다큐멘터리|다큐|웹툰|뮤지컬|창작극|음악극|오페라|책|신작)"
)
# "강제북송된 탈북민은 …에 직면한다": returnees in general, told in the present tense.
_GENERIC = re.compile(
    r"(?:북송|송환|체포|구금|추방)\S{0,2}[된한온]\s(?:탈북민|탈북자|탈북\s?여성|북한\s?주민|사람)(?:들)?(?:은|는)\s"
)
# "제3국에서 붙잡힌 탈북민이 강제로 북송되지 않도록 …": such people as the aim of a measure.
_GENERIC_AIMED = re.compile(
    r"(?:북송|송환|체포|구금|추방|붙잡|잡)\S{0,2}[된한온힌]\s(?:탈북민|탈북자|북한\s?주민)(?:들)?(?:이|가|을|를)\s"
    r"(?:\S+\s){0,4}?\S*(?:지\s?않도록|없도록)"
)
# "지난해 국내에 들어온 탈북민은 236명으로": a year's tally, not a group.
_TALLY = re.compile(
    r"(?:지난해|올해|작년|한\s?해|\d{4}\s?년|상반기|하반기)\S{0,2}\s(?:\S+\s){0,3}?\S*[된한온진힌]\s"
    r"(?:탈북민|탈북자|북한\s?주민)(?:은|는|\s?수는)\s?(?:모두\s|총\s)?[\d,]+\s?명(?:으로|이다|이었|에\s?(?:그|달|불과|머물))"
)
_SPECIFIC = re.compile(r"이번|이들|해당|당시|\d+\s?명|[가-힣]\s?명(?:이|을|은)|\d{1,2}\s?일|지난달|지난해")
_PRESENT_END = re.compile(r"(?:[한된]다|는다|이다)[.?!]?\s*$")
# People who went back of their own will ("귀환 의사를 밝힌", "본인들이 귀환을 원해") or drifted south.
_VOLUNTARY = re.compile(
    r"귀환\s?의사|귀환을\s?(?:원|희망)|돌아가(?:기를|겠다는|고\s?싶다는)\s?(?:\S+\s)?(?:원|의사|희망)|표류"
)
# Last syllables of the Sino-Korean event nouns that name people with -자 (억류자, 송환자, 체포자).
_NOUN_FINALS = frozenset("류금포환방감송거치")
# Established knowledge ("…붙잡힌 것으로 알려져 있다"), unlike news just learnt ("…것으로 알려졌다").
_KNOWN_FACT = re.compile(r"것으로\s?알려져\s?(?:있|왔)")
_INSIDE_NORTH = re.compile(
    r"(?:안전부|안전서|안전원|보안서|보안부|노동단련대|단련대|교화소|집결소|관리소|구류장)\S{0,2}(?:에게|에|으로|로)\s?$"
)


# North Korean punishments and courts (the South's are 법원, its prisons 교도소): a sentence passed in the North.
# (국제사법재판소 and 국제형사재판소 are courts of the world.)
_NORTH_PUNISHMENT = re.compile(r"교화(?:형|소|\s?\d|\s?[가-힣]{1,2}\s?년)|노동단련|단련대|(?<!사법)(?<!형사)재판소")


def punished_in_north(sentence: str, start: int, end: int) -> bool:
    """"도 재판소에서 교화 5년을 선고받았다", "교화형을 선고받은": a punishment after a return, in North Korea."""
    return bool(_NORTH_PUNISHMENT.search(sentence, max(0, start - 20), end))


def not_the_group(sentence: str, before: str, start: int, end: int) -> bool:
    """The event word at `start`-`end` tells of a helper, a film's heroine or detainees as a class."""
    return (
        about_someone_else(before) or helper_is_topic(sentence, start) or plot_of_a_work(sentence)
        or person_noun(sentence, end) or one_body_of_several(sentence, start)
    )


def about_someone_else(before: str) -> bool:
    """A third party is the last person named before the event word, and no one of the group is."""
    window = before[-25:]
    if _THIRD_PARTY.search(window) and not GROUP_WORDS.search(window):
        return True
    counted = list(_COUNTED_OTHER.finditer(before))
    if not counted:
        return False
    if counted[-1].group(0).endswith(("에게", "에 대해")):
        return True  # the one a court sentences: "중국인 브로커 2명에게 각각 징역 3년과 2년을 선고"
    # "탈북민 3명과 이들을 돕던 한국인 선교사 1명이": the helper joins the group, it does not replace it
    return not GROUP_WORDS.search(before, 0, counted[-1].start())


def helper_is_topic(sentence: str, start: int) -> bool:
    """"모녀의 도강을 도운 조선족 브로커는 … 공안에 붙잡혀": the sentence is about the helper, not the group."""
    topics = list(_HELPER_TOPIC.finditer(sentence, 0, start))
    if not topics or _QUOTE_OPENS.search(sentence, topics[-1].end(), start):
        return False  # "선교사는 7일 … "지난 2일 … 공안에 검거됐다"고 밝혔다": the helper speaks of others
    return not GROUP_WORDS.search(sentence, topics[-1].end(), start)


def plot_of_a_work(sentence: str) -> bool:
    """A film or book telling its story: "영화는 … 북송을 기다리는 일주일을 그렸다"."""
    work = _WORK.search(sentence)
    if work is not None and _PLOT_VERB.search(sentence, work.end()):
        return True
    return bool(_WORK_AFTER_PLOT.search(sentence))


def known_fact(sentence: str) -> bool:
    """"억류자 가운데 3명은 … 붙잡힌 것으로 알려져 있다": background knowledge, no news of this report."""
    return bool(_KNOWN_FACT.search(sentence))


def generic_returnees(sentence: str) -> bool:
    """An adnominal event word on a bare, uncounted noun as topic, in a present-tense sentence: a general
    truth about such people, so none of its event words ("고문과 구금") is news."""
    if _TALLY.search(sentence):
        return True
    if _GENERIC_AIMED.search(sentence) and not _SPECIFIC.search(sentence):
        return True  # the people a measure protects, not a detention told as news
    return bool(_GENERIC.search(sentence)) and bool(_PRESENT_END.search(sentence))


def handed_inside_north(before: str) -> bool:
    """"안전부에 넘겨져", "교화소로 보내졌다": moved between North Korean bodies, not returned."""
    return bool(_INSIDE_NORTH.search(before[-16:]))


def voluntary_return(sentence: str, trigger_text: str) -> bool:
    """A return the people asked for ("귀환 의사를 확인해 … 북측에 돌려보냈다"): no forced return."""
    return "강제" not in trigger_text and bool(_VOLUNTARY.search(sentence))


# "시신 한 구는 … 건져 냈고, 다른 한 명은 아직 찾지 못했다": what became of each of the dead.
_ONE_BODY = re.compile(r"시신\s?(?:한|1|두|2)\s?구(?:는|은)\s")
_THE_OTHER = re.compile(r"(?:다른|나머지)\s?(?:\S+\s?)?(?:명|구|사람)?(?:은|는|의)")


def one_body_of_several(sentence: str, start: int) -> bool:
    """A body recovered while another is missing: the deaths were told before, this is no new one."""
    return bool(_ONE_BODY.match(sentence, start)) and bool(_THE_OTHER.search(sentence, start))


def person_noun(sentence: str, end: int) -> bool:
    """"억류자들의 생사": detainees named as a class, not a detention told as news."""
    # only after a Sino-Korean noun (억류자, 송환자, 체포자): "붙잡히자" (as soon as caught) is a verb
    return sentence.startswith("자", end) and end > 0 and sentence[end - 1] in _NOUN_FINALS
