"""Serve a sandbox (an emulated app's WSGI app) on 127.0.0.1 in a background thread."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from werkzeug.serving import BaseWSGIServer, make_server


@dataclass
class RunningServer:
    """A WSGI app being served on a real socket; `url` has no trailing slash."""

    server: BaseWSGIServer
    thread: threading.Thread = field(repr=False)

    @property
    def port(self) -> int:
        return int(self.server.server_port)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def serve_in_thread(app: Any, port: int = 0) -> RunningServer:
    """Start `app` on 127.0.0.1 (a free port when `port` is 0) and return at once."""
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name=f"sandbox:{port}", daemon=True)
    thread.start()
    return RunningServer(server=server, thread=thread)
