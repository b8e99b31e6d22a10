"""Component accuracy and speed of the Korean rules on the Korean documents of the dev corpus.

    .venv/bin/python bench/ko_components.py [--misses] [--corpus tests/fixtures/corpus/dev.jsonl]

For every gold event of every Korean document, the finders run on the sentence that holds the
event's `evidence` and the figures say how often the gold value is among what they return:
- trigger: the gold `type` among the sentence's triggers that state an event (not negated,
  planned or habitual); `at_risk` also counts a hypothetical hand-over or return;
- count / qualifier / children: the gold value among the sentence's counts (or, for the
  "context" figure, also the two sentences before it and the lead sentence);
- date: the gold date, cut to the gold precision, among the sentence's dates resolved against
  `published`, with `anchor` dates ("같은 날", "전날") resolved against the last day-date of
  the sentences before, as the assembler does;
- false alarms: event triggers in sentences of relevant documents that hold no gold evidence;
- relevance cues on relevant and non-relevant documents;
- the sentence splitter against Kiwi's, and the time each finder takes against trafilatura's
  extraction of the corpus HTML pages.
Figures are printed, never asserted: tests do not time things.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from refwatch.demo import DEMO_PAGES
from refwatch.extract.ko import morph, rules
from refwatch.extract.ko.clauses import boundary_ends
from refwatch.extract.ko.dates import date_expressions
from refwatch.extract.mentions import DateMention, Span, Trigger

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "corpus" / "dev.jsonl"
OFFSETS = {"before": -1, "same": 0, "after": 1}


def korean_documents(path: Path) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [row for row in rows if row.get("language") == "ko"]


def evidence_sentences(sentences: list[Span], text: str, evidence: str) -> list[int]:
    start = text.find(evidence)
    if start < 0:
        return []
    end = start + len(evidence)
    return [i for i, s in enumerate(sentences) if s.start < end and start < s.end]


RETURNS = ("repatriated", "transferred")


def states_event(trigger: Trigger) -> bool:
    """An event the assembler would keep: hypothetical returns count, as they become `at_risk`."""
    if trigger.negated or trigger.planned or trigger.habitual:
        return False
    return not trigger.hypothetical or trigger.type in RETURNS


def trigger_matches(gold_type: str, triggers: list[Trigger]) -> bool:
    for t in triggers:
        if not states_event(t):
            continue
        if gold_type == "at_risk" and (t.type == "at_risk" or t.hypothetical):
            return True
        if t.type == gold_type and not t.hypothetical:
            return True
    return False


def date_agrees(gold: str, precision: str, value: str | None) -> bool:
    n = {"day": 10, "month": 7, "year": 4}.get(precision, len(gold))
    return bool(value) and str(value)[:n] == gold[:n] and len(str(value)) >= n


def resolved_dates(sentences: list[Span], index: int, published: str | None) -> list[DateMention]:
    """The sentence's dates, with anchored ones resolved against the last earlier day-date."""
    previous = None
    for s in sentences[:index]:
        for d in rules.dates(s.text, published):
            if d.value and d.precision == "day":
                previous = d.value
    out = []
    for d in rules.dates(sentences[index].text, published):
        if d.anchor in OFFSETS and previous:
            value = (date.fromisoformat(previous) + timedelta(days=OFFSETS[d.anchor])).isoformat()
            d = DateMention(d.start, d.end, d.text, value, "day", True)
        out.append(d)
    return out


class Tally:
    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.totals: Counter[str] = Counter()
        self.misses: dict[str, list[str]] = {}

    def add(self, name: str, ok: bool, miss: str) -> None:
        self.totals[name] += 1
        self.hits[name] += ok
        if not ok:
            self.misses.setdefault(name, []).append(miss)

    def report(self, show_misses: bool) -> None:
        for name in self.totals:
            hits, total = self.hits[name], self.totals[name]
            print(f"  {name:26} {hits:4d}/{total:<4d} = {hits / total:.3f}")
        if show_misses:
            for name, misses in self.misses.items():
                print(f"\n  misses of {name}:")
                for miss in misses:
                    print("   -", miss)


def score_events(docs: list[dict[str, Any]], tally: Tally) -> None:
    for doc in docs:
        text, published, gold = doc["text"], doc.get("published"), doc["gold"]
        sentences = rules.sentences(text)
        for event in gold["events"]:
            kind = "background" if event["background"] else "main"
            where = evidence_sentences(sentences, text, event["evidence"])
            if not where:
                tally.add("evidence found", False, f"{doc['id']}: {event['evidence'][:50]}")
                continue
            label = f"{doc['id']} {event['type']} «{sentences[where[0]].text[:90]}»"
            triggers = [t for i in where for t in rules.triggers(sentences[i].text)]
            tally.add(f"trigger ({kind})", trigger_matches(event["type"], triggers),
                      f"{label} got {[(t.type, t.negated, t.planned, t.hypothetical, t.habitual) for t in triggers]}")
            if kind == "background":
                continue
            counts = [c for i in where for c in rules.counts(sentences[i].text)]
            lead = next((i for i, x in enumerate(sentences) if any(not c.part for c in rules.counts(x.text))), 0)
            context = sorted({*where, *(i - 1 for i in where if i > 0), *(i - 2 for i in where if i > 1), lead})
            near = [c for i in context for c in rules.counts(sentences[i].text)]
            if event["count"] is not None:
                values = [(c.value, c.qualifier) for c in counts if not c.part]
                tally.add("count in sentence", any(v == event["count"] for v, _ in values),
                          f"{label} gold {event['count']} got {values}")
                tally.add("count in context", any(c.value == event["count"] and not c.part for c in near), f"{label}")
                matching = [q for v, q in values if v == event["count"]]
                if matching:
                    tally.add("qualifier", event["count_qualifier"] in matching,
                              f"{label} gold {event['count_qualifier']} got {matching}")
            if event["children"] is not None:
                here = [c.value for c in counts if c.minors]
                found = event["children"] in here or event["children"] == sum(m or 0 for m in here)
                tally.add("children in sentence", found, f"{label} gold {event['children']} got {here}")
                per_sentence = [[c.value or 0 for c in rules.counts(x.text) if c.minors] for x in sentences]
                anywhere = {v for values in per_sentence for v in values} | {sum(v) for v in per_sentence if v}
                tally.add("children in document", event["children"] in anywhere, f"{label} gold {event['children']}")
            if event["date"]:
                dates = [d for i in where for d in resolved_dates(sentences, i, published)]
                gold_date, precision = event["date"], event["date_precision"]
                ok = any(date_agrees(gold_date, precision, d.value) for d in dates)
                before = [d for i in context for d in resolved_dates(sentences, i, published)]
                tally.add("date in sentence", ok, f"{label} gold {gold_date} got {[(d.text, d.value) for d in dates]}")
                in_context = ok or any(date_agrees(gold_date, precision, d.value) for d in before)
                tally.add("date in context", in_context, label)


def false_alarms(docs: list[dict[str, Any]], show: bool) -> None:
    """Event triggers of a type the document's gold has no event of, and any in non-relevant ones."""
    relevant_sentences = relevant_alarms = other_sentences = other_alarms = 0
    listed = []
    for doc in docs:
        gold_types = {e["type"] for e in doc["gold"]["events"]}
        relevant = doc["gold"]["relevant"]
        for s in rules.sentences(doc["text"]):
            fired = [t for t in rules.triggers(s.text) if states_event(t)]
            wrong = [t for t in fired if (("at_risk" if t.hypothetical else t.type) not in gold_types) or not relevant]
            if relevant:
                relevant_sentences += 1
                relevant_alarms += bool(wrong)
            else:
                other_sentences += 1
                other_alarms += bool(wrong)
            if wrong:
                kind = "relevant" if relevant else "NOT relevant"
                listed.append(f"{doc['id']} ({kind}) {[t.type + ':' + t.text for t in wrong]} «{s.text[:80]}»")
    print(f"  relevant documents: sentences firing a type their gold lacks  {relevant_alarms}/{relevant_sentences}")
    print(f"  non-relevant documents: sentences firing any event trigger   {other_alarms}/{other_sentences}")
    if show:
        for line in listed:
            print("   -", line)


def relevance(docs: list[dict[str, Any]]) -> None:
    for relevant in (True, False):
        print(f"  {'relevant' if relevant else 'not relevant'}:")
        for doc in docs:
            if doc["gold"]["relevant"] == relevant:
                print(f"    {doc['id']} {rules.relevance_cues(doc['text'])}")


def splitter_agreement(docs: list[dict[str, Any]]) -> None:
    ours = kiwis = same = 0
    for doc in docs:
        text = doc["text"]
        mine = {(s.start, s.end) for s in rules.sentences(text)}
        theirs = set()
        for start, end in morph.sentence_bounds(text):
            piece = text[start:end]
            lead = len(piece) - len(piece.lstrip())
            theirs.add((start + lead, start + len(piece.rstrip())))
        ours, kiwis, same = ours + len(mine), kiwis + len(theirs), same + len(mine & theirs)
    print(f"  rule sentences {ours}, Kiwi sentences {kiwis}, identical spans {same}")


def speed(docs: list[dict[str, Any]]) -> None:
    texts = [doc["text"] for doc in docs]
    sentences = [s.text for t in texts for s in rules.sentences(t)]
    published = [doc.get("published") for doc in docs]
    finders = {
        "sentences (per report)": lambda: [rules.sentences(t) for t in texts],
        "counts": lambda: [rules.counts(s) for s in sentences],
        "dates": lambda: [rules.dates(s, "2020-01-15") for s in sentences],
        "triggers": lambda: [rules.triggers(s) for s in sentences],
        "authorities": lambda: [rules.authorities(s) for s in sentences],
        "attributions": lambda: [rules.attributions(s) for s in sentences],
        "relevance cues (per report)": lambda: [rules.relevance_cues(t) for t in texts],
    }
    for name, run in finders.items():
        seconds = _best_of(run)
        per = len(texts) if "per report" in name else len(sentences)
        print(f"  {name:30} {seconds / per * 1e3:8.3f} ms each")

    def whole() -> None:
        for text, pub in zip(texts, published, strict=True):
            for s in rules.sentences(text):
                rules.counts(s.text), rules.dates(s.text, pub), rules.triggers(s.text)
                rules.authorities(s.text), rules.attributions(s.text)
            rules.relevance_cues(text)

    print(f"  all finders, one report          {_best_of(whole) / len(texts) * 1e3:8.3f} ms")
    print(f"  whole pipeline, one report       {_best_of(lambda: _pipeline(docs)) / len(texts) * 1e3:8.3f} ms")
    print(f"  sentences per report (mean)      {statistics.mean(len(rules.sentences(t)) for t in texts):8.1f}")
    _trafilatura_speed()


def _pipeline(docs: list[dict[str, Any]]) -> None:
    """The language-independent pipeline (assembler included) on the Korean documents."""
    from refwatch.extract.pipeline import run
    from refwatch.types import Report

    for doc in docs:
        run(Report(text=doc["text"], published=doc.get("published"), language="ko"), doc["id"])


def _trafilatura_speed() -> None:
    import trafilatura

    pages = sorted(DEMO_PAGES.glob("*.html"))
    html = [p.read_text(encoding="utf-8") for p in pages]
    seconds = _best_of(lambda: [trafilatura.extract(h) for h in html])
    print(f"  trafilatura.extract, one page    {seconds / len(html) * 1e3:8.3f} ms ({len(html)} corpus pages)")


def _best_of(run: Any, repeat: int = 3) -> float:
    """Best wall time of `repeat` runs, each with the per-sentence caches emptied first."""
    run()
    times = []
    for _ in range(repeat):
        date_expressions.cache_clear()
        boundary_ends.cache_clear()
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--misses", action="store_true", help="list every miss and false alarm")
    parser.add_argument("--no-speed", action="store_true", help="skip the timing and Kiwi comparison")
    args = parser.parse_args()
    docs = korean_documents(args.corpus)
    print(f"Korean documents: {len(docs)} ({sum(d['gold']['relevant'] for d in docs)} relevant)\n")
    print("Components on the gold evidence sentences:")
    tally = Tally()
    score_events(docs, tally)
    tally.report(args.misses)
    print("\nFalse alarms:")
    false_alarms(docs, args.misses)
    print("\nRelevance cues:")
    relevance(docs)
    if not args.no_speed:
        print("\nSentence splitter against Kiwi:")
        splitter_agreement(docs)
        print("\nSpeed (best of 3):")
        speed(docs)


if __name__ == "__main__":
    main()
