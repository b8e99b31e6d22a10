"""The errors refwatch reports to people, each with a stable code that logs and docs can name.

    RefwatchError                     RW000
    ├── InputError                    RW1xx  the user's input cannot be used
    │   ├── UnknownFileType           RW101
    │   ├── MalformedLine             RW102
    │   └── UnreadableText            RW103
    ├── FetchError                    RW2xx  a URL could not be fetched safely
    │   ├── BlockedAddress            RW201  SSRF guard: private, loopback, link-local, multicast
    │   ├── BodyTooLarge              RW202
    │   ├── TooManyRedirects          RW203
    │   ├── RobotsDisallowed          RW204
    │   ├── HttpStatusError           RW205
    │   ├── FetchTimeout              RW206
    │   ├── ConnectFailed             RW207
    │   └── UnsupportedUrl            RW208
    ├── ParseError                    RW3xx  fetched bytes are not what they claim
    │   ├── MalformedFeed             RW301
    │   ├── NoArticle                 RW302
    │   └── ExtractTimeout            RW303  page text extraction ran past its time limit
    ├── StoreError                    RW4xx  the database refused a change
    └── WebError                      RW7xx  a web request cannot be answered as asked (carries `status`)
        ├── BadRequest                RW701  400 a parameter or form field is not usable
        ├── NotAuthenticated          RW702  401 sign in (pages) or send a valid API token (API)
        ├── PermissionDenied          RW703  403 the signed-in role may not do this
        ├── NotFound                  RW704  404
        ├── CsrfRejected              RW705  403 a form without a valid CSRF token, or from another site
        ├── EditConflict              RW706  409 someone changed the thing since the form was shown
        └── TooManyAttempts           RW707  429 login paused after repeated failures

Foreign exceptions are wrapped with `raise ... from e` at the edge where they occur.
"""

from __future__ import annotations


class RefwatchError(Exception):
    code = "RW000"

    def __init__(self, message: str, *, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        prefix = f"{self.where}: " if self.where else ""
        return f"{prefix}{self.message} [{self.code}]"


class InputError(RefwatchError):
    code = "RW100"


class UnknownFileType(InputError):
    code = "RW101"


class MalformedLine(InputError):
    code = "RW102"


class UnreadableText(InputError):
    code = "RW103"


class FetchError(RefwatchError):
    code = "RW200"


class BlockedAddress(FetchError):
    code = "RW201"


class BodyTooLarge(FetchError):
    code = "RW202"


class TooManyRedirects(FetchError):
    code = "RW203"


class RobotsDisallowed(FetchError):
    code = "RW204"


class HttpStatusError(FetchError):
    code = "RW205"


class FetchTimeout(FetchError):
    code = "RW206"


class ConnectFailed(FetchError):
    code = "RW207"


class UnsupportedUrl(FetchError):
    code = "RW208"


class ParseError(RefwatchError):
    code = "RW300"


class MalformedFeed(ParseError):
    code = "RW301"


class NoArticle(ParseError):
    code = "RW302"


class ExtractTimeout(ParseError):
    code = "RW303"


class StoreError(RefwatchError):
    code = "RW400"


class WebError(RefwatchError):
    """A request the web app refuses; `status` is the HTTP status it is answered with."""

    code = "RW700"
    status = 400


class BadRequest(WebError):
    code = "RW701"
    status = 400


class NotAuthenticated(WebError):
    code = "RW702"
    status = 401


class PermissionDenied(WebError):
    code = "RW703"
    status = 403


class NotFound(WebError):
    code = "RW704"
    status = 404


class CsrfRejected(WebError):
    code = "RW705"
    status = 403


class EditConflict(WebError):
    code = "RW706"
    status = 409


class TooManyAttempts(WebError):
    code = "RW707"
    status = 429
