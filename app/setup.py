"""The steps of the application factory, one function each."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import Flask, g, render_template, request
from flask_babel import format_percent, format_timedelta
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from markupsafe import Markup
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.wrappers import Response

from app.db import render_migration_item, utcnow
from app.extensions import babel, csrf, db, login_manager, migrate
from app.i18n import (
    PAGE_LOCALE,
    country_name,
    install_template_gettext,
    page_date,
    page_language_context,
    page_number,
    select_locale,
)
from app.navigation import main_menu, row_links
from app.vocabulary import page_label
from config.settings import PROJECT_ROOT, Settings

ERROR_PAGES = {
    400: (
        _l("The request could not be understood"),
        _l("Something in what was sent is not valid. Go back, check the form and try again."),
    ),
    403: (
        _l("You do not have access to this page"),
        _l("Your account does not allow this. If you think it should, ask your coordinator."),
    ),
    404: (_l("Page not found"), _l("This page does not exist, or you do not have access to it.")),
    405: (
        _l("This action is not allowed here"),
        _l("The page cannot be used this way. Go back and use the buttons on the page."),
    ),
    409: (
        _l("Someone else saved this record first"),
        _l(
            "Your change was not saved: someone else changed the same record at the same "
            "moment. Go back, reload the page to see their change, and try again."
        ),
    ),
    413: (_l("What you sent is too large"), _l("Send a smaller file or a shorter text.")),
    500: (
        _l("Something went wrong on our side"),
        _l(
            "Nothing you did caused this. Your last change may not have been saved; "
            "try again in a moment."
        ),
    ),
    503: (_l("Passerelle is not available right now"), _l("Try again in a few minutes.")),
}


def configure_app(app: Flask, settings: Settings) -> None:
    engine_options: dict[str, object] = {"hide_parameters": True}
    if not settings.database_url.startswith("sqlite"):
        engine_options["pool_pre_ping"] = True
    app.config.from_mapping(
        PASSERELLE_SETTINGS=settings,
        SECRET_KEY=settings.secret_key,
        TESTING=settings.is_testing,
        SQLALCHEMY_DATABASE_URI=settings.database_url,
        SQLALCHEMY_BINDS={"keystore": settings.keystore_database_url},
        SQLALCHEMY_ENGINE_OPTIONS=engine_options,
        SESSION_COOKIE_NAME="passerelle_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SECURE=settings.session_cookie_secure,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SECURE=settings.session_cookie_secure,
        REMEMBER_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=10),
        WTF_CSRF_TIME_LIMIT=int(timedelta(hours=10).total_seconds()),
        MAX_CONTENT_LENGTH=4 * 1024 * 1024,
        BABEL_DEFAULT_LOCALE=settings.default_locale,
        BABEL_DEFAULT_TIMEZONE=settings.timezone,
        BABEL_TRANSLATION_DIRECTORIES=str(PROJECT_ROOT / "translations"),
    )


def configure_logging(app: Flask, settings: Settings) -> None:
    app.logger.setLevel(settings.log_level)
    logging.getLogger("passerelle").setLevel(settings.log_level)


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=str(PROJECT_ROOT / "migrations"),
        render_as_batch=True,
        compare_type=True,
        render_item=render_migration_item,
    )
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    install_template_gettext(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    from app.accounts.services import load_user_from_session

    login_manager.user_loader(load_user_from_session)


def register_crypto(app: Flask) -> None:
    from app.crypto import init_app as init_crypto

    init_crypto(app)


def register_blueprints(app: Flask) -> None:
    from app.accounts.routes import blueprint as accounts
    from app.admin.routes import blueprint as admin
    from app.cases.pathways.routes import blueprint as pathways
    from app.cases.routes import blueprint as cases
    from app.core.routes import blueprint as core
    from app.dashboards.routes import blueprint as dashboards
    from app.portal.access_routes import blueprint as portal_access
    from app.portal.routes import blueprint as portal

    for blueprint in (core, accounts, admin, cases, pathways, portal_access, dashboards, portal):
        app.register_blueprint(blueprint)


def render_error(code: int, message: str | None = None) -> tuple[str, int]:
    title, explanation = ERROR_PAGES.get(code, ERROR_PAGES[500])
    return (
        render_template(
            "errors/error.html", code=code, title=title, explanation=message or explanation
        ),
        code,
    )


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        db.session.rollback()
        return render_error(
            400,
            str(
                _l(
                    "This form has expired or was sent from another page. "
                    "Go back, reload the page and try again."
                )
            ),
        )

    @app.errorhandler(StaleDataError)
    def concurrent_save(error: StaleDataError) -> tuple[str, int]:
        # Versioned edits answer with their own form (app.db.versioned_save); any other
        # write that loses a race to a versioned record ends here.
        db.session.rollback()
        return render_error(409)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response | tuple[str, int]:
        if error.code is None or error.code < 400:
            return error.get_response()
        db.session.rollback()
        code = error.code if error.code in ERROR_PAGES else (500 if error.code >= 500 else 400)
        return render_error(code)

    @app.errorhandler(InternalServerError)
    def internal_error(error: InternalServerError) -> tuple[str, int]:
        db.session.rollback()
        return render_error(500)


def register_request_hooks(app: Flask) -> None:
    @app.after_request
    def commit_and_secure(response: Response) -> Response:
        # The one place that commits: services only flush.
        if response.status_code < 400 or g.get("keep_changes_on_error"):
            db.session.commit()
        else:
            db.session.rollback()
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "no-referrer")
        headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
        )
        if request.endpoint != "static":
            # Pages carry personal data: never keep them in a shared or browser cache.
            headers["Cache-Control"] = "no-store"
        return response


def isolate(value: object, direction: str | None = None) -> Markup:
    """Wrap a name or code in <bdi> so it keeps its own direction inside translated text."""
    # Markup's % escapes the values as .format() does, several times faster: a page
    # isolates a name or a date in most of its sentences.
    if direction:
        return Markup('<bdi dir="%s">%s</bdi>') % (direction, value)
    return Markup("<bdi>%s</bdi>") % (value,)


def time_ago(moment: datetime) -> str:
    """ "3 days ago", in the page's language."""
    return format_timedelta(moment - utcnow(), add_direction=True, granularity="minute")


def register_template_helpers(app: Flask) -> None:
    app.add_template_filter(isolate, "bdi")
    app.add_template_filter(time_ago, "ago")
    app.add_template_filter(page_number, "format_number")
    app.add_template_filter(page_date, "dateformat")
    app.add_template_filter(page_label, "label")
    app.add_template_filter(format_percent, "format_percent")
    app.add_template_global(row_links, "row_links")

    @app.context_processor
    def language_context() -> dict[str, object]:
        context = page_language_context()
        locale = str(context[PAGE_LOCALE])
        return {
            **context,
            "main_menu": main_menu,
            "country_name": lambda code: country_name(code, locale),
            "token_lifetime_hours": app.config["PASSERELLE_SETTINGS"].token_lifetime_hours,
        }


def register_commands(app: Flask) -> None:
    from app.accounts.cli import accounts_cli
    from app.demo.cli import seed_demo_command
    from app.i18n_status import translations_cli
    from app.maintenance import maintenance_cli

    app.cli.add_command(accounts_cli)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(translations_cli)
    app.cli.add_command(maintenance_cli)
