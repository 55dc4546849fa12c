"""A widget's settings on a dashboard: read from its form, checked, turned into parameters.

Settings are stored as the API's query parameters would be (strings, lists of strings), so
one schema checks both; dates left empty keep the widget's window rolling with time.
Consolidation: a user may combine any organizations they belong to, and no other.
"""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError
from werkzeug.datastructures import MultiDict

from hub.widgets.params import describe
from hub.widgets.registry import Widget

Errors = dict[str, list[str]]


def parameters(widget: Widget) -> list[dict[str, Any]]:
    """The widget's parameters as the settings form shows them."""
    return describe(widget.args)


def read(widget: Widget, form: MultiDict[str, str]) -> dict[str, Any]:
    """The non-empty settings a form sent; list parameters take repeats or commas."""
    found: dict[str, Any] = {}
    for param in parameters(widget):
        name = param["name"]
        if param["type"].startswith("list of"):
            values = [v.strip() for raw in form.getlist(name) for v in raw.split(",") if v.strip()]
            if values:
                found[name] = values
        else:
            value = (form.get(name) or "").strip()
            if value:
                found[name] = value
    return found


def check(widget: Widget, settings: dict[str, Any], member_ids: set[str]) -> Errors:
    """What is wrong with some settings, by parameter name ({} when nothing)."""
    errors: Errors = {
        str(name): messages if isinstance(messages, list) else [str(messages)]
        for name, messages in widget.args().validate(settings).items()
    }
    foreign = [o for o in settings.get("organization_ids", ()) if o not in member_ids]
    if foreign:
        errors["organization_ids"] = ["You can only combine organizations you belong to."]
    return errors


def arguments(
    widget: Widget, settings: dict[str, Any], org_id: str, member_ids: set[str]
) -> tuple[list[str], dict[str, Any]]:
    """Organizations and loaded parameters to run the widget with; ValueError if unusable."""
    errors = check(widget, settings, member_ids)
    if errors:
        raise SettingsError(errors)
    try:
        args = widget.args().load(settings)
    except ValidationError as exc:  # check() saw them first; kept for safety
        raise SettingsError(exc.normalized_messages()) from exc
    wanted = [str(o) for o in args.pop("organization_ids", None) or [org_id]]
    return list(dict.fromkeys(wanted)), args


class SettingsError(ValueError):
    def __init__(self, errors: Any) -> None:
        fields = ", ".join(sorted(str(k) for k in errors))
        super().__init__(f"Check the widget's settings: {fields}.")
        self.errors = errors
