"""Domain failures of account management; views map each to a translated message."""


class AccountError(Exception):
    """Base class; ``code`` names the failure for views and logs."""

    code = "account_error"


class EmailTaken(AccountError):
    code = "email_taken"


class LastActiveAdmin(AccountError):
    """The change would leave the network without an active administrator."""

    code = "last_active_admin"


class ConcurrentEdit(AccountError):
    """Someone saved the record after the form was opened."""

    code = "concurrent_edit"


class TokenInvalid(AccountError):
    code = "token_invalid"


class TokenExpired(AccountError):
    code = "token_expired"


class TokenUsed(AccountError):
    code = "token_used"


class InactiveAccount(AccountError):
    code = "inactive_account"
