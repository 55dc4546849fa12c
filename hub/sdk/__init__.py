"""The only hub code a connector imports: declarations, errors, HTTP client and paging."""

from __future__ import annotations

from hub.sdk.connector import (
    Capability,
    Connector,
    Context,
    EntitySpec,
    ExternalRecord,
    Notes,
    Page,
    Tenant,
    WebhookEvent,
    WriteOp,
    WriteResult,
)
from hub.sdk.errors import (
    ConfigurationError,
    ConnectorError,
    ReauthorizationRequired,
    RetryLater,
    SkipRecord,
    StopRun,
)
from hub.sdk.http import HttpClient

__all__ = [
    "Capability",
    "ConfigurationError",
    "Connector",
    "ConnectorError",
    "Context",
    "EntitySpec",
    "ExternalRecord",
    "HttpClient",
    "Notes",
    "Page",
    "ReauthorizationRequired",
    "RetryLater",
    "SkipRecord",
    "StopRun",
    "Tenant",
    "WebhookEvent",
    "WriteOp",
    "WriteResult",
]
