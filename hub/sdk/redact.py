"""Remove secrets (tokens, keys, passwords, Authorization values) from text and log records."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

__all__ = ["MASK", "SecretsFilter", "is_secret_name", "scrub"]

MASK = "***"

# A name that ends in one of these words holds a credential: access_token, refresh_token,
# client_secret, X-Shopify-Access-Token, accessKey and sessionName (vtiger)... Names that only
# start with one (token_type, refresh_token_expires_in, TokenExpired) are left alone.
_SECRET_WORDS = (
    r"token|secret|passw(?:or)?d|pwd|credentials?|authorization|signature|cookie"
    r"|api[_-]?key|apikey|access[_-]?key|secret[_-]?key|private[_-]?key"
    r"|session[_-]?(?:name|id)|code[_-]?verifier|hmac(?:[_-]?sha\d*)?"
)
_NAME = rf"[\w-]*?(?:{_SECRET_WORDS})"
_SECRET_NAME = re.compile(rf"^{_NAME}$", re.IGNORECASE)

# name=value / "name": "value" / name: Bearer value — as found in query strings, form bodies,
# JSON, Python reprs and header dumps. A value starting with [ or { is a structure (e.g. a
# field-error list such as {"password": ["is too short"]}) and is left alone.
_PAIR = re.compile(
    rf"""(?P<name>(?<![\w-]){_NAME})(?P<sep>["']?\s*[:=]\s*)"""
    r"""(?:(?P<q>["'])(?P<quoted>.*?)(?P=q)"""
    r"""|(?P<scheme>(?:bearer|basic|token|digest|oauth)\s+)?(?P<bare>[^\s"'&,;()<>\[\]{}]+))""",
    re.IGNORECASE,
)
# A bearer token on its own, e.g. in a repr of headers that lost its name.
_BEARER = re.compile(r"\b(Bearer)\s+[A-Za-z0-9._~+/=-]+", re.IGNORECASE)
# JSON Web Tokens (Xero's access tokens are JWTs) wherever they appear.
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
# user:password@ in URLs. The look-behind anchors the scheme at the start of a word: without it
# a long run of letters is rescanned from every position (quadratic time on big log lines).
_USERINFO = re.compile(
    r"(?<![a-z0-9+.-])(?P<head>[a-z][a-z0-9+.-]*://[^/\s:@]+:)[^/\s@]+@", re.IGNORECASE
)


def _mask_pair(match: re.Match[str]) -> str:
    """Keep the name, separator and quotes of a secret pair; mask only its value."""
    head = match.group("name") + match.group("sep")
    if match.group("q") is not None:
        return f"{head}{match.group('q')}{MASK}{match.group('q')}"
    return f"{head}{match.group('scheme') or ''}{MASK}"


def is_secret_name(name: str) -> bool:
    """Tell whether a header, parameter or field name looks like it holds a credential."""
    return bool(_SECRET_NAME.match(name))


def scrub(text: str, secrets: Iterable[str] = ()) -> str:
    """Return `text` with credentials masked, including every explicit value in `secrets`."""
    if not text:
        return text
    # Longest first so a secret that contains another one is masked whole.
    values = {v for v in secrets if v}
    for value in sorted(values, key=len, reverse=True):
        # Secrets also travel URL-encoded in query strings and form bodies.
        for form in {value, quote(value, safe=""), quote_plus(value)}:
            text = text.replace(form, MASK)
    text = _USERINFO.sub(rf"\g<head>{MASK}@", text)
    text = _PAIR.sub(_mask_pair, text)
    text = _BEARER.sub(rf"\1 {MASK}", text)
    return _JWT.sub(MASK, text)


class SecretsFilter(logging.Filter):
    """A logging filter that scrubs each record's message and traceback before it is written.

    Install it on handlers (a filter on a logger does not see records propagated from its
    children). `add()` registers secret values learnt at run time, such as a fresh token.
    """

    def __init__(self, secrets: Iterable[str] = (), name: str = "") -> None:
        super().__init__(name)
        self._secrets: set[str] = {s for s in secrets if s}
        self._lock = threading.Lock()

    def add(self, *secrets: str) -> None:
        """Register more secret values to mask from now on."""
        with self._lock:
            self._secrets.update(s for s in secrets if s)

    def filter(self, record: logging.LogRecord) -> bool:
        """Scrub the record in place; never drops it."""
        with self._lock:
            secrets = tuple(self._secrets)
        record.msg = scrub(record.getMessage(), secrets)
        record.args = None
        if record.exc_info and not record.exc_text:
            # Format the traceback now so the handler's formatter reuses the scrubbed text.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text, secrets)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info, secrets)
        return True
