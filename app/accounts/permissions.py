"""Who may call which view. Every route declares its access with one of these decorators.

A test walks the URL map and fails when a view carries no declaration.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, redirect, request, url_for
from flask_login import current_user

from app.accounts.roles import Role

F = TypeVar("F", bound=Callable[..., Any])
ACCESS_ATTRIBUTE = "passerelle_access"


def public(view: F) -> F:
    """Anyone, logged in or not, may call this view."""
    setattr(view, ACCESS_ATTRIBUTE, ("public",))
    return view


def login_required(view: F) -> F:
    """Any logged-in user, whatever the role."""
    return roles_required(*Role)(view)


def roles_required(*roles: Role, deny_with: int = 403) -> Callable[[F], F]:
    """Only logged-in users with one of ``roles``; visitors get the login page.

    Others get ``deny_with``: 403, or 404 where even the existence of a page's object
    must not be confirmed (case files).
    """
    allowed = frozenset(roles)

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                login_page = "portal.login" if allowed == {Role.BENEFICIARY} else "accounts.login"
                return redirect(url_for(login_page, next=request.full_path))
            if current_user.role not in allowed:
                abort(deny_with)
            return view(*args, **kwargs)

        setattr(wrapper, ACCESS_ATTRIBUTE, ("roles", allowed))
        return wrapper  # type: ignore[return-value]

    return decorate


def home_endpoint(role: Role) -> str:
    return {
        Role.ADMIN: "admin.index",
        Role.COORDINATOR: "dashboards.index",
        Role.TRAINER: "cases.caseload",
        Role.PSYCHOLOGIST: "cases.caseload",
        Role.BENEFICIARY: "portal.index",
    }[role]
