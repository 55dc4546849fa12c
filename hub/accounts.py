"""Organizations, users, memberships and API keys: creating them and checking secrets."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from hub.models import ROLES, ApiKey, Membership, Organization, User, utcnow

KEY_PREFIX = "hub"


class AccountError(ValueError):
    """A request about organizations or users that cannot be carried out."""


def create_org(session: Session, name: str) -> Organization:
    name = name.strip()
    if not name:
        raise AccountError("An organization needs a name.")
    org = Organization(name=name, change_seq=0)
    session.add(org)
    session.flush()
    return org


def _digest(secret: str) -> str:
    # API keys carry 256 random bits, so a fast hash is enough: brute force is hopeless.
    return hashlib.sha256(secret.encode()).hexdigest()


def create_api_key(session: Session, org_id: str, name: str = "default") -> str:
    """Create a key and return it in clear; only its hash is stored, so show it once."""
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    session.add(ApiKey(org_id=org_id, name=name, prefix=prefix, key_hash=_digest(secret)))
    session.flush()
    return f"{KEY_PREFIX}_{prefix}_{secret}"


def org_for_api_key(session: Session, key: str) -> str | None:
    """The organization id an API key belongs to, or None if it is unknown or revoked."""
    parts = key.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        return None
    row = session.scalar(select(ApiKey).where(ApiKey.prefix == parts[1]))
    if row is None or row.revoked_at is not None:
        return None
    if not hmac.compare_digest(row.key_hash, _digest(parts[2])):
        return None
    return row.org_id


def revoke_api_key(session: Session, org_id: str, key_id: str) -> None:
    row = session.get(ApiKey, key_id)
    if row is None or row.org_id != org_id:
        raise AccountError("No such API key.")
    row.revoked_at = utcnow()


def create_user(session: Session, email: str, password: str) -> User:
    email = email.strip().lower()
    if "@" not in email:
        raise AccountError("Not a valid email address.")
    if len(password) < 8:
        raise AccountError("A password needs at least 8 characters.")
    if session.scalar(select(User).where(User.email == email)) is not None:
        raise AccountError(f"A user with email {email} already exists.")
    user = User(email=email, password_hash=generate_password_hash(password))
    session.add(user)
    session.flush()
    return user


def check_password(user: User, password: str) -> bool:
    return check_password_hash(user.password_hash, password)


def add_member(session: Session, user_id: str, org_id: str, role: str) -> Membership:
    if role not in ROLES:
        raise AccountError(f"Role must be one of: {', '.join(ROLES)}.")
    if session.get(Organization, org_id) is None:
        raise AccountError(f"No organization with id {org_id}.")
    membership = session.scalar(
        select(Membership).where(Membership.user_id == user_id, Membership.org_id == org_id)
    )
    if membership is None:
        membership = Membership(user_id=user_id, org_id=org_id, role=role)
        session.add(membership)
    else:
        membership.role = role
    session.flush()
    return membership
