"""`refwatch audit verify`: check the audit log's hash chain."""

from __future__ import annotations

import typer

from refwatch.cli._common import console, err_console, open_store
from refwatch.store.audit import verify_chain

app = typer.Typer(help="The audit log of changes made by people.", no_args_is_help=True)


@app.command("verify")
def verify() -> None:
    """Recompute every hash; exit 1 and name the first bad entry if the chain is broken."""
    store = open_store()
    with store.factory() as db:
        check = verify_chain(db)
    if check.ok:
        console.print(f"audit chain intact: {check.entries} entries", highlight=False)
        return
    err_console.print(f"audit chain broken at entry {check.first_bad_id} "
                      f"(entry {check.entries} in order): it was changed or removed outside refwatch",
                      highlight=False)
    raise typer.Exit(1)
