from collections.abc import Callable

import pytest
from flask import Flask

from app.accounts.roles import Role
from tests.helpers import Client


def test_unknown_page_is_a_friendly_404(client: Client) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.text
    assert "Error code: 404" in response.text


def test_wrong_method_is_a_friendly_405(client: Client) -> None:
    response = client.http.put("/login")
    assert response.status_code == 405
    assert "This action is not allowed here" in response.text


def test_missing_csrf_token_is_a_clear_400(client: Client) -> None:
    response = client.post("/login", {"email": "a@example.org", "password": "x" * 12}, csrf=False)
    assert response.status_code == 400
    assert "This form has expired or was sent from another page" in response.text


def test_a_crash_shows_a_500_page_without_any_trace(app_factory: Callable[..., Flask]) -> None:
    crashing = app_factory()
    crashing.config["PROPAGATE_EXCEPTIONS"] = False

    @crashing.route("/explode")
    def explode() -> str:
        raise RuntimeError("secret detail: Amina Yusuf")

    crashing.view_functions["explode"].passerelle_access = ("public",)
    response = crashing.test_client().get("/explode")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Something went wrong on our side" in body
    assert "Amina" not in body
    assert "Traceback" not in body


def test_too_large_a_request_is_a_friendly_413(client: Client) -> None:
    response = client.post("/login", {"email": "a" * (5 * 1024 * 1024), "password": "x"})
    assert response.status_code == 413
    assert "What you sent is too large" in response.text


def test_pages_carry_security_headers_and_are_not_cached(
    login_as: Callable[..., Client],
) -> None:
    response = login_as(Role.TRAINER).get("/cases/")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize("url", ["/admin/users/not-a-uuid/edit", "/admin/users/1/edit"])
def test_malformed_ids_in_urls_are_404(login_as: Callable[..., Client], url: str) -> None:
    assert login_as(Role.ADMIN).get(url).status_code == 404


def test_error_pages_render_without_a_database(app_factory: Callable[..., Flask]) -> None:
    broken = app_factory(database_url="sqlite:////nonexistent/x.sqlite3")
    response = broken.test_client().get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)
