"""Workers: `hub worker` on real Redis, or an in-process thread on the embedded default."""

from __future__ import annotations

import logging
import os
import threading
import time

from flask import Flask
from rq import SimpleWorker, Worker
from rq.timeouts import TimerDeathPenalty

from hub.jobs import tasks
from hub.jobs.queues import QUEUES, queue, redis_for
from hub.jobs.scheduler import tick

log = logging.getLogger("hub.jobs")


class ThreadWorker(SimpleWorker):
    """An RQ worker that can live in a thread: no signal handlers, timer-based timeouts."""

    death_penalty_class = TimerDeathPenalty

    def _install_signal_handlers(self) -> None:
        pass


def run_worker(app: Flask, *, burst: bool = False) -> bool:
    """Work the named queues in this process (a fork per job on real Redis)."""
    tasks.bind_app(app)
    database = app.extensions["hub.db"]
    # A forked work-horse must not reuse the parent's database connections.
    os.register_at_fork(after_in_child=lambda: database.engine.dispose(close=False))
    queues = [queue(app, name) for name in QUEUES]
    worker = Worker(queues, connection=redis_for(app))
    return worker.work(burst=burst, logging_level="INFO")


def work_burst(app: Flask) -> bool:
    """Run every queued job now, in this thread, then return (tests and `hub sync`)."""
    tasks.bind_app(app)
    queues = [queue(app, name) for name in QUEUES]
    return ThreadWorker(queues, connection=redis_for(app)).work(burst=True, logging_level="WARNING")


class InProcess:
    """The embedded worker's thread; `stop()` ends it after the job at hand."""

    def __init__(self, thread: threading.Thread, stopping: threading.Event) -> None:
        self.thread, self.stopping = thread, stopping

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=30)


def start_in_process(app: Flask) -> InProcess:
    """The embedded default: a worker and a scheduler tick in a daemon thread."""
    tasks.bind_app(app)
    stopping = threading.Event()

    def loop() -> None:
        interval = float(app.config["SCHEDULER_INTERVAL"])
        next_tick = 0.0
        while not stopping.is_set():
            try:
                if time.time() >= next_tick:
                    tick(app)
                    next_tick = time.time() + interval
                work_burst(app)
            except Exception:  # keep the embedded worker alive; the error is logged
                log.exception("in-process worker")
            stopping.wait(0.5)

    thread = threading.Thread(target=loop, name="hub-worker", daemon=True)
    thread.start()
    return InProcess(thread, stopping)
