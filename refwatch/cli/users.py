"""`refwatch users`: workspace accounts and API tokens."""

from __future__ import annotations

import getpass
import sys

import typer

from refwatch.cli._common import console, open_store, user_errors
from refwatch.errors import InputError
from refwatch.store import transaction
from refwatch.store.users import ROLES, add_user, list_tokens, list_users, mint_token, revoke_token, set_password

app = typer.Typer(help="Workspace accounts (admin, editor, viewer) and API tokens.", no_args_is_help=True)

PASSWORD_STDIN = typer.Option(False, "--password-stdin", help="Read the password from standard input.")


def _actor() -> str:
    """Who did it, for the audit log: the operating-system account running the command."""
    return f"cli:{getpass.getuser()}"


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise InputError("no password on standard input")
        return password
    password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return str(password)


@app.command("add")
def add(
    username: str = typer.Argument(..., help="Login name (lower-cased, no spaces)."),
    role: str = typer.Option("editor", "--role", help=f"One of {', '.join(ROLES)}."),
    password_stdin: bool = PASSWORD_STDIN,
) -> None:
    """Create an account; prompts for the password unless --password-stdin."""
    store = open_store()
    with user_errors():
        password = _read_password(password_stdin)
        with transaction(store.factory) as db:
            account = add_user(db, username=username, password=password, role=role, actor=_actor())
    console.print(f"added {account.username} ({account.role})", highlight=False)


@app.command("passwd")
def passwd(username: str = typer.Argument(...), password_stdin: bool = PASSWORD_STDIN) -> None:
    """Set a new password; signs the account out everywhere."""
    store = open_store()
    with user_errors():
        password = _read_password(password_stdin)
        with transaction(store.factory) as db:
            set_password(db, username=username, password=password, actor=_actor())
    console.print(f"password changed for {username}", highlight=False)


@app.command("list")
def list_command() -> None:
    """Accounts and API tokens (never the secrets)."""
    store = open_store()
    with store.factory() as db:
        for user in list_users(db):
            state = "active" if user.active else "disabled"
            console.print(f"{user.username}\t{user.role}\t{state}", highlight=False)
        for token, owner in list_tokens(db):
            status = "revoked" if token.revoked_at else "live"
            console.print(f"token {token.id}\t{owner}\t{token.name}\t{token.prefix}…\t{status}", highlight=False)


@app.command("token")
def token(
    username: str = typer.Argument(..., help="The account whose rights the token carries."),
    name: str = typer.Option("api", "--name", help="A label to tell tokens apart."),
    days: int | None = typer.Option(None, "--days", help="Expire after this many days (default: never)."),
) -> None:
    """Mint an API token and print it once; only its hash is kept."""
    store = open_store()
    with user_errors(), transaction(store.factory) as db:
        token_id, secret = mint_token(db, username=username, name=name, actor=_actor(), days=days)
    console.print(f"token {token_id} for {username} (shown once, keep it safe):", highlight=False)
    print(secret)


@app.command("revoke-token")
def revoke(token_id: int = typer.Argument(...)) -> None:
    """Revoke an API token by its id (see `refwatch users list`)."""
    store = open_store()
    with transaction(store.factory) as db:
        revoked = revoke_token(db, token_id=token_id, actor=_actor())
    if not revoked:
        console.print(f"no live token {token_id}", highlight=False)
        raise typer.Exit(1)
    console.print(f"token {token_id} revoked", highlight=False)
