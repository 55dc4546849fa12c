"""Flattening marshmallow's nested error messages into field paths for API responses."""

from __future__ import annotations

from typing import Any


def error_paths(
    messages: dict[Any, Any] | list[str] | str, prefix: str = ""
) -> dict[str, list[str]]:
    """`{"lines": {0: {"quantity": ["..."]}}}` -> `{"lines.0.quantity": ["..."]}`.

    Schema-level errors (marshmallow's `_schema` key) are reported under the path of
    the object they concern, or `_schema` at the top.
    """
    if isinstance(messages, str):
        messages = [messages]
    if isinstance(messages, list):
        return {prefix or "_schema": [str(m) for m in messages]}
    flat: dict[str, list[str]] = {}
    for key, value in messages.items():
        if key == "_schema":
            path = prefix or "_schema"
        else:
            path = f"{prefix}.{key}" if prefix else str(key)
        for sub_path, texts in error_paths(value, path).items():
            flat.setdefault(sub_path, []).extend(texts)
    return flat
