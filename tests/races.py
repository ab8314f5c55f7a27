"""Run requests truly at the same time: each waits, before its first write, until every
other has read what it needs, so that all of them decide on the same data."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask
from sqlalchemy import event

from app.extensions import db

T = TypeVar("T")
_WRITES = ("INSERT", "UPDATE", "DELETE")


def run_together(app: Flask, *requests: Callable[[], T], timeout: float = 20) -> list[T]:
    """Each request in a thread of its own; their results in order.

    Every thread stops at its first write to the main database until all of them have
    got there. A request that raises fails the test with its exception.
    """
    barrier = threading.Barrier(len(requests), timeout=timeout)
    arrived = threading.local()

    def hold_first_write(_connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if getattr(arrived, "done", False) or not statement.lstrip().upper().startswith(_WRITES):
            return
        arrived.done = True
        barrier.wait()

    results: list[Any] = [None] * len(requests)
    errors: list[BaseException] = []

    def run(index: int, request: Callable[[], T]) -> None:
        try:
            results[index] = request()
        except BaseException as error:  # noqa: BLE001 - re-raised in the test's thread
            barrier.abort()
            errors.append(error)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", hold_first_write)
    try:
        threads = [
            threading.Thread(target=run, args=(index, request))
            for index, request in enumerate(requests)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout * 2)
    finally:
        event.remove(engine, "before_cursor_execute", hold_first_write)
    if errors:
        raise errors[0]
    assert not any(thread.is_alive() for thread in threads), "a request never finished"
    return results
