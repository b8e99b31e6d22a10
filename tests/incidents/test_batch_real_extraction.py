import pytest

from refwatch.extract import extract
from refwatch.incidents import link_batch
from refwatch.incidents.evaluate import bcubed_f1, gold_incidents
from tests.incidents.helpers import corpus

DOCS = corpus()


@pytest.mark.slow
def test_batch_links_real_extraction_output_above_the_issue_bar():
    """The issue's bar, end to end: the extractor's output linked, B-cubed F1 >= 0.90 on the dev corpus."""
    items = [(d.report, extract(d.report, d.doc_id)) for d in DOCS]
    labels = link_batch(items)
    precision, recall, f1 = bcubed_f1(gold_incidents(DOCS), {d.doc_id: label for d, label in zip(DOCS, labels,
                                                                                                   strict=True)})
    assert f1 >= 0.90, (precision, recall)
    assert precision >= 0.95
