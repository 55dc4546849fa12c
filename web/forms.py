"""Forms generated from a connector's settings schema: one input per field, secrets masked.

The schema stays the single source of truth: the form only collects strings, and the
schema (through hub.services.connecting) validates them and names what is wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from marshmallow import Schema, fields, missing, validate

from hub.services.connecting import MASK


@dataclass
class FieldSpec:
    """What the template needs to draw one input."""

    name: str
    label: str
    kind: str  # text, password, url, email, number, checkbox, select
    required: bool = False
    description: str = ""
    choices: list[str] = field(default_factory=list)
    value: Any = None
    step: str = "any"
    stored: bool = False  # a secret the connection already holds


def _kind(fld: fields.Field) -> tuple[str, list[str], str]:
    if fld.metadata.get("secret"):
        return "password", [], "any"
    if isinstance(fld, fields.Boolean):
        return "checkbox", [], "any"
    for validator in _validators(fld):
        if isinstance(validator, validate.OneOf):
            return "select", [str(c) for c in validator.choices], "any"
    if isinstance(fld, fields.Url):
        return "url", [], "any"
    if isinstance(fld, fields.Email):
        return "email", [], "any"
    if isinstance(fld, fields.Integer):
        return "number", [], "1"
    if isinstance(fld, fields.Number):
        return "number", [], "any"
    return "text", [], "any"


def _validators(fld: fields.Field) -> Iterable[Any]:
    return getattr(fld, "validators", None) or []


def _default(fld: fields.Field) -> Any:
    default = fld.load_default
    if default is missing or callable(default):
        return None
    return default


def field_specs(
    schema: type[Schema] | None,
    values: Mapping[str, Any],
    stored_secrets: Iterable[str] = (),
    prefix: str = "",
) -> list[FieldSpec]:
    """Inputs for every field of `schema`, filled with `values` (else the defaults);
    `prefix` goes before each input's name, to keep two schemas apart in one form."""
    if schema is None:
        return []
    stored = set(stored_secrets)
    specs = []
    for name, fld in schema._declared_fields.items():
        if fld.dump_only:
            continue
        kind, choices, step = _kind(fld)
        value = values.get(name, _default(fld))
        specs.append(
            FieldSpec(
                name=prefix + name,
                label=str(fld.metadata.get("title") or name.replace("_", " ").capitalize()),
                kind=kind,
                required=bool(fld.required),
                description=str(fld.metadata.get("description") or ""),
                choices=choices,
                value=None if kind == "password" else value,  # secrets never go back out
                step=step,
                stored=name in stored,
            )
        )
    return specs


def parse_form(
    schema: type[Schema] | None, form: Mapping[str, str], prefix: str = ""
) -> dict[str, Any]:
    """The submitted values, as the schema expects them.

    An empty optional field is None when the field allows it (a cleared value), else left
    out so its default applies; an empty secret is left out so the stored one is kept.
    """
    if schema is None:
        return {}
    values: dict[str, Any] = {}
    for name, fld in schema._declared_fields.items():
        if fld.dump_only:
            continue
        if isinstance(fld, fields.Boolean) and not fld.metadata.get("secret"):
            values[name] = form.get(prefix + name) in ("on", "true", "1", "y", "yes")
            continue
        raw = form.get(prefix + name)
        if raw is None:
            continue
        raw = raw.strip()
        if fld.metadata.get("secret"):
            if raw and raw != MASK:
                values[name] = raw
            continue
        if raw == "":
            if fld.allow_none and not fld.required:
                values[name] = None
            continue
        values[name] = raw
    return values


def errors_by_field(errors: Mapping[str, Any]) -> dict[str, list[str]]:
    """marshmallow's messages as {field: [messages]} for the template."""
    flat: dict[str, list[str]] = {}
    for name, messages in errors.items():
        if isinstance(messages, list):
            flat[name] = [str(m) for m in messages]
        elif isinstance(messages, dict):
            flat[name] = [f"{k}: {v}" for k, v in messages.items()]
        else:
            flat[name] = [str(messages)]
    return flat
