import random

from refwatch.incidents import link_batch
from refwatch.incidents.evaluate import Noise, bcubed_f1, gold_incidents
from tests.incidents.helpers import corpus, gold_items

DOCS = corpus()
GOLD = gold_incidents(DOCS)


def _score(labels: list[str | None]) -> float:
    return bcubed_f1(GOLD, {d.doc_id: label for d, label in zip(DOCS, labels, strict=True)})[2]


def _partition(ids: list[str], labels: list[str | None]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for doc_id, label in zip(ids, labels, strict=True):
        if label is not None:
            groups.setdefault(label, set()).add(doc_id)
    return {frozenset(group) for group in groups.values()}


def test_batch_gold_events_reach_the_bcubed_bar():
    """Regression bar: the issue asks for 0.90; on gold facts the linker must stay well above."""
    assert _score(link_batch(gold_items(DOCS))) >= 0.95


def test_batch_noisy_extraction_still_links():
    """20 % of events dropped, dates shifted, counts changed, places blanked, 5 % of reports missed."""
    noise = Noise(miss_report=0.05)
    scores = [_score(link_batch(gold_items(DOCS, noise=noise, seed=seed))) for seed in (11, 12, 13)]
    assert sum(scores) / len(scores) >= 0.85
    assert min(scores) >= 0.82


def test_batch_links_without_the_encoder_too():
    assert _score(link_batch(gold_items(DOCS), use_embeddings=False)) >= 0.93


def test_batch_reports_not_relevant_get_no_incident():
    items = gold_items(DOCS)
    labels = link_batch(items)
    for (_report, extraction), label in zip(items, labels, strict=True):
        assert (label is None) == (not extraction.relevant)
    assert all(label is None or label.startswith("inc-") for label in labels)


def test_batch_partition_does_not_depend_on_input_order():
    items = gold_items(DOCS)
    ids = [d.doc_id for d in DOCS]
    order = list(range(len(items)))
    random.Random(5).shuffle(order)
    shuffled = link_batch([items[n] for n in order])
    assert _partition([ids[n] for n in order], shuffled) == _partition(ids, link_batch(items))


def test_batch_empty_input():
    assert link_batch([]) == []
