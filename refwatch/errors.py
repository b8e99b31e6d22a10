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
    │   └── NoArticle                 RW302
    └── StoreError                    RW4xx  the database refused a change

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


class StoreError(RefwatchError):
    code = "RW400"
