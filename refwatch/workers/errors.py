"""Errors of the task queue, each with a code (see `refwatch.errors` for the rest of the tree).

    RefwatchError
    └── WorkerError           RW900  the scale-out cannot do what was asked
        ├── BrokerUnreachable RW901  the broker did not answer; nothing was queued
        └── StageBusy         RW902  another worker runs this stage now; the task is tried again later
"""

from __future__ import annotations

from refwatch.errors import RefwatchError


class WorkerError(RefwatchError):
    code = "RW900"


class BrokerUnreachable(WorkerError):
    code = "RW901"


class StageBusy(WorkerError):
    code = "RW902"
