"""In-memory state: users, apps, tokens, connections and each organisation's records."""

from __future__ import annotations

import random
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask import Flask, current_app

from . import chart, dates

EXTENSION = "xero_sandbox"
Record = dict[str, Any]


@dataclass
class Client:
    """An OAuth app; `client_secret` is None for an "Auth Code with PKCE" app."""

    client_id: str
    client_secret: str | None
    name: str
    redirect_uris: list[str]
    # Custom Connections: the one organisation a client_credentials token reaches.
    custom_tenant: str | None = None


@dataclass
class User:
    user_id: str
    email: str
    password: str
    name: str
    org_ids: list[str] = field(default_factory=list)


@dataclass
class Connection:
    id: str
    user_id: str
    client_id: str
    tenant_id: str
    auth_event_id: str
    created: datetime
    updated: datetime


@dataclass
class Org:
    """One Xero organisation (tenant) and everything it holds."""

    id: str
    name: str
    country: str
    created: datetime
    settings: Record
    emit: Callable[[Org, str, str, str, Record | None], None]
    contacts: dict[str, Record] = field(default_factory=dict)
    items: dict[str, Record] = field(default_factory=dict)
    accounts: dict[str, Record] = field(default_factory=dict)
    tax_rates: dict[str, Record] = field(default_factory=dict)  # by TaxType
    tracking: dict[str, Record] = field(default_factory=dict)
    invoices: dict[str, Record] = field(default_factory=dict)
    credit_notes: dict[str, Record] = field(default_factory=dict)
    payments: dict[str, Record] = field(default_factory=dict)
    allocations: dict[str, Record] = field(default_factory=dict)
    manual_journals: dict[str, Record] = field(default_factory=dict)
    purchase_orders: dict[str, Record] = field(default_factory=dict)
    journals: list[Record] = field(default_factory=list)
    attachments: dict[str, list[Record]] = field(default_factory=dict)  # by owner id
    # Uniqueness indexes (casefolded keys) and number sequences.
    index: dict[str, dict[str, str]] = field(default_factory=dict)
    sequences: dict[str, int] = field(default_factory=dict)
    rng: random.Random | None = None  # set by seed() so ids repeat for the same seed

    @property
    def currency(self) -> str:
        return str(self.settings["BaseCurrency"])

    def lookup(self, index: str, key: str | None) -> str | None:
        if not key:
            return None
        return self.index.setdefault(index, {}).get(key.casefold())

    def remember(self, index: str, key: str | None, record_id: str) -> None:
        if key:
            self.index.setdefault(index, {})[key.casefold()] = record_id

    def forget(self, index: str, key: str | None, record_id: str) -> None:
        if key and self.index.setdefault(index, {}).get(key.casefold()) == record_id:
            del self.index[index][key.casefold()]

    @staticmethod
    def put(collection: dict[str, Record], record_id: str, record: Record) -> None:
        """Store a changed record last, so a collection's order is UpdatedDateUTC ascending."""
        collection.pop(record_id, None)
        collection[record_id] = record

    def new_id(self) -> str:
        """A fresh uuid; seeded organisations draw theirs from the seed's generator."""
        if self.rng is None:
            return str(uuid.uuid4())
        # Version-4 bits set by hand: uuid.UUID(...) is the seed's hottest call otherwise.
        bits = self.rng.getrandbits(128) & ~(0xF000 << 64) & ~(0xC000 << 48)
        text = f"{bits | 0x4000 << 64 | 0x8000 << 48:032x}"
        return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"

    def next_number(self, sequence: str) -> int:
        self.sequences[sequence] = self.sequences.get(sequence, 0) + 1
        return self.sequences[sequence]

    def account_by_code(self, code: str | None) -> Record | None:
        found = self.lookup("account_code", code)
        return self.accounts.get(found) if found else None

    def system_account(self, system: str) -> Record:
        for account in self.accounts.values():
            if account.get("SystemAccount") == system:
                return account
        raise LookupError(system)

    def lock_date(self) -> date | None:
        """The later of the period and end-of-year lock dates."""
        found = [d for d in (self.settings.get("PeriodLockDate"),) if d]
        found += [d for d in (self.settings.get("EndOfYearLockDate"),) if d]
        return max(found) if found else None


class State:
    """Everything one sandbox app holds, behind one re-entrant lock."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.lock = threading.RLock()
        self.clients: dict[str, Client] = {}
        self.users: dict[str, User] = {}
        self.orgs: dict[str, Org] = {}
        self.connections: dict[str, Connection] = {}
        self.access_tokens: dict[str, Any] = {}
        self.refresh_tokens: dict[str, Any] = {}
        self.codes: dict[str, Any] = {}
        self.login_tickets: dict[str, Any] = {}
        self.idempotency: dict[tuple[str, str, str], Any] = {}
        self.outbox: list[Record] = []  # webhook events not yet queued per subscription
        self.extras: dict[str, Any] = {}  # room for limits, webhooks, later payroll

    def add_client(
        self,
        client_id: str,
        client_secret: str | None,
        redirect_uris: list[str],
        name: str = "Sandbox app",
        custom_tenant: str | None = None,
    ) -> Client:
        client = Client(client_id, client_secret, name, list(redirect_uris), custom_tenant)
        self.clients[client_id] = client
        return client

    def add_user(self, email: str, password: str, name: str = "") -> User:
        user = User(str(uuid.uuid4()), email, password, name or email.split("@")[0])
        self.users[user.user_id] = user
        return user

    def user_by_email(self, email: str) -> User | None:
        wanted = email.strip().casefold()
        return next((u for u in self.users.values() if u.email.casefold() == wanted), None)

    def add_org(
        self,
        user: User | None,
        name: str,
        country: str = "AU",
        org_id: str | None = None,
        rng: random.Random | None = None,
    ) -> Org:
        key = chart.country_key(country)
        profile = chart.COUNTRIES[key]
        created = dates.now()
        org_id = (org_id or str(uuid.uuid4())).lower()
        settings: Record = {k: v for k, v in profile.items() if k[:1].isupper()}
        settings.update(
            OrganisationID=org_id,
            Name=name,
            LegalName=name,
            PaysTax=True,
            OrganisationType="COMPANY",
            IsDemoCompany=False,
            OrganisationStatus="ACTIVE",
            DefaultSalesTax="Tax Exclusive",
            DefaultPurchasesTax="Tax Exclusive",
            ShortCode="!" + org_id[:5],
            Class="PREMIUM",
            Edition="BUSINESS",
            CreatedDateUTC=created,
            PeriodLockDate=None,
            EndOfYearLockDate=None,
        )
        org = Org(org_id, name, key, created, settings, self._emit, rng=rng)
        for rate in chart.tax_rates(key):
            org.tax_rates[rate["TaxType"]] = rate
        for account in chart.accounts(key):
            account.update(AccountID=org.new_id(), UpdatedDateUTC=created)
            org.accounts[account["AccountID"]] = account
            org.remember("account_code", account["Code"], account["AccountID"])
            org.remember("account_name", account["Name"], account["AccountID"])
        self.orgs[org_id] = org
        if user is not None:
            user.org_ids.append(org_id)
        return org

    def _emit(
        self, org: Org, category: str, event_type: str, resource_id: str, data: Record | None
    ) -> None:
        """Record a webhook-worthy change; webhooks.py turns it into deliveries."""
        self.outbox.append(
            {
                "tenant_id": org.id,
                "category": category,
                "event_type": event_type,
                "resource_id": resource_id,
                "data": data,
                "at": dates.now(),
            }
        )


def state_of(app: Flask | None = None) -> State:
    return (app or current_app).extensions[EXTENSION]
