"""Why a beneficiary could not activate their access or log in."""

from __future__ import annotations


class PortalError(Exception):
    code = "portal_error"


class WrongBirthDate(PortalError):
    code = "wrong_birth_date"


class AccessLocked(PortalError):
    """Too many failed attempts: the account waits a while before trying again."""

    code = "locked"
