"""The two apps of the browser walk: an OAuth accounting app and a key-based CRM.

Each side uses the real connector (xero, vtiger) and its sandbox once the console can
connect it; until then the toy OAuth connector (signing in at the same Xero sandbox) or the
toy CRM stands in. Only what differs between them lives here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import requests
from flask import Flask


@dataclass
class Accounting:
    """The app connected through its consent page (the Xero sandbox either way)."""

    connector: str

    @staticmethod
    def registration(client: dict[str, str], url: str) -> dict[str, Any]:
        return {**client, "url": url, "login_url": url, "identity_url": url, "api_url": url}


class ToyCrm:
    """The toy CRM (key-based), standing in for vtiger."""

    connector = "crm"

    def __init__(self, toys: Any) -> None:
        self.toys = toys
        self.url = toys.crm_url

    def registration(self) -> dict[str, Any]:
        return {"base_url": self.url}

    def fill_connect_form(self, page: Any) -> None:
        page.fill("#f-api_key", "toy-key")

    def add(self, name: str, email: str) -> None:
        from toyapps.app import edit

        edit(self.toys.crm_app, "contacts", name=name, email=email)

    def names(self) -> set[str]:
        records = self.toys.crm_app.extensions["toy"].records["contacts"].values()
        return {r["name"] for r in records if not r.get("deleted")}

    def stop(self) -> None:
        pass


class Vtiger:
    """The vtiger sandbox, driven through its webservice API as a person's CRM would be."""

    connector = "vtiger"

    def __init__(self) -> None:
        from connectors.vtiger.sandbox import create_app
        from hub.sdk.sandbox import serve_in_thread

        self.app: Flask = create_app()
        self.server = serve_in_thread(self.app)
        self.url = self.server.url

    def registration(self) -> dict[str, Any]:
        return {"url": self.url}

    def fill_connect_form(self, page: Any) -> None:
        from connectors.vtiger.sandbox import DEFAULT_ACCESS_KEY, DEFAULT_USERNAME

        page.fill("#f-username", DEFAULT_USERNAME)
        page.fill("#f-access_key", DEFAULT_ACCESS_KEY)

    def _call(self, method: str, **params: str) -> Any:
        from connectors.vtiger.sandbox import DEFAULT_ACCESS_KEY, DEFAULT_USERNAME

        endpoint = f"{self.url}/webservice.php"
        token = requests.get(
            endpoint, params={"operation": "getchallenge", "username": DEFAULT_USERNAME}, timeout=10
        ).json()["result"]["token"]
        key = hashlib.md5((token + DEFAULT_ACCESS_KEY).encode()).hexdigest()
        session = requests.post(
            endpoint,
            data={"operation": "login", "username": DEFAULT_USERNAME, "accessKey": key},
            timeout=10,
        ).json()["result"]["sessionName"]
        send = requests.get if method == "GET" else requests.post
        field = "params" if method == "GET" else "data"
        answer = send(endpoint, **{field: {**params, "sessionName": session}}, timeout=10).json()
        assert answer["success"], answer
        return answer["result"]

    def add(self, name: str, email: str) -> None:
        import json

        element = {"accountname": name, "email1": email, "assigned_user_id": "19x1"}
        self._call("POST", operation="create", elementType="Accounts", element=json.dumps(element))

    def names(self) -> set[str]:
        rows = self._call("GET", operation="query", query="SELECT accountname FROM Accounts;")
        return {row["accountname"] for row in rows}

    def stop(self) -> None:
        self.server.stop()


USED: list[str] = []  # which connectors each walk used, for the end-of-run summary


def choose(app: Flask) -> tuple[str, str]:
    """(accounting connector, CRM connector) for the walk: the real ones where the console
    can connect them, else the toys. The real CRM needs its access key declared as a secret
    setting (the console's one convention for keys), or its form has nowhere to type it."""
    from hub.services.connecting import secret_fields

    registry = app.extensions["hub.registry"]
    names = set(registry.names())
    accounting = "xero" if "xero" in names else "toyxero"
    vtiger_ready = "vtiger" in names and "access_key" in secret_fields(registry.get("vtiger"))
    return accounting, "vtiger" if vtiger_ready else "crm"
