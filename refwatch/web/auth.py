"""Who may do what: the signed-in account for pages, the bearer token for the API.

Pages never look at `Authorization`, the API never looks at cookies: so a page in a
browser cannot be turned into an API call, and CSRF cannot reach the API.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker

from refwatch.errors import NotAuthenticated, PermissionDenied
from refwatch.store import transaction
from refwatch.store.users import Account, account_for_token


def current_account(request: Request) -> Account | None:
    account: Account | None = getattr(request.state, "account", None)
    return account


def require(role: str = "viewer") -> Callable[[Request], Account]:
    """A dependency for pages: the signed-in account holding at least `role`."""

    def dependency(request: Request) -> Account:
        account = current_account(request)
        if account is None:
            raise NotAuthenticated("sign in to use the workspace")
        if not account.can(role):
            raise PermissionDenied(f"this needs the {role} role")
        return account

    return dependency


bearer_scheme = HTTPBearer(auto_error=False, description="An API token minted with `refwatch users token`.")


def api_account(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]
) -> Account | None:
    """A dependency for the API: the token's account, None without a token, 401 for a bad one."""
    if credentials is None or not credentials.credentials.strip():
        return None
    token = credentials.credentials.strip()
    factory: sessionmaker[Session] = request.app.state.factory
    with transaction(factory) as db:
        account = account_for_token(db, token)
    if account is None:
        raise NotAuthenticated("the API token is unknown, expired or revoked")
    request.state.account = account
    return account


def require_token(account: Annotated[Account | None, Depends(api_account)]) -> Account:
    if account is None:
        raise NotAuthenticated("this needs an API token (Authorization: Bearer …)")
    return account


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


# Parameter types for handlers: `account: Editor` means "signed in with at least the editor role".
Viewer = Annotated[Account, Depends(require("viewer"))]
Editor = Annotated[Account, Depends(require("editor"))]
Admin = Annotated[Account, Depends(require("admin"))]
TokenHolder = Annotated[Account, Depends(require_token)]
MaybeToken = Annotated[Account | None, Depends(api_account)]
