"""Redis and the named queues: real Redis from HUB_REDIS_URL, else an in-process fakeredis."""

from __future__ import annotations

from typing import Any

import fakeredis
from flask import Flask
from redis import Redis
from rq import Queue

# Queues by purpose: webhooks first so a burst of syncs never delays acknowledged events.
QUEUES = ("webhooks", "sync", "default")


def redis_for(app: Flask) -> Redis:
    """The app's Redis connection, made once per app."""
    conn = app.extensions.get("hub.redis")
    if conn is None:
        url = app.config.get("REDIS_URL")
        if url:
            conn = Redis.from_url(url)
        else:
            # One fake server per app: the web process and its in-process worker share it.
            conn = fakeredis.FakeRedis(server=fakeredis.FakeServer())
        app.extensions["hub.redis"] = conn
    return conn


def queue(app: Flask, name: str) -> Queue:
    return Queue(name, connection=redis_for(app), default_timeout=3600)


def enqueue(app: Flask, name: str, func: str, *args: Any, **kwargs: Any) -> Any:
    """Enqueue by dotted path, so the web process need not import job code to queue it."""
    job_id = kwargs.pop("job_id", None)
    return queue(app, name).enqueue(func, *args, job_id=job_id, **kwargs)
