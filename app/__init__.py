"""Passerelle: follow migrants through their professional-integration pathway."""

from __future__ import annotations

from flask import Flask

from config import Settings, load_settings


def create_app(settings: Settings | None = None) -> Flask:
    """Build the application from validated, read-only settings."""
    settings = settings or load_settings()
    app = Flask(__name__, instance_path=str(settings.instance_path))

    from app import setup
    from app.dashboards import summary

    setup.configure_app(app, settings)
    setup.configure_logging(app, settings)
    setup.register_extensions(app)
    setup.register_crypto(app)
    setup.register_blueprints(app)
    setup.register_error_handlers(app)
    setup.register_request_hooks(app)
    setup.register_template_helpers(app)
    setup.register_commands(app)
    summary.keep_up_to_date()
    return app
