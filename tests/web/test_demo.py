"""`hub demo`: a demo organization and admin, printed; the sandboxes it would serve build."""

from __future__ import annotations

from typing import Any

from flask import Flask

from hub.demo import DEMO_EMAIL, banner, build_sandbox, start


def test_the_demo_prints_an_admin_who_can_sign_in(app: Flask, console: Any) -> None:
    printed: list[str] = []
    demo = start(app, printed.append, sandboxes=False)
    try:
        text = banner(app, demo, "http://127.0.0.1:5000")
        assert f"{DEMO_EMAIL}  password: {demo.password}" in text
        assert "The hub console: http://127.0.0.1:5000" in text
        in_process = "jobs run in-process (set HUB_REDIS_URL to use `hub worker` processes)"
        assert printed == ([] if app.config["REDIS_URL"] else [in_process])
        assert console.sign_in(DEMO_EMAIL, demo.password).status_code == 302
        assert "Demo Trading Pty Ltd" in console.text(f"/orgs/{demo.org_id}/")
    finally:
        demo.stop()
    again = start(app, printed.append, sandboxes=False)
    again.stop()
    # The same organization; a new password each start, so an old one stops working.
    assert again.org_id == demo.org_id and again.password != demo.password
    console.post("/signout")
    assert console.sign_in(DEMO_EMAIL, demo.password).status_code == 401


def test_the_demos_sandboxes_come_with_data(app: Flask) -> None:
    from connectors.shopify.sandbox import state_of
    from connectors.vtiger.sandbox import sandbox_of

    vtiger, _ = build_sandbox(app, "vtiger")
    assert len(sandbox_of(vtiger).store.crm) > 10
    shopify, _ = build_sandbox(app, "shopify")
    assert state_of(shopify).shops
