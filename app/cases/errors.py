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


class CaseErased(CaseError):
    """The case's data key was shredded: its personal data is gone for good."""

    code = "case_erased"

    def __init__(self, case_number: str) -> None:
        super().__init__(case_number)
        self.case_number = case_number


class ConsentMissing(CaseError):
    """Sharing with a partner organisation needs recorded sharing consent."""

    code = "consent_missing"


class ReferralNotPending(CaseError):
    code = "referral_not_pending"
