"""The widget catalogue: name, title, parameters, result shape and how each is computed.

Widgets are declared as `WIDGETS` lists in their family's module and gathered here by an
explicit list of modules, so nothing registers itself at import time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy.orm import Session

from hub.widgets.context import Query, build_query
from hub.widgets.params import WidgetArgs, describe


@dataclass(frozen=True)
class Widget:
    """One named aggregate and how the console draws it."""

    name: str
    title: str
    category: str  # accounting, invoices, sales, cash, hr
    description: str
    args: type[WidgetArgs]
    compute: Callable[[Query], dict[str, Any]]
    chart: str  # how the console draws it: line, bar, pie, table, statement
    result: str  # the figures' shape, for the catalogue and the OpenAPI document

    def entry(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "category": self.category,
            "description": self.description,
            "chart": self.chart,
            "parameters": describe(self.args),
            "result": self.result,
        }


@cache
def catalogue() -> dict[str, Widget]:
    from hub.widgets import aged, balance_sheet, cash, hr, invoices, ledger, sales

    found: dict[str, Widget] = {}
    for module in (ledger, balance_sheet, invoices, aged, sales, cash, hr):
        for widget in module.WIDGETS:
            if widget.name in found:
                raise ValueError(f"Two widgets named {widget.name}.")
            found[widget.name] = widget
    return found


def run(session: Session, name: str, org_ids: list[str], args: dict[str, Any]) -> dict[str, Any]:
    """Compute one widget for organizations the caller may read; args already loaded."""
    widget = catalogue()[name]
    query = build_query(session, org_ids, args)
    figures = widget.compute(query)
    return {
        "widget": name,
        "organization_ids": org_ids,
        "currency": query.converter.currency,
        "from": args["from_"].isoformat(),
        "to": args["to"].isoformat(),
        "period": args["period"],
        **figures,
    }
