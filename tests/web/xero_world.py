"""The Xero sandbox on a real socket, for connecting through its real consent page."""

from __future__ import annotations

import re
import threading
from urllib.parse import parse_qsl, urlsplit

import requests
from flask import Flask

DEMO_LOGIN = {"email": "demo@example.com", "password": "demo"}  # the sandbox's demo user
CLIENT = {"client_id": "hub-web-tests", "client_secret": "hub-web-tests-secret"}


class XeroSandbox:
    """The Xero sandbox on a real socket, with the hub registered as an app of it."""

    def __init__(self, app: Flask) -> None:
        from webtoys import ToyXeroConnector

        from connectors.xero.sandbox import create_app, organisation
        from hub.sdk.sandbox import serve_in_thread

        self.hub = app
        self.app = create_app()
        self.server = serve_in_thread(self.app)
        self.url = self.server.url
        self.tenant = next(iter(self.app.extensions["xero_sandbox"].orgs))
        assert organisation(self.app, self.tenant).name == "Demo Company (AU)"
        app.extensions["hub.registry"].add("toyxero", ToyXeroConnector)
        app.config["APPS"] = {
            **app.config["APPS"],
            "toyxero": {**CLIENT, "url": self.url, "api_url": self.url},
        }
        self.register_hub(str(app.config["BASE_URL"]))

    def register_hub(self, base_url: str) -> None:
        """Make the hub at `base_url` a known app of the sandbox (its callback URLs)."""
        from connectors.xero.sandbox import add_client

        callbacks = [f"{base_url}/connections/{name}/callback" for name in ("toyxero", "xero")]
        add_client(self.app, CLIENT["client_id"], CLIENT["client_secret"], callbacks)

    def consent(
        self, url: str, decision: str = "allow", tenants: list[str] | None = None
    ) -> dict[str, str]:
        """Sign in as the demo user and answer the consent page, as a person would."""
        with requests.Session() as session:
            page = session.post(url, data={"step": "login", **DEMO_LOGIN})
            ticket = re.search(r'name="ticket" value="([^"]+)"', page.text)
            assert ticket, page.text
            offered = re.findall(r'name="tenant" value="([^"]+)"', page.text)
            done = session.post(
                url,
                data={
                    "step": "consent",
                    "ticket": ticket.group(1),
                    "tenant": offered if tenants is None else tenants,
                    "decision": decision,
                },
                allow_redirects=False,
            )
        assert done.status_code == 302, done.text
        return dict(parse_qsl(urlsplit(done.headers["Location"]).query))

    def add_contact(self, name: str, email: str) -> str:
        """What a user does in Xero itself: a new contact, through Xero's own API."""
        from connectors.xero.sandbox import issue_token

        token = issue_token(self.app, [self.tenant], client_id=CLIENT["client_id"])
        answer = requests.put(
            f"{self.url}/api.xro/2.0/Contacts",
            json={"Contacts": [{"Name": name, "EmailAddress": email}]},
            headers={
                "Authorization": f"Bearer {token['access_token']}",
                "xero-tenant-id": self.tenant,
                "Accept": "application/json",
            },
            timeout=10,
        )
        assert answer.status_code == 200, answer.text
        return str(answer.json()["Contacts"][0]["ContactID"])

    def contacts(self) -> dict[str, str]:
        """Name -> email of the demo organisation's contacts, read from its live state."""
        from connectors.xero.sandbox import organisation

        org = organisation(self.app, self.tenant)
        return {c["Name"]: c.get("EmailAddress", "") for c in org.contacts.values()}

    def stop(self) -> None:
        # Shutting a server down waits for its poll interval: let that happen meanwhile.
        threading.Thread(target=self.server.stop, daemon=True).start()
