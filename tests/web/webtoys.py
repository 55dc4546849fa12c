"""Connectors for the console's tests: the key-based toys with their keys in the settings
schema, and a small OAuth connector that signs in at the Xero sandbox's real consent page.

They follow the console's convention: every value a user types is a settings field, and
secret ones (`metadata={"secret": True}`) become the connection's encrypted credentials.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import urlencode

import requests
from marshmallow import Schema, fields, validate
from toyapps.connector import CrmConnector, LedgerConnector, ToySettings

from hub.sdk import (
    Capability,
    ConfigurationError,
    Connector,
    Context,
    EntitySpec,
    ExternalRecord,
    Page,
    ReauthorizationRequired,
    Tenant,
    WriteOp,
    WriteResult,
)

REVOKED: list[str] = []  # connector names whose revoke() ran, for the disconnect tests


class KeySettings(ToySettings):
    api_key = fields.String(required=True, metadata={"secret": True, "description": "API key"})
    webhook_secret = fields.String(load_default=None, allow_none=True, metadata={"secret": True})
    mode = fields.String(
        load_default="fast",
        metadata={"description": "a choice, to show selects"},
        validate=validate.OneOf(("fast", "careful")),
    )


class WebLedger(LedgerConnector):
    settings_schema = KeySettings
    description = "A toy accounting app."

    def revoke(self) -> None:
        REVOKED.append(self.name)


class WebCrm(CrmConnector):
    settings_schema = KeySettings
    description = "A toy CRM, standing in for vtiger until its connector is registered."

    @classmethod
    def record_url(
        cls, entity: str, external_id: str, settings: Mapping[str, Any], tenant: str | None
    ) -> str:
        return f"{settings['base_url']}/_toy/{entity}/{external_id}"

    def revoke(self) -> None:
        REVOKED.append(self.name)


# -- a toy OAuth connector against the Xero sandbox ---------------------------------------

SCOPES = "openid profile email offline_access accounting.contacts"


class XeroishSettings(Schema):
    api_url = fields.Url(require_tld=False, load_default="http://127.0.0.1:5101")
    note = fields.String(load_default="", metadata={"description": "anything"})


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


class ToyXeroConnector(Connector):
    """Contacts of the Xero sandbox, connected through its consent page (PKCE + secret)."""

    name: ClassVar[str] = "toyxero"
    title: ClassVar[str] = "Xero (toy OAuth connector)"
    description = "Contacts from the Xero sandbox, signed in through its consent page."
    entities = {
        "contacts": EntitySpec(Capability.BOTH, ("email", "name"), "Contacts", ("contacts_list",))
    }
    settings_schema = XeroishSettings
    auth = "oauth2"

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        api = str(context.credentials.get("api_url") or context.settings.get("api_url"))
        self.http = self.http_client(
            f"{api}/api.xro/2.0",
            headers={
                "Authorization": f"Bearer {context.credentials.get('access_token', '')}",
                "xero-tenant-id": str(context.tenant_id or ""),
                "Accept": "application/json",
            },
        )

    @classmethod
    def begin_connect(
        cls, app: Mapping[str, Any], redirect_uri: str, state: str, options: Mapping[str, Any]
    ) -> tuple[str, dict[str, Any]]:
        verifier = secrets.token_urlsafe(48)
        query = {
            "response_type": "code",
            "client_id": app["client_id"],
            "redirect_uri": redirect_uri,
            "scope": SCOPES,
            "state": state,
            "code_challenge": _challenge(verifier),
            "code_challenge_method": "S256",
        }
        return f"{app['url']}/identity/connect/authorize?{urlencode(query)}", {"verifier": verifier}

    @classmethod
    def finish_connect(
        cls,
        app: Mapping[str, Any],
        redirect_uri: str,
        params: Mapping[str, str],
        kept: Mapping[str, Any],
    ) -> tuple[dict[str, Any], list[Tenant]]:
        if params.get("error") or not params.get("code"):
            raise ConfigurationError(f"no code: {params.get('error', 'none')}")
        answer = requests.post(
            f"{app['url']}/connect/token",
            data={
                "grant_type": "authorization_code",
                "code": params["code"],
                "redirect_uri": redirect_uri,
                "code_verifier": kept["verifier"],
            },
            auth=(app["client_id"], app["client_secret"]),
            timeout=10,
        )
        if answer.status_code != 200:
            raise ReauthorizationRequired(f"The token exchange was refused: {answer.text}")
        token = answer.json()
        listing = requests.get(
            f"{app['url']}/connections",
            headers={"Authorization": f"Bearer {token['access_token']}"},
            timeout=10,
        ).json()
        credentials = {
            "access_token": token["access_token"],
            "refresh_token": token.get("refresh_token"),
            "api_url": app["url"],
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
        }
        return credentials, [Tenant(row["tenantId"], row["tenantName"]) for row in listing]

    def revoke(self) -> None:
        REVOKED.append(self.name)
        requests.post(
            f"{self.context.credentials['api_url']}/connect/revocation",
            data={"token": self.context.credentials.get("refresh_token", "")},
            auth=(self.context.credentials["client_id"], self.context.credentials["client_secret"]),
            timeout=10,
        )

    def read(self, entity: str, cursor: Any) -> Iterator[Page]:
        page = 1
        while True:
            body = self.http.request_json("GET", "/Contacts", params={"page": page})
            rows = body.get("Contacts") or []
            yield Page([self._external(row) for row in rows], None)
            if len(rows) < 100:
                return
            page += 1

    def _external(self, row: dict[str, Any]) -> ExternalRecord:
        data: dict[str, Any] = {"kind": "ORGANIZATION", "name": row["Name"], "is_customer": True}
        email = row.get("EmailAddress")
        data["emails"] = [{"type": "PRIMARY", "address": email}] if email else []
        stamp = str(row.get("UpdatedDateUTC") or "")
        millis = int(stamp[6:19]) if stamp.startswith("/Date(") else 0
        return ExternalRecord(
            id=row["ContactID"],
            data=data,
            updated_at=datetime.fromtimestamp(millis / 1000, UTC),
            deleted=row.get("ContactStatus") == "ARCHIVED",
            label=row["Name"],
        )

    def write(self, entity: str, ops: Sequence[WriteOp]) -> list[WriteResult]:
        contacts = []
        for op in ops:
            emails = op.data.get("emails") or []
            body = {
                "Name": op.data.get("name"),
                "EmailAddress": emails[0]["address"] if emails else "",
            }
            if op.external_id:
                body["ContactID"] = op.external_id
            contacts.append(body)
        answer = self.http.request_json(
            "POST", "/Contacts", params={"summarizeErrors": "false"}, json={"Contacts": contacts}
        )
        results = []
        for op, row in zip(ops, answer["Contacts"], strict=True):
            errors = row.get("ValidationErrors") or []
            if errors:
                message = "; ".join(e.get("Message", "") for e in errors)
                results.append(WriteResult(op.record_id, op.external_id, error=message))
            else:
                external = self._external(row)
                results.append(WriteResult(op.record_id, row["ContactID"], data=external.data))
        return results
