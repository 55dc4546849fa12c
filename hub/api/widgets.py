"""Widgets over the API: the catalogue, each widget's figures, and the exchange rates they use.

Consolidation: an API key belongs to one organization, so through the API
`organization_ids` may only name that organization; consolidating several is offered in
the console, where a user may combine the organizations they belong to.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import RAISE, Schema, fields

from hub.api.auth import check_request_org, require_org
from hub.api.errors import abort
from hub.api.records import json_response
from hub.web_db import db_session
from hub.widgets import rates
from hub.widgets.errors import WidgetError
from hub.widgets.registry import Widget, catalogue, run

blp = Blueprint("widgets", __name__, url_prefix="/api/v1", description="Dashboard widgets")
blp.before_request(check_request_org)


class CatalogueEntry(Schema):
    name = fields.String()
    title = fields.String()
    category = fields.String()
    description = fields.String()
    chart = fields.String(metadata={"description": "line, bar, pie, table or statement"})
    parameters = fields.List(fields.Dict(), metadata={"description": "name, type, default..."})
    result = fields.String(metadata={"description": "the shape of the figures"})


class Catalogue(Schema):
    data = fields.List(fields.Nested(CatalogueEntry))


class Figures(Schema):
    """What every widget returns around its own figures (see the widget's description)."""

    class Meta:
        unknown = "include"

    widget = fields.String()
    organization_ids = fields.List(fields.UUID())
    currency = fields.String(allow_none=True, metadata={"description": "of every amount"})
    from_ = fields.Date(data_key="from")
    to = fields.Date()
    period = fields.String()


class RatesPage(Schema):
    data = fields.List(fields.Nested(rates.RateSchema))


def compute(org_id: str, name: str, args: dict[str, Any]) -> dict[str, Any]:
    """One widget for the key's organization; refusals become 422s naming the parameter."""
    wanted = [str(o) for o in args.pop("organization_ids", None) or [org_id]]
    if any(o != org_id for o in wanted):
        abort(
            422,
            "An API key reads its own organization only; consolidate in the console.",
            errors={"organization_ids": ["Only this key's organization may be named."]},
        )
    try:
        return run(db_session(), name, list(dict.fromkeys(wanted)), args)
    except WidgetError as exc:
        abort(422, exc.message, errors={exc.field: [exc.message]})


@blp.route("/orgs/<uuid:org_id>/widgets")
class WidgetList(MethodView):
    @blp.alt_response(200, schema=Catalogue, success=True)
    @blp.doc(operationId="list_widgets", summary="The widget catalogue", tags=["widgets"])
    def get(self, org_id: UUID) -> Response:
        require_org(str(org_id))
        return json_response({"data": [w.entry() for w in catalogue().values()]})


def register_widget(widget: Widget) -> None:
    @blp.route(f"/orgs/<uuid:org_id>/widgets/{widget.name}", endpoint=f"widget_{widget.name}")
    class One(MethodView):
        @blp.arguments(widget.args, location="query", unknown=RAISE)
        @blp.alt_response(200, schema=Figures, success=True)
        @blp.doc(
            operationId=f"widget_{widget.name}",
            summary=widget.title,
            description=f"{widget.description}\n\nFigures: `{widget.result}`",
            tags=["widgets"],
        )
        def get(self, args: dict[str, Any], org_id: UUID) -> Response:
            return json_response(compute(require_org(str(org_id)), widget.name, args))


for _widget in catalogue().values():
    register_widget(_widget)


@blp.route("/orgs/<uuid:org_id>/exchange-rates")
class Rates(MethodView):
    @blp.arguments(rates.RatesQuery, location="query", unknown=RAISE)
    @blp.alt_response(200, schema=RatesPage, success=True)
    @blp.doc(operationId="list_exchange_rates", summary="Exchange rates", tags=["widgets"])
    def get(self, args: dict[str, Any], org_id: UUID) -> Response:
        found = rates.list_rates(db_session(), require_org(str(org_id)), **args)
        return json_response({"data": [rates.rate_json(r) for r in found]})

    @blp.arguments(rates.RatesBody)
    @blp.alt_response(200, schema=RatesPage, success=True)
    @blp.doc(
        operationId="set_exchange_rates",
        summary="Set rates (a pair's rate on a date replaces the one kept)",
        tags=["widgets"],
    )
    def put(self, body: dict[str, Any], org_id: UUID) -> Response:
        session = db_session()
        saved = rates.set_rates(session, require_org(str(org_id)), body["rates"])
        session.commit()
        return json_response({"data": [rates.rate_json(r) for r in saved]})


@blp.route("/orgs/<uuid:org_id>/exchange-rates/<uuid:rate_id>")
class Rate(MethodView):
    @blp.response(204)
    @blp.doc(operationId="delete_exchange_rate", summary="Delete a rate", tags=["widgets"])
    def delete(self, org_id: UUID, rate_id: UUID) -> Response:
        session = db_session()
        if not rates.delete_rate(session, require_org(str(org_id)), str(rate_id)):
            abort(404, "Not found.")
        session.commit()
        return Response(status=204)
