"""The versioned Admin REST blueprint: version, shop, token, scopes, bucket, common headers."""

from __future__ import annotations

import re
import time
import zlib
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Blueprint, Response, current_app, g, jsonify, request

from . import errors, limits
from .routing import ENVIRON_KEY
from .store import SandboxState, ShopStore, Token, state_of
from .wire import dumps, pick_fields

bp = Blueprint("shopify_api", __name__, url_prefix="/admin/api/<version>")

_VERSION = re.compile(r"^(\d{4}-\d{2}|unstable)$")
VERSION_DEPRECATED = "https://shopify.dev/docs/api/usage/versioning#deprecation-practices"

F = TypeVar("F", bound=Callable[..., Any])


def state() -> SandboxState:
    return state_of(current_app)


def store() -> ShopStore:
    return g.shop_store


def served_version(requested: str, config: dict[str, Any]) -> str:
    """A supported version serves itself; any other well-formed one the oldest supported."""
    if not _VERSION.match(requested):
        raise errors.not_found()
    supported = list(config["api_versions"])
    if requested in supported:
        return requested
    return min(v for v in supported if v != "unstable")


def token_from_request(sandbox: SandboxState) -> Token | None:
    """X-Shopify-Access-Token, or the legacy private-app Basic auth with the token as password."""
    value = request.headers.get("X-Shopify-Access-Token")
    if not value and request.authorization and request.authorization.password:
        value = request.authorization.password
    token = sandbox.tokens.get(value or "")
    if token is None:
        return None
    if token.expires_at is not None and time.time() >= token.expires_at:
        return None
    return token


def authenticate() -> None:
    """Bind g.shop_store and g.token for a token-authenticated request, charging the bucket."""
    sandbox = state()
    token = token_from_request(sandbox)
    # Explicit shop (prefix or Host) first, then the token's own shop, then the default.
    shop = request.environ.get(ENVIRON_KEY)
    if shop is None:
        shop = token.shop if token else sandbox.config["default_shop"]
    shop_store = sandbox.shop(shop) if shop else None
    if shop_store is None:
        raise errors.not_found()
    if token is None or token.shop != shop_store.domain:
        raise errors.unauthorized()
    g.shop_store, g.token = shop_store, token
    g.call_limit = limits.charge(sandbox, token)


@bp.url_value_preprocessor
def _pop_version(endpoint: str | None, values: dict[str, Any] | None) -> None:
    g.requested_version = (values or {}).pop("version", "")


@bp.before_request
def _before() -> None:
    g.api_version = served_version(g.requested_version, state().config)
    authenticate()


@bp.after_request
def _after(response: Response) -> Response:
    if "api_version" in g:
        response.headers["X-Shopify-API-Version"] = g.api_version
        if g.api_version in state().config["deprecated_versions"]:
            response.headers["X-Shopify-API-Deprecated-Reason"] = VERSION_DEPRECATED
    if "call_limit" in g:
        response.headers.setdefault(limits.HEADER, g.call_limit)
    if "deprecated_reason" in g:
        response.headers["X-Shopify-API-Deprecated-Reason"] = g.deprecated_reason
    return response


def needs(resource: str) -> Callable[[F], F]:
    """Require read_<resource> for GET, write_<resource> otherwise (write implies read)."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            scope = ("read_" if request.method in ("GET", "HEAD") else "write_") + resource
            if not g.token.allows(scope):
                raise errors.forbidden(scope)
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def body(root: str) -> dict[str, Any]:
    """The `{"<root>": {...}}` request body, or Shopify's 400 for a missing root."""
    data = request.get_json(silent=True) if request.is_json else None
    if not isinstance(data, dict) or not isinstance(data.get(root), dict):
        raise errors.missing_root(root)
    return data[root]


def reply(root: str, record: dict[str, Any], status: int = 200) -> Response:
    """One rendered record under its root key (`fields=` applies to reads)."""
    fields = request.args.get("fields") if request.method == "GET" else None
    if fields:
        record = pick_fields(record, [f.strip() for f in fields.split(",") if f.strip()])
    return respond({root: record}, status)


def respond(payload: Any, status: int = 200) -> Response:
    """A JSON response in wire form (money strings, the shop's time offset)."""
    return Response(dumps(payload, store().tz), status=status, mimetype="application/json")


def empty() -> Response:
    """DELETE answers 200 with an empty object."""
    return jsonify({})


def find(collection_name: str, ident: int) -> dict[str, Any]:
    record = getattr(store(), collection_name).get(ident)
    if record is None:
        raise errors.not_found()
    return record


@bp.get("/shop.json")
def shop_json() -> Response:
    shop = store()
    settings = shop.settings
    data = {
        "id": zlib.crc32(shop.domain.encode()),
        "name": settings.get("name"),
        "email": settings.get("email", f"owner@{shop.domain}"),
        "domain": shop.domain,
        "myshopify_domain": shop.domain,
        "currency": shop.currency,
        "money_format": "${{amount}}",
        "timezone": f"(GMT{settings['utc_offset']}) Sandbox",
        "taxes_included": bool(settings["taxes_included"]),
        "plan_name": settings["plan_name"],
    }
    return reply("shop", data)


@bp.delete("/api_permissions/current.json")
def uninstall() -> Response:
    """Revoke this app's tokens on the shop (ShopifyAPI's ApiPermission.delete)."""
    from .auth import uninstall_app

    uninstall_app(store(), g.token.app)
    return empty()
