"""The five roles, with their translated names in one place."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class Role(enum.StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    TRAINER = "trainer"
    PSYCHOLOGIST = "psychologist"
    BENEFICIARY = "beneficiary"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.TRAINER: _l("Trainer"),
    Role.PSYCHOLOGIST: _l("Psychologist"),
    Role.BENEFICIARY: _l("Beneficiary"),
}

STAFF_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR, Role.TRAINER, Role.PSYCHOLOGIST})
CASE_WORKER_ROLES = frozenset({Role.TRAINER, Role.PSYCHOLOGIST})
