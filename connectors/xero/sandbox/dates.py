"""Xero's date formats: .NET `/Date(ms+0000)/`, ISO strings, RFC 1123 headers."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from email.utils import parsedate_to_datetime

_MS_DATE = re.compile(r"^/Date\((-?\d+)([+-]\d{4})?\)/$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def now() -> datetime:
    """The current UTC time cut to milliseconds, the precision `/Date()/` can carry.

    Cutting here keeps If-Modified-Since comparisons exact: what a client reads back is
    exactly what the sandbox stored.
    """
    current = datetime.now(UTC)
    return current.replace(microsecond=current.microsecond // 1000 * 1000)


def today() -> date:
    return now().date()


def _millis(value: date | datetime) -> int:
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
    else:
        moment = datetime.combine(value, time(), tzinfo=UTC)
    delta = moment - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1000 + delta.microseconds // 1000


def ms_date(value: date | datetime) -> str:
    """`/Date(1539993600000+0000)/`: dates are midnight UTC of that day."""
    return f"/Date({_millis(value)}+0000)/"


def ms_stamp(value: datetime) -> str:
    """The envelope's `DateTimeUTC`, which carries no offset: `/Date(1551399323399)/`."""
    return f"/Date({_millis(value)})/"


def date_string(value: date) -> str:
    """`DateString` / `DueDateString`: `2018-10-20T00:00:00`."""
    return f"{value.isoformat()}T00:00:00"


def utc_string(value: datetime) -> str:
    """`UpdatedDateUTCString`: `2018-11-02T16:31:30Z`."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def connection_string(value: datetime) -> str:
    """Connection timestamps: no `Z`, seven fraction digits (`2019-12-07T18:46:19.5165400`)."""
    utc = value.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond:06d}0"


def event_string(value: datetime) -> str:
    """Webhook `eventDateUtc`: no `Z`, milliseconds (`2024-06-21T01:15:39.902`)."""
    utc = value.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}"


def parse_datetime(text: str) -> datetime:
    """An aware UTC datetime from `/Date(ms[±HHMM])/`, ISO date or ISO datetime text."""
    text = text.strip()
    match = _MS_DATE.match(text)
    if match:
        return _EPOCH + timedelta(milliseconds=int(match.group(1)))
    if _ISO_DATE.match(text):
        return datetime.combine(date.fromisoformat(text), time(), tzinfo=UTC)
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if parsed.tzinfo is None:  # Xero reads offset-less times as UTC
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def parse_date(value: object) -> date:
    """A request date field: `/Date()/`, `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS`."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"not a date: {value!r}")
    text = value.strip()
    match = _MS_DATE.match(text)
    if match:
        # The offset says which wall-clock day was meant, as in pyxero's parser.
        moment = _EPOCH + timedelta(milliseconds=int(match.group(1)))
        if match.group(2):
            sign = 1 if match.group(2)[0] == "+" else -1
            hours, minutes = int(match.group(2)[1:3]), int(match.group(2)[3:5])
            moment += sign * timedelta(hours=hours, minutes=minutes)
        return moment.date()
    if _ISO_DATE.match(text):
        return date.fromisoformat(text)
    return datetime.fromisoformat(text.replace("Z", "+00:00")).date()


def parse_http_date(text: str) -> datetime:
    """An If-Modified-Since value: ISO 8601 (the spec's example) or RFC 1123 (pyxero)."""
    text = text.strip()
    try:
        return parse_datetime(text)
    except ValueError:
        parsed = parsedate_to_datetime(text)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return parsed.astimezone(UTC)


def lock_date_text(value: date) -> str:
    """How lock dates are quoted in messages (inferred format: `30 June 2024`)."""
    return f"{value.day} {value.strftime('%B %Y')}"
