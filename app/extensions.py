"""Unbound extension instances; the application factory binds them."""

from typing import TYPE_CHECKING

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from app.db import Base

# Each request has its own session, so nothing goes stale by keeping loaded values.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()

# Models subclass Model, which is db.Model. Flask-SQLAlchemy builds that class at run time
# from Base's namespace, and a type checker cannot take an attribute as a base class, so
# to it Model is Base, which declares the same registry, metadata and column types.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model
