"""Harvest API v2 over the hub's HTTP client: token and account headers, pages, decimals."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from hub.sdk import Connector
from hub.sdk.errors import ConfigurationError, StopRun

from .settings import DEFAULT_BASE_URL

# Harvest asks every client to name itself and give a way to reach its author.
USER_AGENT = "Data-sharing hub (hub@example.com)"
PER_PAGE = 2000  # Harvest's maximum and default


class HarvestClient:
    """One connection's calls; every failure is already a connector error (see HttpClient)."""

    def __init__(
        self, connector: Connector, settings: Mapping[str, Any], credentials: Mapping[str, Any]
    ) -> None:
        token, account = credentials.get("access_token"), credentials.get("account_id")
        if not token or not account:
            raise ConfigurationError(
                "Harvest needs a personal access token and its account id; "
                "add them to the connection."
            )
        self.http = connector.http_client(
            str(settings.get("base_url") or DEFAULT_BASE_URL),
            headers={
                "Authorization": f"Bearer {token}",
                "Harvest-Account-Id": str(account),
                "User-Agent": USER_AGENT,
                "Accept": "application/json",
            },
        )

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        """One call's JSON body, with Harvest's decimals read as Decimal (never float)."""
        response = self.http.request(method, path, **kwargs)
        if response.status_code == 404 or not response.content:
            return None
        try:
            return json.loads(response.text, parse_float=Decimal)
        except ValueError:
            raise StopRun(
                "Harvest answered with something that is not JSON.",
                f"{method} {path} -> {response.status_code}: not JSON",
            ) from None

    def get(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        """A GET; a 404 gives None (the record is gone)."""
        return self.call("GET", path, params=params, accept_status=(404,))

    def pages(
        self, path: str, plural: str, params: Mapping[str, Any] | None = None
    ) -> Iterator[tuple[list[dict[str, Any]], bool]]:
        """(records, is_last) per page, following `links.next` as Harvest asks clients to."""
        url: str | None = path
        query: dict[str, Any] | None = {**(params or {}), "per_page": PER_PAGE}
        seen: set[str] = set()
        while url is not None:
            body = self.call("GET", url, params=query)
            if not isinstance(body, dict) or not isinstance(body.get(plural), list):
                raise StopRun(
                    "Harvest answered a list call without its records.",
                    f"GET {path}: no {plural!r} list in the answer",
                )
            following = (body.get("links") or {}).get("next")
            if following in seen:
                raise StopRun("Harvest's pages lead back to a page already read.", following)
            if following:
                seen.add(following)
            yield body[plural], not following
            url, query = following, None  # the link carries the query
