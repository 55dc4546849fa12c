"""What a connector declares: entities and capabilities, settings, auth, reads and writes.

A connector is mostly declaration; the engine runs the loop, owns cursors, links, retries
and checkpoints. A connector maps app records to the canonical shape and back, with
references left as the APP's ids: the engine translates them to and from hub ids.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar

from marshmallow import Schema

from hub.sdk.http import HttpClient


class Capability(StrEnum):
    """What a connector can do with an entity: read it from the app, write it, or both."""

    PULL = "pull"
    PUSH = "push"
    BOTH = "both"

    def allows(self, direction: str) -> bool:
        """Whether a direction (off, pull, push, both) fits within this capability."""
        if direction == "off":
            return True
        if self is Capability.BOTH:
            return direction in ("pull", "push", "both")
        return direction == self.value


@dataclass(frozen=True)
class EntitySpec:
    """One canonical entity a connector shares, and how it finds existing twins."""

    capability: Capability
    # Matching on first connection: ordered keys among "email", "tax_number", "name", "code".
    match_on: tuple[str, ...] = ()
    # What the app calls it, for the console's data-sharing table.
    label: str = ""
    # Widgets this entity feeds, for the marketplace page.
    widgets: tuple[str, ...] = ()


@dataclass
class ExternalRecord:
    """A record read from the app, already in canonical shape with the app's own ids."""

    id: str
    data: dict[str, Any]
    updated_at: datetime | None = None
    deleted: bool = False
    label: str = ""  # a display name for the console (matching, errors)


@dataclass
class Page:
    """One page of a read; `cursor` is where the next read starts once this page is stored."""

    records: list[ExternalRecord]
    cursor: Any = None


@dataclass
class WriteOp:
    """One record to create, update or delete in the app (references are app ids)."""

    record_id: str
    action: str  # create, update, delete
    data: dict[str, Any]
    external_id: str | None = None
    idempotency_key: str = ""


@dataclass
class WriteResult:
    """What became of one WriteOp: the app's id, or the app's own reason for refusing."""

    record_id: str
    external_id: str | None = None
    error: str | None = None
    # The record as the app now holds it, in canonical shape: the base for echo detection.
    data: dict[str, Any] | None = None
    field_errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class WebhookEvent:
    """A change an app announced; the engine re-reads the record rather than trust the body."""

    event_id: str
    entity: str
    external_id: str
    action: str = "update"  # create, update, delete


class Notes:
    """Where rules leave visible notes on the sync run (what they dropped or changed)."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str, str]] = []  # (entity, record key, message)

    def add(self, entity: str, key: str, message: str) -> None:
        self.items.append((entity, key, message))


@dataclass(frozen=True)
class Tenant:
    """An account of the app that a set of credentials reaches (a Xero organisation...)."""

    id: str
    name: str
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class Context:
    """What the engine gives a connector instance: settings, credentials and plumbing."""

    settings: Mapping[str, Any]
    credentials: dict[str, Any]
    tenant_id: str | None = None
    # Persist rotated credentials at once (under a lock), before anything else can fail.
    save_credentials: Any = None
    # Called before every API call with the method and URL: the shared rate-limit budget.
    before_request: Any = None
    base_urls: Mapping[str, str] = field(default_factory=dict)


class Connector:
    """Base class of connectors; subclasses declare and implement the hooks below."""

    name: ClassVar[str]
    title: ClassVar[str]
    description: ClassVar[str] = ""
    entities: ClassVar[Mapping[str, EntitySpec]] = {}
    settings_schema: ClassVar[type[Schema] | None] = None
    auth: ClassVar[str] = "keys"  # keys or oauth2
    # The module of the emulated app (exporting create_app and seed) and its usual port,
    # served by `hub sandbox <name>`.
    sandbox: ClassVar[str | None] = None
    sandbox_port: ClassVar[int] = 0
    batch_size: ClassVar[int] = 50
    page_size: ClassVar[int] = 100
    # Calls per minute one tenant may make, shared by every worker (None: no budget).
    calls_per_minute: ClassVar[int | None] = None

    def __init__(self, context: Context) -> None:
        self.context = context
        self._clients: list[HttpClient] = []
        # The run's notes (the engine hands in its own): a connector may leave one at any
        # point, reading included, and it appears on the run.
        self.notes = Notes()
        # A word for the console about the connection as a whole, kept after the run
        # (e.g. "Payroll is off: reconnect and allow payroll access"); None leaves it.
        self.status_message: str | None = None

    def http_client(self, base_url: str, **kwargs: Any) -> HttpClient:
        """An HTTP client wired to the engine: rate-limit budget, call counting, secrets.

        Credentials are registered as secrets so they never reach logs or error text.
        """
        kwargs.setdefault("before_request", self.context.before_request)
        secrets = [str(v) for v in self.context.credentials.values() if isinstance(v, str)]
        kwargs["secrets"] = [*kwargs.get("secrets", ()), *secrets]
        client = HttpClient(base_url, **kwargs)
        self._clients.append(client)
        return client

    @property
    def api_calls(self) -> int:
        """Calls made through this connector's clients: the run's "API calls used"."""
        return sum(client.calls for client in self._clients)

    # -- reading -------------------------------------------------------------------------

    def read(self, entity: str, cursor: Any) -> Iterator[Page]:
        """Pages of records changed since `cursor` (None: everything)."""
        raise NotImplementedError

    def fetch(self, entity: str, external_id: str) -> ExternalRecord | None:
        """One record by id, to resolve a reference to a record not seen yet."""
        return None

    # -- writing -------------------------------------------------------------------------

    def prepare(self, entity: str, data: dict[str, Any], notes: Notes, key: str) -> dict[str, Any]:
        """Apply the app's rules before a write; raise SkipRecord to hold a record back."""
        return data

    def write(self, entity: str, ops: Sequence[WriteOp]) -> list[WriteResult]:
        """Create, update or delete a batch; one result per op, in any order."""
        raise NotImplementedError

    # -- webhooks ------------------------------------------------------------------------

    # How the hub acknowledges a verified delivery: (status, body). Some apps insist on an
    # exact answer (Xero's intent-to-receive check wants 200 and an empty body); None means
    # the hub's own (202 with a JSON summary).
    webhook_ack: ClassVar[tuple[int, str] | None] = None

    def verify_webhook(self, headers: Mapping[str, str], body: bytes) -> bool:
        """Whether a delivery carries the app's valid signature."""
        return False

    def parse_webhook(self, headers: Mapping[str, str], body: bytes) -> list[WebhookEvent]:
        """The events in a verified delivery."""
        return []

    # -- connecting (auth = "oauth2") ----------------------------------------------------
    #
    # `app` is the marketplace's own registration with the app: client id and secret and
    # base URLs, from the hub's HUB_APPS setting (default: the local sandboxes).

    @classmethod
    def begin_connect(
        cls, app: Mapping[str, Any], redirect_uri: str, state: str, options: Mapping[str, Any]
    ) -> tuple[str, dict[str, Any]]:
        """The URL of the app's consent page, and what to keep until the user returns
        (a PKCE verifier...). `options` carries the user's choices (e.g. payroll access)."""
        raise NotImplementedError(f"{cls.title} connects with keys, not a sign-in page.")

    @classmethod
    def finish_connect(
        cls,
        app: Mapping[str, Any],
        redirect_uri: str,
        params: Mapping[str, str],
        kept: Mapping[str, Any],
    ) -> tuple[dict[str, Any], list[Tenant]]:
        """Exchange the app's answer (the callback's query) for credentials, and list the
        accounts they reach; the user picks one when there are several."""
        raise NotImplementedError(f"{cls.title} connects with keys, not a sign-in page.")

    def revoke(self) -> None:
        """Revoke the credentials at the app on disconnect (best effort)."""

    # Choices asked before the consent page (a marshmallow Schema), e.g. payroll access.
    connect_options: ClassVar[type[Schema] | None] = None

    @classmethod
    def record_url(
        cls, entity: str, external_id: str, settings: Mapping[str, Any], tenant_id: str | None
    ) -> str | None:
        """The record's page in the app, for the console's data browser (None: no link)."""
        return None

    # -- description ---------------------------------------------------------------------

    @classmethod
    def capability(cls, entity: str) -> Capability | None:
        spec = cls.entities.get(entity)
        return spec.capability if spec else None

    @classmethod
    def secret_settings(cls) -> set[str]:
        """Settings flagged secret (metadata secret=True): masked, encrypted, never logged."""
        if cls.settings_schema is None:
            return set()
        return {
            name
            for name, fld in cls.settings_schema._declared_fields.items()
            if fld.metadata.get("secret")
        }
