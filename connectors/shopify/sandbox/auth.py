"""OAuth install flow (authorize page, code exchange), query HMAC, and token helpers."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import time
from collections.abc import Mapping
from html import escape
from typing import Any
from urllib.parse import urlencode, urlsplit

from flask import Blueprint, Flask, Response, current_app, g, jsonify, redirect, request

from .config import shop_domain
from .routing import ENVIRON_KEY
from .store import SandboxState, ShopStore, Token, parse_scopes, state_of

bp = Blueprint("shopify_oauth", __name__, url_prefix="/admin/oauth")

_SCOPE = re.compile(r"^(unauthenticated_)?(read|write)_[a-z_]+$")


def query_hmac(params: Mapping[str, Any], secret: str) -> str:
    """Hex HMAC-SHA256 of a query as Shopify signs it (same rules as Session.calculate_hmac)."""
    pairs = []
    for key, value in params.items():
        if key in ("hmac", "signature"):
            continue
        if key.endswith("[]"):
            # k[]=1&k[]=2 is signed as k=["1", "2"].
            key = key[:-2]
            value = json.dumps([str(v) for v in value])
        key = str(key).replace("%", "%25").replace("=", "%3D")
        value = str(value).replace("%", "%25")
        pairs.append(f"{key}={value}".replace("&", "%26"))
    message = "&".join(sorted(pairs))
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def sign_query(app: Flask, params: Mapping[str, Any]) -> dict[str, Any]:
    """Add `hmac` (and `timestamp` if absent) as Shopify does on app launch and callbacks."""
    signed = dict(params)
    signed.setdefault("timestamp", str(int(time.time())))
    signed["hmac"] = query_hmac(signed, state_of(app).config["api_secret"])
    return signed


def _mint(sandbox: SandboxState, shop: str, scopes: frozenset[str], online: bool) -> Token:
    token = Token(
        token="shpua_" + secrets.token_hex(16),
        shop=shop,
        app=str(sandbox.config["api_key"]),
        scopes=scopes,
    )
    if online:
        token.expires_at = time.time() + int(sandbox.config["online_token_ttl"])
        token.user = {
            "id": 902541635,
            "first_name": "Sandbox",
            "last_name": "Owner",
            "email": f"owner@{shop}",
            "account_owner": True,
            "locale": "en",
            "collaborator": False,
            "email_verified": True,
        }
    sandbox.tokens[token.token] = token
    return token


def install_app(
    app: Flask, shop: str, scopes: str | list[str] = "", *, online: bool = False
) -> str:
    """Install the OAuth app on a shop without the redirect dance; returns the access token."""
    sandbox = state_of(app)
    with sandbox.lock:
        domain = shop_domain(shop)
        if domain not in sandbox.shops:
            raise KeyError(f"unknown shop {domain}")
        granted = parse_scopes(scopes) or parse_scopes(
            "read_customers,write_customers,read_products,write_products,read_orders,write_orders"
        )
        return _mint(sandbox, domain, granted, online).token


def uninstall_app(shop: ShopStore, app_key: str) -> None:
    """Revoke every token of one app on one shop and tell the other subscribers."""
    for value, token in list(shop.state.tokens.items()):
        if token.shop == shop.domain and token.app == app_key:
            del shop.state.tokens[value]
    shop.emit(
        "app/uninstalled",
        {
            "id": 0,
            "name": shop.settings.get("name"),
            "domain": shop.domain,
            "myshopify_domain": shop.domain,
        },
    )


def _oauth_error(kind: str, text: str) -> Response:
    return Response(f"Oauth error {kind}: {text}", status=400, mimetype="text/plain")


def _shop() -> ShopStore | None:
    sandbox = state_of(current_app)
    domain = request.environ.get(ENVIRON_KEY) or sandbox.config["default_shop"]
    return sandbox.shop(domain) if domain else None


def _redirect_allowed(uri: str, config: dict[str, Any]) -> bool:
    if urlsplit(uri).scheme not in ("http", "https"):
        return False
    allowed = config["redirect_urls"]
    return not allowed or uri.split("?")[0] in allowed


@bp.route("/authorize", methods=["GET", "POST"])
def authorize() -> Any:
    """The merchant's install screen; approving redirects back with a signed code."""
    shop = _shop()
    if shop is None:
        return jsonify({"errors": "Not Found"}), 404
    config = shop.config
    args = request.values
    if args.get("client_id") != config["api_key"]:
        return _oauth_error("invalid_request", "The client_id provided is invalid")
    redirect_uri = args.get("redirect_uri", "")
    if not _redirect_allowed(redirect_uri, config):
        return _oauth_error("invalid_request", "The redirect_uri is missing or not whitelisted")
    scopes = parse_scopes(args.get("scope", ""))
    bad = sorted(s for s in scopes if not _SCOPE.match(s))
    if bad:
        return _oauth_error("invalid_scope", f"Scope(s) not valid: {', '.join(bad)}")
    if request.method == "GET" and not config["oauth_auto_approve"]:
        return _install_page(shop, scopes)
    online = "per-user" in args.getlist("grant_options[]")
    code = secrets.token_hex(16)
    shop.state.codes[code] = {
        "shop": shop.domain,
        "scopes": scopes,
        "online": online,
        "expires": time.time() + int(config["oauth_code_ttl"]),
    }
    label = shop.domain.split(".")[0]
    params: dict[str, Any] = {
        "code": code,
        "host": base64.b64encode(f"admin.shopify.com/store/{label}".encode()).decode(),
        "shop": shop.domain,
        "timestamp": str(int(time.time())),
    }
    if args.get("state") is not None:
        params["state"] = args["state"]
    params["hmac"] = query_hmac(params, config["api_secret"])
    joiner = "&" if "?" in redirect_uri else "?"
    return redirect(redirect_uri + joiner + urlencode(params), code=302)


def _install_page(shop: ShopStore, scopes: frozenset[str]) -> Response:
    """A minimal consent screen for the demo: POSTs the same parameters back."""
    hidden = "".join(
        f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">'
        for k, values in request.args.lists()
        for v in values
    )
    html = (
        f"<!doctype html><title>Install app</title><h1>Install app on {escape(shop.domain)}"
        f"</h1><p>Requested access: {escape(', '.join(sorted(scopes)))}</p>"
        f'<form method="post">{hidden}<button type="submit">Install app</button></form>'
    )
    return Response(html, mimetype="text/html")


@bp.post("/access_token")
def access_token() -> Any:
    """Exchange a one-time code for a token (form, JSON or query parameters)."""
    shop = _shop()
    if shop is None:
        return jsonify({"errors": "Not Found"}), 404
    params = dict(request.values)
    if request.is_json and isinstance(request.get_json(silent=True), dict):
        params.update(request.get_json(silent=True))
    config = shop.config
    if params.get("client_id") != config["api_key"] or not hmac.compare_digest(
        str(params.get("client_secret", "")), str(config["api_secret"])
    ):
        return jsonify(
            {"error": "invalid_client", "error_description": "Client credentials are invalid"}
        ), 400
    grant = shop.state.codes.get(str(params.get("code", "")))
    if grant is None or grant["shop"] != shop.domain or grant["expires"] < time.time():
        return jsonify(
            {
                "error": "invalid_request",
                "error_description": "The authorization code was not found or was already used",
            }
        ), 400
    del shop.state.codes[str(params["code"])]
    token = _mint(shop.state, shop.domain, grant["scopes"], grant["online"])
    answer: dict[str, Any] = {"access_token": token.token, "scope": ",".join(sorted(token.scopes))}
    if grant["online"]:
        answer["expires_in"] = int(config["online_token_ttl"])
        answer["associated_user_scope"] = answer["scope"]
        answer["associated_user"] = token.user
    return jsonify(answer)


@bp.get("/access_scopes.json")
def access_scopes() -> Response:
    """The scopes granted to the calling token (ShopifyAPI's AccessScope.find())."""
    from .api import authenticate

    authenticate()
    handles = [{"handle": s} for s in sorted(g.token.scopes)]
    response = jsonify({"access_scopes": handles})
    response.headers["X-Shopify-Shop-Api-Call-Limit"] = g.call_limit
    return response
