from refwatch.incidents.chains import source_chains
from refwatch.incidents.facts import build_facts
from refwatch.types import Report
from tests.incidents.helpers import corpus, event, extraction

WIRE = next(d for d in corpus() if d.doc_id == "dev-013").report.text
OTHER = next(d for d in corpus() if d.doc_id == "dev-080").report.text
THIRD = next(d for d in corpus() if d.doc_id == "dev-001").report.text
ARREST = event("detained", "2019-10-26", country="VN", place="Lang Son", count=11)


def _facts(report_id: str, text: str, outlet: str, sources: tuple[str, ...] = (), published: str = "2019-10-30"):
    report = Report(text=text, outlet=outlet, published=published, language="en")
    return build_facts(report_id, report, extraction(report_id, ARREST, sources=sources))


def _copy(text: str, outlet: str) -> str:
    return f"{outlet.upper()} -- {text}\n\nDistributed by {outlet}."


def test_chains_wire_copies_are_one_source_not_four():
    members = [_facts("wire", WIRE, "Mekong Wire")]
    members += [_facts(f"copy-{n}", _copy(WIRE, name), name, published="2019-10-31")
                for n, name in enumerate(("Daily A", "Herald B", "Post C"))]
    chains = source_chains(members)
    assert len(chains) == 1
    assert chains[0].reports[0] == "wire"
    assert set(chains[0].copies) == {"copy-0", "copy-1", "copy-2"}


def test_chains_independent_reporting_corroborates():
    members = [_facts("wire", WIRE, "Mekong Wire"), _facts("copy", _copy(WIRE, "Daily A"), "Daily A"),
               _facts("ngo", OTHER, "Border Rights Watch", ("partners in Vietnam (anonymous)",))]
    chains = source_chains(members)
    assert len(chains) == 2
    assert {frozenset(c.reports) for c in chains} == {frozenset({"wire", "copy"}), frozenset({"ngo"})}


def test_chains_a_rewrite_citing_the_wire_is_not_independent():
    rewrite = _facts("rewrite", OTHER, "Seoul Ledger", ("a government official (anonymous)", "Mekong Wire"))
    assert len(source_chains([_facts("wire", WIRE, "Mekong Wire"), rewrite])) == 1


def test_chains_two_outlets_citing_anonymous_officials_stay_independent():
    a = _facts("a", WIRE, "Mekong Wire", ("a South Korean government official (anonymous)",))
    b = _facts("b", OTHER, "Border Rights Watch", ("a South Korean government official (anonymous)",))
    assert len(source_chains([a, b])) == 2


def test_chains_an_outlets_own_follow_up_is_the_same_source():
    a = _facts("a", WIRE, "Mekong Wire")
    b = _facts("b", OTHER, "Mekong Wire")
    assert len(source_chains([a, b])) == 1


def test_chains_an_english_rewrite_of_a_korean_wire_is_not_a_second_source():
    """The wire's own name is Korean (누리통신); the rewrite cites it in English."""
    wire = _facts("wire", WIRE, "누리통신")
    rewrite = _facts("rewrite", OTHER, "Pacific Rim Dispatch", ("unification ministry official (anonymous)",
                                                                "Nuri News Agency"))
    assert len(source_chains([wire, rewrite])) == 1
    english_edition = _facts("edition", OTHER, "Hanbit Ilbo")
    assert len(source_chains([_facts("ko", WIRE, "한빛일보"), english_edition])) == 1


def test_chains_romanised_names_do_not_tie_different_outlets():
    assert len(source_chains([_facts("a", WIRE, "누리통신"), _facts("b", OTHER, "동녘신문"),
                              _facts("c", THIRD, "Seoul Ledger", ("Nuriwon Foundation",))])) == 3
