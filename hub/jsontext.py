"""Canonical JSON text: serialised once, hashed, and handed to the database as is."""

from __future__ import annotations

import hashlib
import json
from typing import Any


class CanonicalData(dict[str, Any]):
    """A record's data with its canonical JSON text and content hash computed once.

    The engine's JSON serializer recognises it and writes `text` without serialising the
    dict again: hashing and storing share one `json.dumps`.
    """

    __slots__ = ("digest", "text")

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__(data)
        self.text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        self.digest = hashlib.sha256(self.text.encode()).hexdigest()


def dumps(value: Any) -> str:
    """The engine's json_serializer."""
    if isinstance(value, CanonicalData):
        return value.text
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def content_hash(data: dict[str, Any]) -> str:
    """Stable hash of canonical data: same content, same hash, whatever the key order."""
    if isinstance(data, CanonicalData):
        return data.digest
    return CanonicalData(data).digest
