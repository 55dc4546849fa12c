"""The OAuth install flow the console runs: the install URL with a state nonce, the callback's
query HMAC, and the code exchanged for an access token.

    oauth = ShopifyOAuth(api_key, api_secret, redirect_uri)
    url, state = oauth.install_url("acme")            # keep `state` in the user's session
    shop = oauth.verify_callback(request.args, state)  # raises InvalidCallback when forged
    credentials = oauth.exchange(shop, request.args["code"])  # -> connect(..., credentials)
"""

from __future__ import annotations

import hmac
import json
import re
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from hub.sdk.errors import ConfigurationError
from hub.sdk.http import HttpClient

from .settings import SCOPES, shop_domain, shop_url

_SHOP = re.compile(r"^[a-z0-9][a-z0-9-]*\.myshopify\.com$")
MAX_AGE = 24 * 3600  # how old a callback may be (shopify_python_api's rule)


class InvalidCallback(ValueError):
    """The callback is not Shopify's answer to our request: refuse it."""


def query_hmac(params: Mapping[str, Any], secret: str) -> str:
    """Hex HMAC-SHA256 of a query as Shopify signs it.

    Drop `hmac` and `signature`; render `k[]` lists as a JSON list under `k`; escape `%` and
    `&` (and `=` in keys); sort the `k=v` pairs; join them with `&`.
    """
    pairs = []
    for key, value in params.items():
        if key in ("hmac", "signature"):
            continue
        if key.endswith("[]"):
            key = key[:-2]
            values = value if isinstance(value, list | tuple) else [value]
            value = json.dumps([str(v) for v in values])
        key = str(key).replace("%", "%25").replace("=", "%3D")
        value = str(value).replace("%", "%25")
        pairs.append(f"{key}={value}".replace("&", "%26"))
    message = "&".join(sorted(pairs))
    return hmac.new(secret.encode(), message.encode(), "sha256").hexdigest()


def _flat(query: Mapping[str, Any]) -> dict[str, Any]:
    """A callback query (a dict or a werkzeug MultiDict) with `k[]` keys as lists."""
    getlist = getattr(query, "getlist", None)
    flat: dict[str, Any] = {}
    for key in query:
        if key.endswith("[]") and getlist is not None:
            flat[key] = getlist(key)
        else:
            flat[key] = query[key]
    return flat


@dataclass
class ShopifyOAuth:
    """The hub's Shopify app: its client id and secret and where Shopify sends merchants back.

    `base_url` is the connection setting of the same name: where a shop's admin lives
    (`https://{shop}.myshopify.com` unless a sandbox stands in for it).
    """

    api_key: str
    api_secret: str
    redirect_uri: str
    scopes: str = SCOPES
    base_url: str | None = None
    max_age: int = MAX_AGE

    def install_url(self, shop: str, state: str | None = None) -> tuple[str, str]:
        """Where to send the merchant to approve the app, and the state nonce to keep."""
        state = state or secrets.token_urlsafe(24)
        query = urlencode(
            {
                "client_id": self.api_key,
                "scope": self.scopes,
                "redirect_uri": self.redirect_uri,
                "state": state,
            }
        )
        return f"{shop_url(shop, self.base_url)}/admin/oauth/authorize?{query}", state

    def verify_callback(
        self, query: Mapping[str, Any], state: str, now: float | None = None
    ) -> str:
        """Check Shopify's redirect back: our state, a shop domain, a fresh and valid HMAC.

        Returns the shop's domain (`acme.myshopify.com`).
        """
        params = _flat(query)
        given = str(params.get("hmac") or "")
        expected = query_hmac(params, self.api_secret)
        if not given or not hmac.compare_digest(given.lower(), expected):
            raise InvalidCallback("The callback's signature is not valid.")
        if not state or not hmac.compare_digest(str(params.get("state") or ""), state):
            raise InvalidCallback("The callback's state does not match this install.")
        shop = str(params.get("shop") or "").lower()
        if not _SHOP.match(shop):
            raise InvalidCallback(f"{shop or 'No shop'} is not a myshopify.com shop.")
        try:
            stamp = float(params.get("timestamp") or "")
        except ValueError:
            raise InvalidCallback("The callback has no timestamp.") from None
        if abs((time.time() if now is None else now) - stamp) > self.max_age:
            raise InvalidCallback("The callback is too old.")
        if not params.get("code"):
            raise InvalidCallback("The callback carries no authorization code.")
        return shop

    def exchange(self, shop: str, code: str, http: HttpClient | None = None) -> dict[str, Any]:
        """Trade the one-time code for an offline access token: the connection's credentials."""
        # A refused exchange (a used or expired code, a wrong secret) needs the merchant to
        # install again: nothing a retry would fix.
        client = http or HttpClient(
            secrets=[self.api_secret, code],
            error_table={400: ConfigurationError, 401: ConfigurationError, 404: ConfigurationError},
        )
        try:
            body = client.request_json(
                "POST",
                f"{shop_url(shop, self.base_url)}/admin/oauth/access_token",
                json={"client_id": self.api_key, "client_secret": self.api_secret, "code": code},
            )
        finally:
            if http is None:
                client.close()
        token = body.get("access_token") if isinstance(body, dict) else None
        if not token:
            raise ConfigurationError("Shopify did not return an access token.")
        granted = set(str(body.get("scope") or "").split(","))
        missing = sorted(set(self.scopes.split(",")) - granted - _implied(granted))
        if missing:
            raise ConfigurationError(
                f"The shop granted fewer permissions than the hub needs: {', '.join(missing)}."
            )
        return {
            "access_token": token,
            "scope": body.get("scope"),
            "api_key": self.api_key,
            "api_secret": self.api_secret,
            "shop": shop_domain(shop),
        }


def _implied(granted: set[str]) -> set[str]:
    """write_x implies read_x."""
    return {"read_" + s[len("write_") :] for s in granted if s.startswith("write_")}
