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
    │   │   └── RobotsUnavailable     RW209  robots.txt could not be read (5xx, unreachable): not now
    │   ├── HttpStatusError           RW205
    │   ├── FetchTimeout              RW206
    │   ├── ConnectFailed             RW207
    │   └── UnsupportedUrl            RW208
    ├── ParseError                    RW3xx  fetched bytes are not what they claim
    │   ├── MalformedFeed             RW301
    │   ├── NoArticle                 RW302
    │   └── ExtractTimeout            RW303  page text extraction ran past its time limit
    ├── StoreError                    RW4xx  the database refused a change
    ├── ExtractionError               RW5xx  a report could not be coded
    │   ├── NoRulesForLanguage        RW501  no rules are registered (or loadable) for its language
    │   └── StageFailed               RW502  a pipeline stage broke on this report
    ├── RespondError                  RW6xx  an alert, action, event or response cannot be handled
    │   ├── TokenInvalid              RW601  a confirmation, unsubscribe or RSVP token is unknown or expired
    │   ├── DeliveryFailed            RW602  a channel could not deliver now; the outbox retries (`permanent` says not)
    │   ├── SignatureInvalid          RW603  a webhook signature or timestamp does not check out
    │   ├── TargetImportError         RW604  a row of a targets directory file is unusable
    │   ├── InvalidEvent              RW605  an event's times, time zone or fields do not make sense
    │   ├── RateLimited               RW606  too many responses or sign-ups from one address
    │   ├── InvalidResponse           RW607  a reader's response is empty, too long or on an unknown page
    │   └── FontUnavailable           RW608  no font with Hangul glyphs was found for share images
    ├── WebError                      RW7xx  a web request cannot be answered as asked (carries `status`)
    │   ├── BadRequest                RW701  400 a parameter or form field is not usable
    │   ├── NotAuthenticated          RW702  401 sign in (pages) or send a valid API token (API)
    │   ├── PermissionDenied          RW703  403 the signed-in role may not do this
    │   ├── NotFound                  RW704  404
    │   ├── CsrfRejected              RW705  403 a form without a valid CSRF token, or from another site
    │   ├── EditConflict              RW706  409 someone changed the thing since the form was shown
    │   └── TooManyAttempts           RW707  429 login paused after repeated failures
    └── IncidentError                 RW8xx  an incident decision cannot be carried out
        ├── UnknownIncident           RW801  no incident (or report in it) with that key or id
        └── InvalidDecision           RW802  a merge, split, move or pin that makes no sense

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


class RobotsUnavailable(RobotsDisallowed):
    """Not a "no" from the site: its robots.txt failed, so the URL is left for a later attempt."""

    code = "RW209"


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


class ExtractionError(RefwatchError):
    code = "RW500"


class NoRulesForLanguage(ExtractionError):
    code = "RW501"


class StageFailed(ExtractionError):
    code = "RW502"


class RespondError(RefwatchError):
    code = "RW600"


class TokenInvalid(RespondError):
    code = "RW601"


class DeliveryFailed(RespondError):
    """A channel could not deliver; `permanent` deliveries are not retried, `retry_after` overrides backoff."""

    code = "RW602"

    def __init__(self, message: str, *, where: str | None = None, permanent: bool = False,
                 retry_after: float | None = None) -> None:
        super().__init__(message, where=where)
        self.permanent = permanent
        self.retry_after = retry_after


class SignatureInvalid(RespondError):
    code = "RW603"


class TargetImportError(RespondError):
    code = "RW604"


class InvalidEvent(RespondError):
    code = "RW605"


class RateLimited(RespondError):
    code = "RW606"


class InvalidResponse(RespondError):
    code = "RW607"


class FontUnavailable(RespondError):
    code = "RW608"


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


class IncidentError(RefwatchError):
    code = "RW800"


class UnknownIncident(IncidentError):
    code = "RW801"


class InvalidDecision(IncidentError):
    code = "RW802"
