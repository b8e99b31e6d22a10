"""Letters to targets, in English and Korean, citing the law that forbids the return.

The templates (`templates/letters/<phase>.<lang>.txt`) cite Article 33 of the 1951 Refugee
Convention, Article 3 of the Convention against Torture and the 2014 findings of the UN
Commission of Inquiry on the DPRK. Only public incident facts are filled in; the writer adds
their own name. `mailto_url` opens the letter in the reader's own mail program, so the
letter is sent by a person, from their address, not by us.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from refwatch.respond.actions import asks
from refwatch.respond.messages import TEMPLATES
from refwatch.respond.public import PublicIncident
from refwatch.respond.words import language, people_phrase
from refwatch.store.models import ActionTarget, UrgentAction

FACT_VERBS = {
    "detained": {"en": "have been detained", "ko": "체포되어 구금되어 있습니다"},
    "at_risk": {"en": "are at risk of being forcibly returned", "ko": "강제북송될 위기에 놓여 있습니다"},
    "transferred": {"en": "have been moved toward the border", "ko": "국경 쪽으로 이송되었습니다"},
    "sentenced": {"en": "have been sentenced", "ko": "처벌 결정을 받았습니다"},
    "repatriated": {"en": "were forcibly returned to North Korea", "ko": "북한으로 강제북송되었습니다"},
}
DEFAULT_SALUTATION = {"en": "Dear Sir or Madam,", "ko": "담당자님께"}


@dataclass(frozen=True, slots=True)
class Letter:
    lang: str
    subject: str
    body: str


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined, autoescape=False,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def _facts(incident: PublicIncident, phase: str, lang: str) -> str:
    status = "repatriated" if phase == "after_return" else incident.status
    verb = FACT_VERBS.get(status, FACT_VERBS["at_risk"])[lang]
    who = people_phrase(incident.people_min, incident.people_max, lang)
    where = incident.where(lang)
    if lang == "ko":
        place = f"{where}에서 " if where else ""
        return f"탈북민 {who}이 {place}{verb}."
    place = f" in {where}" if where else ""
    return f"{who} from North Korea {verb}{place}."


def _children_sentence(incident: PublicIncident, lang: str) -> str:
    if not incident.children:
        return ""
    if lang == "ko":
        return f"그중 어린이가 {incident.children}명입니다."
    return f"Among them {'is 1 child' if incident.children == 1 else f'are {incident.children} children'}."


def subject(incident: PublicIncident, phase: str, lang: str) -> str:
    who = people_phrase(incident.people_min, incident.people_max, lang)
    if language(lang) == "ko":
        return f"긴급: 강제북송된 탈북민 {who}의 안전을 요청합니다" if phase == "after_return" else \
            f"긴급: 탈북민 {who}의 강제북송을 멈춰 주십시오"
    return f"Urgent: the safety of {who} returned to North Korea" if phase == "after_return" else \
        f"Urgent: do not send {who} back to North Korea"


def letter(action: UrgentAction, incident: PublicIncident, *, target: ActionTarget | None, lang: str) -> Letter:
    """The letter for one target in one language; the salutation comes from the directory."""
    lang = language(lang)
    salutation = (getattr(target, f"salutation_{lang}", "") if target else "") or DEFAULT_SALUTATION[lang]
    body = _environment().get_template(f"letters/{action.phase}.{lang}.txt").render(
        salutation=salutation, facts=_facts(incident, action.phase, lang),
        children=_children_sentence(incident, lang),
        asks=asks(action, incident, lang))
    return Letter(lang, subject(incident, action.phase, lang), body)


def mailto_url(target: ActionTarget, text: Letter) -> str:
    """A `mailto:` link that opens the letter, ready to sign, in the reader's mail program."""
    return f"mailto:{quote(target.email, safe='@')}?subject={quote(text.subject)}&body={quote(text.body)}"
