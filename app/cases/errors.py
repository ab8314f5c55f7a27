"""Domain failures of case work; views turn each code into a translated message."""

from __future__ import annotations


class CaseError(Exception):
    code = "case_error"


class InvalidInput(CaseError):
    """Input that cannot be true (dates in the wrong order, unknown codes...).

    ``problems`` maps each form field to a problem code.
    """

    code = "invalid_input"

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(", ".join(f"{field}:{code}" for field, code in problems.items()))
        self.problems = problems


class StaleRecord(CaseError):
    """Someone saved the record after the form was opened."""

    code = "stale_record"


class ConsentMissing(CaseError):
    """Sharing with a partner organisation needs recorded sharing consent."""

    code = "consent_missing"


class ReferralNotPending(CaseError):
    code = "referral_not_pending"
