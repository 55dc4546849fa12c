"""Sandbox configuration and the in-memory state one app instance owns (behind one lock)."""

from __future__ import annotations

import copy
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .modules import Catalog
from .store import Record, Store
from .values import format_datetime, utcnow

DEFAULT_USERNAME = "admin"
# The demo's well-known access key (vtiger shows it under My Preferences).
DEFAULT_ACCESS_KEY = "S4ndb0xAcc3ssK3y"

DEFAULT_CONFIG: dict[str, Any] = {
    "users": [
        {
            "id": 1,
            "user_name": DEFAULT_USERNAME,
            "access_key": DEFAULT_ACCESS_KEY,
            "first_name": "Sandbox",
            "last_name": "Administrator",
            "email1": "admin@sandbox.example",
            "is_admin": True,
            "status": "Active",
        }
    ],
    "currencies": [
        {
            "id": 1,
            "currency_name": "USA, Dollars",
            "currency_code": "USD",
            "currency_symbol": "$",
            "conversion_rate": "1.00000",
        }
    ],
    "session_lifetime": 86400,  # $maxWebServiceSessionLifeSpan
    "session_idle_timeout": 1800,  # $maxWebServiceSessionIdleTime
    "token_lifetime": 300,  # getchallenge tokens live five minutes
    "id_prefixes": {},  # override DEFAULT_PREFIXES, e.g. {"Accounts": 3}
    # Over HTTP vtiger's sync only returns records owned by the session user.
    "sync_owner_filter": True,
    "vtiger_version": "7.0.1",
    "api_version": "0.22",
    "first_crmid": 1,
}


@dataclass
class Challenge:
    token: str
    expires: datetime


@dataclass
class Session:
    name: str
    user_id: int
    started: datetime
    last_seen: datetime


class Sandbox:
    """Everything one sandbox app holds: config, catalogue, records, tokens and sessions."""

    def __init__(self, config: dict[str, Any] | None = None) -> None:
        merged = copy.deepcopy(DEFAULT_CONFIG)
        merged.update(copy.deepcopy(config or {}))
        self.config = merged
        self.lock = threading.RLock()
        self.catalog = Catalog(merged["id_prefixes"])
        self.store = Store(self.catalog.modules, first_crmid=int(merged["first_crmid"]))
        self.access_keys: dict[int, str | None] = {}
        self.challenges: dict[int, Challenge] = {}
        self.sessions: dict[str, Session] = {}
        for user in merged["users"]:
            self._add_user(user)
        for currency in merged["currencies"]:
            self._add_currency(currency)

    def _add_user(self, user: dict[str, Any]) -> None:
        user_id = int(user["id"])
        now = utcnow()
        values = {
            "user_name": str(user["user_name"]),
            "is_admin": "1" if user.get("is_admin") else "0",
            "email1": str(user.get("email1") or f"{user['user_name']}@sandbox.example"),
            "status": str(user.get("status") or "Active"),
            "first_name": str(user.get("first_name") or ""),
            "last_name": str(user.get("last_name") or user["user_name"]),
            "title": str(user.get("title") or ""),
            "department": str(user.get("department") or ""),
            "phone_work": str(user.get("phone_work") or ""),
            "time_zone": "UTC",
            "currency_id": self.catalog.ws_id("Currency", 1),
            "date_format": "yyyy-mm-dd",
            "hour_format": "24",
        }
        self.store.add(Record("Users", user_id, values, created=now, modified=now))
        self.access_keys[user_id] = user.get("access_key")

    def _add_currency(self, currency: dict[str, Any]) -> None:
        number = int(currency["id"])
        values = {
            "currency_name": str(currency["currency_name"]),
            "currency_code": str(currency["currency_code"]),
            "currency_symbol": str(currency["currency_symbol"]),
            "conversion_rate": str(currency.get("conversion_rate", "1.00000")),
            "currency_status": "Active",
            "defaultid": "-11" if number == 1 else "0",
            "deleted": "0",
        }
        now = utcnow()
        self.store.add(Record("Currency", number, values, created=now, modified=now))

    def user_by_name(self, user_name: str) -> Record | None:
        for user in self.store.by_module["Users"].values():
            if user.values["user_name"] == user_name:
                return user
        return None

    def user_ws_id(self, user_id: int) -> str:
        return self.catalog.ws_id("Users", user_id)

    @staticmethod
    def stamp(moment: datetime) -> str:
        return format_datetime(moment)
