"""Every route declares who may call it; a route without a declaration fails this test."""

from flask import Flask

from app.accounts.permissions import ACCESS_ATTRIBUTE

# Flask's own static files route is the one exception.
UNDECLARED_ALLOWED = {"static"}


def test_every_route_declares_its_access(app: Flask) -> None:
    undeclared = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint not in UNDECLARED_ALLOWED
        and not hasattr(app.view_functions[rule.endpoint], ACCESS_ATTRIBUTE)
    ]
    assert undeclared == []


def test_public_routes_are_only_the_expected_ones(app: Flask) -> None:
    public = sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if getattr(app.view_functions[rule.endpoint], ACCESS_ATTRIBUTE, ("",))[0] == "public"
    )
    assert public == [
        "/", "/account/set-password/<secret>", "/healthz", "/language", "/login",
        "/portal/activate", "/portal/activate/<code>", "/portal/login",
    ]  # fmt: skip
