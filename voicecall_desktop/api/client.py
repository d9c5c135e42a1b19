"""The VoiceCall endpoint over httpx: one POST, every failure classified.

TLS goes through the OS certificate store (truststore), so a practice's
TLS-inspecting proxy, whose root is installed by IT, is trusted; proxies come
from the environment and, on Windows, the system settings (httpx's
``trust_env``). Plain ``http://`` is refused except to loopback.

Each attempt has an overall deadline (:mod:`.deadline`) besides httpx's per-wait
timeouts, and the answer is read raw and inflated within a size limit
(:mod:`.body`). Whatever the server says is made safe where it is parsed: the API
key blanked in every spelling (:mod:`.masking`), control characters removed and
out-of-range numbers dropped (:class:`~voicecall_desktop.core.models.SingleSendResponse`).
"""

from __future__ import annotations

import logging
import ssl
from collections.abc import Iterable
from dataclasses import dataclass

import httpx
import truststore

from voicecall_desktop.api.body import (
    ACCEPT_ENCODING,
    MAX_BODY,
    BadEncoding,
    PastDeadline,
    TooLarge,
    read_body,
)
from voicecall_desktop.api.codecs import (
    CONTENT_TYPES,
    Unreadable,
    decode,
    encode,
    mask_key,
)
from voicecall_desktop.api.deadline import DEFAULT_DEADLINE, Watchdog
from voicecall_desktop.api.errors import (
    ApiError,
    ConfigurationError,
    NotDelivered,
    OutcomeUnknown,
    RateLimited,
    Rejected,
)
from voicecall_desktop.api.failures import (
    connect_message,
    retry_after_seconds,
    seconds_text,
    transport_failure,
)
from voicecall_desktop.api.masking import MASK, key_pattern, key_pattern_bytes, mask_echoes
from voicecall_desktop.api.proxies import check_proxy_environment, check_proxy_setting
from voicecall_desktop.api.urls import check_base_url, endpoint_url, is_loopback
from voicecall_desktop.core.models import SingleSendResponse, VoiceRequest
from voicecall_desktop.core.phone import mask_number

log = logging.getLogger(__name__)

USER_AGENT = "VoiceCallDesktop/0.1"


@dataclass
class _Reply:
    """What came back on the wire, before it is judged."""

    status: int
    reason: str
    content_type: str | None
    retry_after: str | None
    raw: bytes = b""
    too_large: str = ""  # "the answer was too large (limit …)", or empty


@dataclass(frozen=True)
class Answer:
    """A clear ``Success: true`` and what came with it."""

    response: SingleSendResponse
    status_code: int
    body: str
    request_body: str  # as sent, key masked


class VoiceCallClient:
    """Sends one call per :meth:`send`; owns one ``httpx.Client``.

    Args:
        base_url: the API's base URL (checked: https, or http to loopback only).
        connect_timeout / read_timeout: seconds, for each wait.
        deadline: seconds for the whole attempt, however the server spends them
            (default: ``DEFAULT_DEADLINE``, or connect + read timeout if longer).
        max_body: the largest answer read, in bytes, after decompression.
        transport: for tests (``httpx.MockTransport``); real sockets otherwise.
        proxy: the ``proxy`` setting: every call goes through it instead of the
            environment's or the system's proxy ("" or None: those are used).
    """

    def __init__(
        self,
        base_url: str,
        *,
        connect_timeout: float = 10.0,
        read_timeout: float = 30.0,
        deadline: float | None = None,
        max_body: int = MAX_BODY,
        transport: httpx.BaseTransport | None = None,
        proxy: str | None = None,
    ) -> None:
        if deadline is None:
            deadline = max(DEFAULT_DEADLINE, connect_timeout + read_timeout)
        if not deadline > 0:
            raise ValueError("deadline must be a positive number of seconds")
        self.deadline = deadline
        self.max_body = max_body
        self.base_url = check_base_url(base_url)
        self.url = endpoint_url(self.base_url)
        loopback = is_loopback(self.base_url)
        verify: ssl.SSLContext | bool = True
        if transport is None:
            # One trust store for every host, loopback included: the OS store (and on
            # Linux SSL_CERT_FILE/SSL_CERT_DIR), never certifi's bundle on the side.
            verify = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        # Loopback never goes through a proxy; a set proxy is checked before anything is
        # sent, and then the environment's are not used at all.
        own_proxy = check_proxy_setting(proxy or "") if not loopback else ""
        #: The proxy every call goes through ("" when the environment's are used).
        self.proxy = own_proxy
        if transport is None and not loopback and not own_proxy:
            check_proxy_environment(base_url=self.base_url)
        try:
            self._http = httpx.Client(
                timeout=httpx.Timeout(
                    connect=connect_timeout,
                    read=read_timeout,
                    write=read_timeout,
                    pool=connect_timeout,
                ),
                verify=verify,
                trust_env=not loopback,  # never send loopback traffic through a proxy
                # A test's transport is the network: a proxy mount would go round it.
                proxy=own_proxy if own_proxy and transport is None else None,
                transport=transport,
                follow_redirects=False,
                # A fresh connection per call: the deadline's watchdog learns each socket
                # as it is opened, so none may come from the pool unseen.
                limits=httpx.Limits(max_keepalive_connections=0),
                headers={"User-Agent": USER_AGENT, "Accept-Encoding": ACCEPT_ENCODING},
            )
        except (ValueError, ImportError, httpx.InvalidURL) as exc:
            # A proxy setting check_proxy_environment did not foresee: still ours to explain.
            log.warning("proxy settings refused by httpx: %s", type(exc).__name__)
            raise ConfigurationError(
                "The proxy settings of this computer cannot be used (HTTPS_PROXY, HTTP_PROXY, "
                "ALL_PROXY or the system proxy). Nothing was sent; ask IT to check them."
            ) from None

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> VoiceCallClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send(self, request: VoiceRequest, fmt: str = "json") -> Answer:
        """POST one call.

        Returns:
            The answer, when the API said ``Success: true``.

        Raises:
            NotDelivered, RateLimited, OutcomeUnknown, Rejected: see :mod:`.errors`.
        """
        body = encode(request, fmt)
        shown = mask_key(body, request)
        content_type = CONTENT_TYPES.get(fmt, CONTENT_TYPES["json"])
        headers = {"Content-Type": content_type, "Accept": content_type}
        log.info("sending call to %s as %s", mask_number(request.Destination), fmt)
        with Watchdog(self.deadline) as watchdog:
            try:
                reply = self._exchange(body, headers, watchdog)
            except (PastDeadline, httpx.TransportError) as exc:
                if watchdog.expired or isinstance(exc, PastDeadline):
                    raise self._past_deadline(watchdog) from None
                raise transport_failure(exc) from None
            except BadEncoding as exc:
                log.warning("answer could not be decoded: %s", exc)
                raise OutcomeUnknown(
                    f"PatientComms answered but {exc}. The call may have been booked: "
                    "check before sending it again.",
                ) from None
        # A server may echo the key back ("The value '…' is not valid for APIKey"), escaped
        # or not: it must not reach a message, the database or the log. Blanked in the raw
        # body first, and again in the decoded text in case it was encoded twice.
        reply.raw = key_pattern_bytes(request.APIKey).sub(MASK.encode(), reply.raw)
        return self._judge(reply, shown, request)

    def _exchange(self, body: bytes, headers: dict[str, str], watchdog: Watchdog) -> _Reply:
        """One POST: the head's parts we use and the body, bounded and decompressed."""
        with self._http.stream(
            "POST",
            self.url,
            content=body,
            headers=headers,
            extensions={"trace": watchdog.trace},
        ) as http:
            reply = _Reply(
                status=http.status_code,
                reason=http.reason_phrase,
                content_type=http.headers.get("content-type"),
                retry_after=http.headers.get("retry-after"),
            )
            chunks: Iterable[bytes] = http.iter_raw(65536)
            encoding = http.headers.get("content-encoding")
            if http.is_stream_consumed:  # an in-memory answer (MockTransport), decoded already
                chunks, encoding = [http.content], None
            try:
                reply.raw = read_body(
                    chunks,
                    content_encoding=encoding,
                    content_length=http.headers.get("content-length"),
                    limit=self.max_body,
                    past_deadline=watchdog.past,
                )
            except TooLarge as exc:
                log.warning("answer over the size limit (%d bytes)", exc.limit)
                reply.too_large = str(exc)
        return reply

    def _past_deadline(self, watchdog: Watchdog) -> ApiError:
        log.warning("attempt stopped at its %.0f s deadline", self.deadline)
        if not watchdog.request_started:
            return NotDelivered(
                "PatientComms did not answer the connection in time. Nothing was sent."
            )
        return OutcomeUnknown(
            f"PatientComms did not finish answering within {seconds_text(self.deadline)}. "
            "The call may have been booked: check before sending it again.",
        )

    def _judge(self, reply: _Reply, shown: str, request: VoiceRequest) -> Answer:
        status, reason, retry_after = reply.status, reply.reason, reply.retry_after
        text = mask_echoes(reply.raw.decode("utf-8", "replace"), request.APIKey)
        response: SingleSendResponse | None = None
        unreadable = reply.too_large
        if not unreadable:
            try:
                response = _masked(decode(reply.raw, reply.content_type), request)
            except Unreadable as exc:
                unreadable = str(exc)
            except Exception:
                # The request has left: a fault in reading the answer must leave the call
                # "unknown", never crash the attempt (and never let it be sent again).
                log.exception("reading the answer failed")
                unreadable = "the answer could not be read"
        for note in response.notes if response is not None else ():
            log.warning("answer read with a change: %s", note)
        kw = {"response": response, "status_code": status, "body": text}
        if status == 429:
            wait = retry_after_seconds(retry_after)
            raise RateLimited(
                "PatientComms is busy and asked us to wait"
                + (f" {wait:.0f} seconds" if wait is not None else "")
                + ". Nothing was booked; the call stays queued.",
                retry_after=wait,
                **kw,
            )
        if 200 <= status < 300:
            if response is None:
                raise OutcomeUnknown(
                    f"PatientComms answered but {unreadable}. The call may have been "
                    "booked: check before sending it again.",
                    **kw,  # type: ignore[arg-type]
                )
            if response.Success is True:
                return Answer(response=response, status_code=status, body=text, request_body=shown)
            if response.Success is False:
                raise Rejected(_rejected_message(response), **kw)  # type: ignore[arg-type]
            raise OutcomeUnknown(
                "PatientComms answered without saying whether the call was booked. "
                "Check before sending it again.",
                **kw,  # type: ignore[arg-type]
            )
        if 500 <= status < 600:
            raise OutcomeUnknown(
                f"PatientComms had an error ({status} {reason}). The call may have been "
                "booked: check before sending it again.",
                **kw,  # type: ignore[arg-type]
            )
        if 400 <= status < 500:
            if response is None:
                response = SingleSendResponse(
                    Success=False,
                    Status=f"{status} {reason}",
                    Errors={"HTTP": f"{status} {reason}"},
                )
                kw["response"] = response
            raise Rejected(_status_message(status, reason, response), **kw)  # type: ignore[arg-type]
        raise Rejected(
            f"PatientComms answered {status} {reason}, which is not a booking. "
            "Check the base URL in Settings.",
            **kw,  # type: ignore[arg-type]
        )

    def probe(self) -> str:
        """Reach the base URL through the same TLS and proxy path, booking nothing.

        Returns:
            A short description of what answered.

        Raises:
            NotDelivered: the server could not be reached.
        """
        try:
            reply = self._http.get(self.base_url)
        except httpx.TimeoutException as exc:
            raise NotDelivered(connect_message(exc)) from None
        except httpx.HTTPError as exc:
            raise NotDelivered(connect_message(exc)) from None
        return f"Reached {self.base_url} (HTTP {reply.status_code})."


def _masked(response: SingleSendResponse, request: VoiceRequest) -> SingleSendResponse:
    pattern = key_pattern(request.APIKey)
    if not (
        (response.Status and pattern.search(response.Status))
        or any(pattern.search(k) or pattern.search(v) for k, v in response.Errors.items())
    ):
        return response
    errors = {pattern.sub(MASK, k): pattern.sub(MASK, v) for k, v in response.Errors.items()}
    status = pattern.sub(MASK, response.Status) if response.Status else response.Status
    return response.model_copy(update={"Status": status, "Errors": errors})


def _rejected_message(response: SingleSendResponse) -> str:
    reasons = "; ".join(response.error_lines()) or (response.Status or "no reason given")
    return f"PatientComms refused the call: {reasons}"


def _status_message(status: int, reason: str, response: SingleSendResponse) -> str:
    if status in (401, 403):
        return (
            f"PatientComms refused the API key or user name ({status} {reason}). "
            "Check them in Settings. Nothing was booked."
        )
    if status == 404:
        return f"The API address was not found ({status}). Check the base URL in Settings."
    return _rejected_message(response) + f" ({status} {reason})"
