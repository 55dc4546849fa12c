"""Fixtures for the SDK tests: a scripted fake app served over real HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask, Response, request

from hub.sdk.sandbox import serve_in_thread


@dataclass
class Seen:
    """One request the fake app received."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]


@dataclass
class FakeApp:
    """A fake app that answers each request with the next scripted reply (200 {} when none)."""

    url: str = ""
    replies: deque[tuple[int, str, dict[str, str]]] = field(default_factory=deque)
    seen: list[Seen] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def reply(
        self,
        status: int = 200,
        body: Any = None,
        headers: dict[str, str] | None = None,
        *,
        text: str | None = None,
    ) -> None:
        """Queue the reply to the next request: JSON `body`, or raw `text`."""
        content = text if text is not None else json.dumps(body if body is not None else {})
        self.replies.append((status, content, headers or {}))


def build_app(fake: FakeApp) -> Flask:
    """The WSGI side of the fake app."""
    app = Flask(__name__)

    @app.route("/slow")
    def slow() -> Response:
        # Hold the answer until the test is over (or 2 s), so a short read timeout fires.
        fake.release.wait(2)
        return Response("{}", 200, content_type="application/json")

    @app.route("/", defaults={"path": ""}, methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    @app.route("/<path:path>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    def scripted(path: str) -> Response:
        fake.seen.append(
            Seen(request.method, request.path, dict(request.args), dict(request.headers))
        )
        status, content, headers = fake.replies.popleft() if fake.replies else (200, "{}", {})
        content_type = "application/json" if content[:1] in "{[" else "text/html"
        return Response(content, status, headers=headers, content_type=content_type)

    return app


@pytest.fixture(scope="module")
def _served() -> Iterator[FakeApp]:
    fake = FakeApp()
    server = serve_in_thread(build_app(fake))
    fake.url = server.url
    yield fake
    fake.release.set()
    server.stop()


@pytest.fixture
def fake_app(_served: FakeApp) -> Iterator[FakeApp]:
    """The fake app, with an empty script and history for each test."""
    _served.replies.clear()
    _served.seen.clear()
    _served.release.clear()
    yield _served
    _served.release.set()  # let any held /slow handler finish
    _served.replies.clear()
