"""Extraction: a report in, its coded events out (codebook + `refwatch extract` contract).

    extract(report, report_id=...) -> Extraction     one report, errors become `Extraction.error`
    EXTRACTOR_VERSION                                 stored with every extraction

The stages are listed in `pipeline.py`; language rules live in `en/` and `ko/` behind
`mentions.LanguageRules`; places come from `places/`; `assemble.py` and `context.py` build
the events whatever the language.
"""

from __future__ import annotations

from refwatch.extract.pipeline import EXTRACTOR_VERSION, ErrorHandler, raise_error, record_error, run
from refwatch.types import Extraction, Report

__all__ = ["EXTRACTOR_VERSION", "extract", "raise_error", "record_error"]


def extract(report: Report, report_id: str | None = None, *, on_error: ErrorHandler = record_error) -> Extraction:
    """Code one report. Never raises with the default handler: failures come back as `error`."""
    return run(report, report_id or report.external_id or "", on_error=on_error)
