"""The stage functions of the extraction pipeline; `pipeline.py` lists them in order.

Each takes the mutable `Work` of one report and sets the fields its declaration says it
writes. Stages after `relevance` only look at sentences that can matter: mentions are
collected only where a trigger was found, which keeps a relevant report cheap too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from refwatch.errors import UnreadableText
from refwatch.extract import relevance
from refwatch.extract.assemble import build_drafts, event_kind
from refwatch.extract.context import follow_group, mark_background, to_event
from refwatch.extract.facts import Draft, SentenceFacts
from refwatch.extract.merge import merge_duplicates
from refwatch.extract.registry import rules_for
from refwatch.extract.story import settle_risk
from refwatch.text.language import detect_language

if TYPE_CHECKING:
    from refwatch.extract.pipeline import Work

_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_NOT_LETTER = re.compile(r"[\W\d_]+")
_MAX_SENTENCE_CHARS = 1200
_MAX_SOURCES = 12
# A bracketed dateline opening a sentence ("[한빛일보 방콕=이재훈 특파원]", "(서울=누리통신)"): its place is
# where the reporter sits, never where the event happened.
_LEADING_BRACKET = re.compile(r"^\W{0,3}[\[(【〔][^\])】〕\n]{1,40}[\])】〕]")
# Cheap test before counting people in a sentence without events: words for minors, both languages.
_MINOR_HINT = re.compile(
    r"child|minor|boy|girl|baby|infant|year-old|month-old|under 18|aged|teen"
    r"|아이|아동|어린이|미성년|영아|유아|살배기|소년|소녀|남아|여아|청소년|생후|개월|손녀|손자"
    r"|10대|십대|자녀|[0-9]+\s*(?:살|세)|[가-힣]\s?살(?![가-힣])",
    re.I,
)


def normalise(work: Work) -> None:
    """NFC text without invisible marks or control characters, cut to the configured length."""
    raw = work.report.text or ""
    text = _SURROGATES.sub("\ufffd", raw)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub(" ", _INVISIBLE.sub("", text))
    if len(text) > work.max_chars:
        text = text[: work.max_chars]
        work.notes.append(f"text cut to its first {work.max_chars} characters")
    sample = text[:20_000]
    letters = len(_NOT_LETTER.sub("", sample))
    if letters == 0:
        raise UnreadableText("the report has no readable text")
    visible = len(sample) - sample.count(" ") - sample.count("\n")
    if sample.count("\ufffd") > 0.1 * max(1, len(sample)) or letters < 0.3 * visible:
        raise UnreadableText("the text looks like binary data, not prose")
    work.text = text
    published = _checked_published(work.report.published)
    if published != work.report.published:
        work.notes.append(f"publication date {work.report.published!r} read as {published!r}")
        work.report = replace(work.report, published=published)


_PUBLISHED = re.compile(r"\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?![\d-])")


def _checked_published(value: str | None) -> str | None:
    """`YYYY[-MM[-DD]]` (a longer timestamp keeps its date): relative dates are resolved against it, so a
    value that is no date ("not a date", "2024-13-45") is dropped instead of breaking a later stage."""
    match = _PUBLISHED.match(value or "")
    if match is None:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        date(year or 1, month or 1, day or 1)
    except ValueError:
        return None
    return "-".join(part for part in match.groups() if part)


def choose_language(work: Work) -> None:
    declared = (work.report.language or "").lower()[:2]
    work.language = declared if declared in ("en", "ko") else detect_language(work.text)
    work.rules = rules_for(work.language)
    work.rules_name = work.rules.name


def gate(work: Work) -> None:
    title = work.report.title or ""
    work.cues = work.rules.relevance_cues(f"{title}\n{work.text}" if title else work.text)
    if not relevance.passes_gate(work.cues):
        work.rejected = True
        work.score = relevance.gate_score(work.cues)


def split(work: Work) -> None:
    facts: list[SentenceFacts] = []
    for span in work.rules.sentences(work.text):
        for start in range(span.start, span.end, _MAX_SENTENCE_CHARS):
            end = min(span.end, start + _MAX_SENTENCE_CHARS)
            if end < span.end:
                space = work.text.rfind(" ", start + _MAX_SENTENCE_CHARS // 2, end)
                end = space if space > start else end
            piece = work.text[start:end]
            if piece.strip():
                facts.append(SentenceFacts(len(facts), start, end, piece))
    work.sentences = facts


def find_triggers(work: Work) -> None:
    refutes = getattr(work.rules, "refutes", None)
    for facts in work.sentences:
        facts.triggers = list(work.rules.triggers(facts.text))
    if refutes is None:
        return
    for previous, current in zip(work.sentences, work.sentences[1:], strict=False):
        if previous.triggers and refutes(current.text):
            previous.triggers = [replace(t, negated=True) for t in previous.triggers]


def _optional(rules: Any, name: str, default: Any) -> Any:
    method = getattr(rules, name, None)
    return method if method is not None else (lambda *_args: default)


def find_mentions(work: Work) -> None:
    from refwatch.extract.places import find_places

    rules, published = work.rules, work.report.published
    background_cue = _optional(rules, "background_cue", False)
    background_start = _optional(rules, "background_cue_start", 0)
    refers_to_group = _optional(rules, "refers_to_group", False)
    refines = _optional(rules, "dates_previous", False)
    hedged = _optional(rules, "hedged", False)
    reporting = _optional(rules, "reporting_spans", [])
    for index, facts in enumerate(work.sentences):
        if not facts.triggers:
            if _MINOR_HINT.search(facts.text):  # "Five of the nine are minors": children told apart
                facts.counts = list(rules.counts(facts.text))
                facts.group_reference = bool(refers_to_group(facts.text))
            following = work.sentences[index + 1] if index + 1 < len(work.sentences) else None
            previous = work.sentences[index - 1] if index > 0 else None
            dates_previous = previous is not None and previous.triggers and bool(refines(facts.text))
            if (following is not None and following.triggers) or dates_previous:  # the scene, or "It happened on…"
                facts.dates = list(rules.dates(facts.text, published))
                facts.reporting = list(reporting(facts.text))
            continue
        facts.dates = list(rules.dates(facts.text, published))
        if not any(event_kind(t) is not None for t in facts.triggers):
            # Only plans, denials or habits: no event will be built here, but its dates still move the
            # story's clock ("the same day" in the next sentence); a refuted claim still names the group.
            facts.reporting = list(reporting(facts.text))
            if all(t.negated for t in facts.triggers) or _MINOR_HINT.search(facts.text):
                facts.counts = list(rules.counts(facts.text))  # and "…열두 살 손녀가 타고 있었으며 … 귀순하겠다는 뜻"
                facts.group_reference = facts.group_reference or bool(refers_to_group(facts.text))
            continue
        facts.counts = list(rules.counts(facts.text))
        dateline = _LEADING_BRACKET.match(facts.text)
        facts.places = [p for p in find_places(facts.text) if not (dateline and p.end <= dateline.end())]
        facts.authorities = list(rules.authorities(facts.text))
        facts.reporting = list(reporting(facts.text))
        facts.background_cue = bool(background_cue(facts.text))
        facts.background_from = int(background_start(facts.text)) if facts.background_cue else 0
        facts.group_reference = bool(refers_to_group(facts.text))
        facts.hedged = bool(hedged(facts.text))


def assemble_events(work: Work) -> None:
    work.drafts = build_drafts(work.sentences, work.rules, work.report.published)


def place_in_story(work: Work) -> None:
    mark_background(work.drafts, work.sentences, work.report.published)
    drafts = merge_duplicates(work.drafts)
    _headline_risk(work, drafts)
    group = follow_group(drafts, work.sentences)
    work.drafts = settle_risk(merge_duplicates(drafts), group.country, group.place)


def _headline_risk(work: Work, drafts: list[Draft]) -> None:
    """ "China poised to deport 20 North Koreans" over a body that tells only the arrest: the risk the headline
    states is the story's, where the group is held (no risk once they were returned, freed or safe)."""
    title = work.report.title
    main = [d for d in drafts if not d.background]
    if not title or not main or any(d.type in ("at_risk", "repatriated", "released", "arrived") for d in main):
        return
    for trigger in work.rules.triggers(title):
        if event_kind(trigger) == ("at_risk", False):
            drafts.append(Draft(type="at_risk", sentence=-1, trigger=trigger, evidence=title))
            return


def collect_sources(work: Work) -> None:
    own_outlet = (work.report.outlet or "").strip().lower()
    seen: dict[str, str] = {}
    for facts in work.sentences:
        for span in work.rules.attributions(facts.text):
            key = span.text.strip().lower()
            if not key or key == own_outlet or key in seen:
                continue
            seen[key] = span.text.strip()
    work.sources = list(seen.values())[:_MAX_SOURCES]


def conclude(work: Work) -> None:
    events = [to_event(d) for d in work.drafts]
    work.relevant, work.score = relevance.decide(work.cues, events)
    if not work.relevant:
        events = [replace(e, background=True) for e in events]
    work.events = events
