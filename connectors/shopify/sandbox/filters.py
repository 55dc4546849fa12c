"""List filters shared by resources: ids, since_id, created/updated/processed time ranges."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import tzinfo
from typing import Any

from . import errors
from .wire import parse_time

Predicate = Callable[[dict[str, Any]], bool]

COMMON = ("ids", "since_id", "created_at_min", "created_at_max", "updated_at_min", "updated_at_max")


def invalid_value(param: str) -> errors.ApiError:
    return errors.bad_request(f"{param} - Invalid value.")


def csv_ints(filters: dict[str, str], param: str) -> set[int] | None:
    """`ids=1,2,3` as a set; None when absent."""
    raw = filters.get(param)
    if raw is None or raw == "":
        return None
    try:
        return {int(part) for part in raw.split(",") if part.strip()}
    except ValueError:
        raise invalid_value(param) from None


def int_param(filters: dict[str, str], param: str) -> int | None:
    raw = filters.get(param)
    if raw is None or raw == "":
        return None
    try:
        return int(raw)
    except ValueError:
        raise invalid_value(param) from None


def time_range(filters: dict[str, str], prefix: str, tz: tzinfo) -> list[Predicate]:
    """`<prefix>_min` / `<prefix>_max`, both inclusive, against the record's `<prefix>`."""
    preds: list[Predicate] = []
    for suffix in ("min", "max"):
        param = f"{prefix}_{suffix}"
        raw = filters.get(param)
        if not raw:
            continue
        try:
            bound = parse_time(raw, tz)
        except ValueError:
            raise invalid_value(param) from None
        if suffix == "min":
            preds.append(lambda r, b=bound, k=prefix: r.get(k) is not None and r[k] >= b)
        else:
            preds.append(lambda r, b=bound, k=prefix: r.get(k) is not None and r[k] <= b)
    return preds


def common(filters: dict[str, str], tz: tzinfo) -> list[Predicate]:
    """The filters every top-level list accepts."""
    preds: list[Predicate] = []
    ids = csv_ints(filters, "ids")
    if ids is not None:
        preds.append(lambda r: r["id"] in ids)
    since = int_param(filters, "since_id")
    if since is not None:
        preds.append(lambda r: r["id"] > since)
    preds += time_range(filters, "created_at", tz)
    preds += time_range(filters, "updated_at", tz)
    return preds


def one_of(filters: dict[str, str], param: str, key: str) -> list[Predicate]:
    """`param=a,b` matching the record's string field `key` (case-insensitive)."""
    raw = filters.get(param)
    if not raw:
        return []
    wanted = {part.strip().lower() for part in raw.split(",") if part.strip()}
    return [lambda r: str(r.get(key) or "").lower() in wanted]


def all_of(preds: Iterable[Predicate]) -> Predicate:
    preds = list(preds)
    return lambda record: all(pred(record) for pred in preds)
