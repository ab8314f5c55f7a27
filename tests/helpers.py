"""A test client that fills in the CSRF token, as a browser submitting our forms would;
a count of the statements a page runs; a command run that must succeed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from click.testing import Result
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event
from werkzeug.test import TestResponse

from app.extensions import db
from tests.factories import TEST_PASSWORD

_CSRF = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|'
    r'name="csrf_token" value="([^"]+)"'
)


@contextmanager
def statements_on_main_database(app: Flask) -> Iterator[list[str]]:
    """The SQL statements run on the main database inside the block (the key store apart),
    listed when the block ends."""
    statements: list[str] = []
    with statements_with_parameters(app) as seen:
        try:
            yield statements
        finally:
            statements.extend(statement for statement, _ in seen)


@contextmanager
def statements_with_parameters(app: Flask) -> Iterator[list[tuple[str, Any]]]:
    """The SQL statements run on the main database inside the block, with their parameters."""
    seen: list[tuple[str, Any]] = []

    def record(_connection: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        seen.append((statement, parameters))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def run_command(app: Flask, *args: str) -> Result:
    """Run a ``flask`` command through the CLI runner; it must succeed."""
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result


def csrf_token_in(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1) or match.group(2)


class Client:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self.http: FlaskClient = app.test_client()
        self._token: str | None = None

    def get(self, url: str, **kwargs: Any) -> TestResponse:
        return self.http.get(url, **kwargs)

    def token(self) -> str:
        if self._token is None:
            page = self.http.get("/", follow_redirects=True)
            self._token = csrf_token_in(page.get_data(as_text=True))
        return self._token

    def post(
        self, url: str, data: dict[str, Any] | None = None, *, csrf: bool = True, **kwargs: Any
    ) -> TestResponse:
        payload = dict(data or {})
        if csrf:
            payload.setdefault("csrf_token", self.token())
        return self.http.post(url, data=payload, **kwargs)

    def forget_csrf_token(self) -> None:
        """After the session is renewed (a log-in), the next form needs a fresh token."""
        self._token = None

    def log_in(self, identifier: str, password: str = TEST_PASSWORD) -> TestResponse:
        """Staff log in with their e-mail; beneficiaries with their login code."""
        if "@" in identifier:
            response = self.post("/login", {"email": identifier, "password": password})
        else:
            response = self.post("/portal/login", {"login_id": identifier, "secret": password})
        # The session is renewed at log-in, and the CSRF token with it.
        self._token = None
        return response

    def text(self, url: str) -> str:
        response = self.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response.get_data(as_text=True)
