"""The application uses its dependencies through their public APIs only.

Every module under app/ is read with ``ast``: no import of a private name (a segment with
a leading underscore) from anything but the application itself, no private attribute of
an imported library object, and none of the internals that have tempted us before
(SQLAlchemy's attribute ``impl``, Flask's context variables, Babel's ``u*gettext``
aliases, the namespace behind ``flask.g``). A failure names the file and the line.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app"

# Internals found by their text in code (comments and strings left out).
INTERNAL_PATTERNS = {
    r"\.impl\.": "SQLAlchemy's attribute implementation",
    r"\b_cv_\w+": "Flask's context variables",
    r"\bu(?:n?p?)gettext\b": "Babel's Python 2 gettext aliases",
    r"\bg\.__dict__": "the namespace behind flask.g",
}


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _own(module: str) -> bool:
    return module == "app" or module.startswith("app.")


def private_imports(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, what) of each private name imported from outside the application."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if not _own(alias.name) and any(_private(p) for p in alias.name.split(".")):
                    found.append((node.lineno, f"import {alias.name}"))
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level or _own(module) or module == "__future__":
                continue
            names = [*module.split("."), *(alias.name for alias in node.names)]
            if any(_private(name) for name in names):
                imported = ", ".join(alias.name for alias in node.names)
                found.append((node.lineno, f"from {module} import {imported}"))
    return found


def _library_names(tree: ast.AST) -> set[str]:
    """Names a module binds to things imported from outside the application."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if not _own(alias.name):
                    names.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom):
            if node.level or _own(node.module or ""):
                continue
            names.update(alias.asname or alias.name for alias in node.names)
    return names


def private_attributes(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, expression) of each private attribute read from an imported library object."""
    libraries = _library_names(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        chain, inner = [node.attr], node.value
        while isinstance(inner, ast.Attribute):
            chain.append(inner.attr)
            inner = inner.value
        if (
            isinstance(inner, ast.Name)
            and inner.id in libraries
            and any(_private(name) or name == "__dict__" for name in chain)
        ):
            found.append((node.lineno, ".".join([inner.id, *reversed(chain)])))
    return found


def internal_patterns(source: str) -> list[tuple[int, str]]:
    """(line, why) of each known internal found in the code, comments and strings aside."""
    found = []
    lines: dict[int, list[str]] = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in (tokenize.COMMENT, tokenize.STRING):
            lines.setdefault(token.start[0], []).append(token.string)
    for number, tokens in lines.items():
        code = "".join(tokens)
        for pattern, why in INTERNAL_PATTERNS.items():
            if re.search(pattern, code):
                found.append((number, why))
    return found


def _problems(source: str) -> list[tuple[int, str]]:
    tree = ast.parse(source)
    return sorted(private_imports(tree) + private_attributes(tree) + internal_patterns(source))


@pytest.mark.parametrize(
    "source",
    [
        "from flask.globals import _cv_app",
        "from flask import _cv_request",
        "import sqlalchemy.orm._private",
        "import flask_babel._internal as babel_state",
        "from flask import g\nnamespace = g.__dict__",
        "state.manager[name].impl.set(state, values, ciphertext, None)",
        "context = _cv_app.get(None)",
        "text = catalogue.ugettext(message)",
        "text = catalogue.ungettext(one, many, number)",
        "from flask_login import current_user\nuser = current_user._get_current_object()",
        "import flask\nrequest_context = flask.globals._cv_request.get()",
    ],
)
def test_the_check_finds_private_apis(source: str) -> None:
    assert _problems(source)


@pytest.mark.parametrize(
    "source",
    [
        "from __future__ import annotations",
        "from app.crypto.fields import _memo",
        "from .fields import _MEMO",
        "from sqlalchemy import TypeDecorator\nclass Blob(TypeDecorator):\n    impl = bytes",
        "text = catalogue.gettext(message)  # not catalogue.ugettext",
        "from flask import g\ncache = g.setdefault('keys', {})",
        "record._private_of_our_own = 1",
    ],
)
def test_the_check_leaves_public_apis_alone(source: str) -> None:
    assert _problems(source) == []


def test_the_application_uses_public_apis_only() -> None:
    problems = []
    for path in sorted(APP.rglob("*.py")):
        where = path.relative_to(ROOT).as_posix()
        for line, what in _problems(path.read_text(encoding="utf-8")):
            problems.append(f"{where}:{line}: {what}")
    assert problems == []
