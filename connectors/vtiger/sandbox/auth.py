"""getchallenge / login / logout and session checks (AuthToken.php, Login.php, SessionManager)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from . import errors
from .errors import WebServiceError
from .state import Challenge, Sandbox, Session
from .values import utcnow


def _uniqid() -> str:
    """A token shaped like PHP's uniqid(): 13 hex digits, seconds then microseconds."""
    now = utcnow()
    return f"{int(now.timestamp()):08x}{secrets.randbelow(0x100000):05x}"


def getchallenge(sb: Sandbox, username: str | None) -> dict[str, object]:
    """A fresh token for the user; it replaces any earlier one and lives five minutes."""
    now = utcnow()
    expires = now + timedelta(seconds=int(sb.config["token_lifetime"]))
    token = _uniqid()
    user = sb.user_by_name(username or "")
    # Unknown users still get a token (no username probing); login then finds none for them.
    if user is not None:
        sb.challenges[user.number] = Challenge(token=token, expires=expires)
    return {
        "token": token,
        "serverTime": int(now.timestamp()),
        "expireTime": int(expires.timestamp()),
    }


def login(sb: Sandbox, username: str | None, access_key: str | None) -> dict[str, object]:
    """Check md5(token + accessKey) and open a session named by `sessionName`."""
    now = utcnow()
    user = sb.user_by_name(username or "")
    challenge = sb.challenges.get(user.number) if user is not None else None
    if user is None or challenge is None or challenge.expires < now:
        raise WebServiceError(errors.INVALID_AUTH_TOKEN, "Specified token is invalid or expired")
    key = sb.access_keys.get(user.number)
    if not key:
        raise WebServiceError(errors.ACCESSKEY_UNDEFINED, "Access key for the user is undefined")
    expected = hashlib.md5((challenge.token + key).encode()).hexdigest()
    if not secrets.compare_digest(expected.encode(), (access_key or "").encode()):
        raise WebServiceError(errors.INVALID_USER_CREDENTIALS, "Invalid username or password")
    if user.values.get("status") != "Active":
        raise WebServiceError(errors.AUTHENTICATION_REQUIRED, "Given user is inactive")
    name = secrets.token_hex(11)
    sb.sessions[name] = Session(name=name, user_id=user.number, started=now, last_seen=now)
    return {
        "sessionName": name,
        "userId": sb.user_ws_id(user.number),
        "version": sb.config["api_version"],
        "vtigerVersion": sb.config["vtiger_version"],
    }


def logout(sb: Sandbox, session: Session) -> dict[str, object]:
    sb.sessions.pop(session.name, None)
    return {"message": "successfull"}  # vtiger's spelling


def resume(sb: Sandbox, session_name: str) -> Session:
    """The session a request names; expired or idle sessions are destroyed with vtiger's errors."""
    session = sb.sessions.get(session_name)
    if session is None:
        raise WebServiceError(errors.INVALID_SESSIONID, "Session Identifier provided is Invalid")
    now = utcnow()
    lifetime = timedelta(seconds=int(sb.config["session_lifetime"]))
    idle = timedelta(seconds=int(sb.config["session_idle_timeout"]))
    if now > session.started + lifetime:
        del sb.sessions[session_name]
        raise WebServiceError(
            errors.SESSION_EXPIRED, "Session has life span over please login again"
        )
    if now > session.last_seen + idle:
        del sb.sessions[session_name]
        raise WebServiceError(
            errors.SESSION_LEFT_IDLE, "Session has been invalidated to due lack activity"
        )
    session.last_seen = now
    return session
