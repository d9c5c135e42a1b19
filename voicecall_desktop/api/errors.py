"""What can go wrong when a call is sent, in the only terms callers match on.

::

    ApiError
     ├── NotDelivered        the request cannot have reached the API: safe to queue again
     │    └── RateLimited    429: the API asked us to wait (``retry_after`` seconds)
     ├── OutcomeUnknown      it may have reached the API without a clear answer:
     │                       read timeout, the attempt's overall deadline, connection
     │                       dropped after the body, 5xx, an empty, unreadable or too
     │                       large body. Never sent again automatically.
     ├── Rejected            the API said no: ``Success: false`` or a 4xx answer
     │                       (``response.Errors`` says why); not retried
     └── ConfigurationError  we refused to send: bad base URL (plain HTTP off loopback,
                             a password, query or fragment in it), unusable proxy settings

httpx's own exceptions never leave :mod:`voicecall_desktop.api`.
"""

from __future__ import annotations

from voicecall_desktop.core.models import SingleSendResponse
from voicecall_desktop.core.states import Outcome


class ApiError(Exception):
    """Base of every failure to get a clear ``Success: true``."""

    outcome: Outcome = Outcome.UNKNOWN

    def __init__(
        self,
        message: str,
        *,
        response: SingleSendResponse | None = None,
        status_code: int | None = None,
        body: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.response = response
        self.status_code = status_code
        self.body = body


class NotDelivered(ApiError):
    outcome = Outcome.NOT_DELIVERED


class RateLimited(NotDelivered):
    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.retry_after = retry_after


class OutcomeUnknown(ApiError):
    outcome = Outcome.UNKNOWN


class Rejected(ApiError):
    outcome = Outcome.REJECTED


class ConfigurationError(ApiError):
    """Nothing was sent: the settings do not allow it."""

    outcome = Outcome.NOT_DELIVERED
