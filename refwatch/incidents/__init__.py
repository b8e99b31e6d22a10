"""Linking reports into incidents: custody timeline, corroboration, conflicts, human decisions.

Public surface:

- `link_batch(items)`: one fresh linking context for `refwatch extract` (labels `inc-1`...);
- `link_pending(factory)`: the watch loop's step after extraction (`extracted` -> `linked`);
- `relink(factory)`: link every stored report again around the reports people locked;
- `merge_incidents`, `split_incident`, `move_report`, `unlock_report`, `pin_fact`, `unpin_fact`:
  a person's decisions, audited and kept through re-linking;
- `list_incidents`, `incident_view`, `incident_of_report`: reading them;
- `derive_record`: the incident record from member facts (pure function).
"""

from refwatch.incidents.batch import link_batch
from refwatch.incidents.decisions import (
    merge_incidents,
    move_report,
    pin_fact,
    split_incident,
    unlock_report,
    unpin_fact,
)
from refwatch.incidents.queries import incident_of_report, incident_view, list_incidents
from refwatch.incidents.record import derive_record
from refwatch.incidents.relinking import relink
from refwatch.incidents.service import link_pending

__all__ = [
    "derive_record",
    "incident_of_report",
    "incident_view",
    "link_batch",
    "link_pending",
    "list_incidents",
    "merge_incidents",
    "move_report",
    "pin_fact",
    "relink",
    "split_incident",
    "unlock_report",
    "unpin_fact",
]
