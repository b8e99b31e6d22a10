from dataclasses import fields

from refwatch.sources.stages import FINISH_EXTRACT, INPUT_FIELDS, STAGES, START_EXTRACT
from refwatch.sources.work import Work


def test_stages_every_stage_reads_only_what_an_earlier_stage_or_the_input_wrote():
    available = set(INPUT_FIELDS)
    work_fields = {f.name for f in fields(Work)}
    for stage in STAGES:
        missing = set(stage.reads) - available
        assert not missing, f"stage {stage.name} reads {missing} before anything writes it"
        assert set(stage.writes) <= work_fields
        available |= set(stage.writes)
    assert [s.name for s in STAGES] == ["fetch", "decode", "gate", "extract", "language", "store"]
    before_extract = set(INPUT_FIELDS) | {f for s in STAGES[:3] for f in s.writes}
    assert set(START_EXTRACT.reads) <= before_extract
    assert set(FINISH_EXTRACT.reads) <= before_extract | set(START_EXTRACT.writes)
    assert set(STAGES[3].writes) <= set(FINISH_EXTRACT.writes)
