"""The connector error family, named for what the engine does next."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from hub.sdk.redact import scrub

__all__ = [
    "ConfigurationError",
    "ConnectorError",
    "ReauthorizationRequired",
    "RetryLater",
    "SkipRecord",
    "StopRun",
]


class ConnectorError(Exception):
    """Base of every error a connector raises: a message for the console and one for the log.

    Both messages are scrubbed of credentials (and of the explicit `secrets` given), so they
    can be stored on the sync run and shown to the user as they are.
    """

    def __init__(
        self,
        user_message: str,
        log_message: str | None = None,
        *,
        status: int | None = None,
        secrets: Iterable[str] = (),
    ) -> None:
        secrets = tuple(secrets)
        self.user_message = scrub(user_message, secrets)
        self.log_message = scrub(log_message or user_message, secrets)
        self.status = status
        super().__init__(self.log_message)


class ConfigurationError(ConnectorError):
    """The user must fix the connection's settings (or permissions) before it can run again."""


class ReauthorizationRequired(ConnectorError):
    """The credentials were revoked or expired for good: the user must reconnect the app."""


class RetryLater(ConnectorError):
    """A transient failure: try again later, after `retry_after` seconds when the app says."""

    def __init__(
        self,
        user_message: str,
        log_message: str | None = None,
        *,
        retry_after: float | None = None,
        limit: str | None = None,
        status: int | None = None,
        secrets: Iterable[str] = (),
    ) -> None:
        super().__init__(user_message, log_message, status=status, secrets=secrets)
        self.retry_after = retry_after
        # Which limit was hit when the app names it (Xero's X-Rate-Limit-Problem: minute, day).
        self.limit = limit


class SkipRecord(ConnectorError):
    """The app rejected this record: keep its own message (and field errors); the run goes on."""

    def __init__(
        self,
        user_message: str,
        log_message: str | None = None,
        *,
        field_errors: Mapping[str, str | Iterable[str]] | None = None,
        status: int | None = None,
        secrets: Iterable[str] = (),
    ) -> None:
        secrets = tuple(secrets)
        super().__init__(user_message, log_message, status=status, secrets=secrets)
        self.field_errors: dict[str, list[str]] = {}
        for field, messages in (field_errors or {}).items():
            # Apps send either one message or a list of them per field.
            listed = [messages] if isinstance(messages, str) else list(messages)
            self.field_errors[field] = [scrub(str(m), secrets) for m in listed]


class StopRun(ConnectorError):
    """Stop this run: a bug, an unexpected response shape or a pagination loop."""
