"""Client for OTP Relay's HTTP API, using only Python's standard library.

    from otp_relay import OtpRelayClient, OtpRelayError

    otp = OtpRelayClient("https://otp.example.com", api_key="...")
    sent = otp.send_otp("+919876543210")          # {"requestId": ..., "expiresInSeconds": 600, ...}
    otp.verify_otp("+919876543210", "123456")     # {"verified": True}, or raises OtpRelayError
    otp.get_status(sent["requestId"])             # the delivery record

Every error answer raises OtpRelayError; branch on its ``code`` (one of ERROR_CODES), never
on its message. Calls block (urllib): in FastAPI, call them from ``def`` endpoints, which run
in a thread pool, not from ``async def`` ones. Works on Python 3.8 and later.
"""

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Dict, Literal, Optional, TypedDict

__all__ = ["OtpRelayClient", "OtpRelayError", "ERROR_CODES", "ErrorCode", "SendOtpResult", "VerifyOtpResult"]

ErrorCode = Literal[
    "BAD_REQUEST",
    "INVALID_JSON",
    "VALIDATION_FAILED",
    "BODY_TOO_LARGE",
    "UNSUPPORTED_MEDIA_TYPE",
    "ROUTE_NOT_FOUND",
    "PHONE_INVALID",
    "PHONE_NOT_SMS_CAPABLE",
    "PHONE_COUNTRY_NOT_ALLOWED",
    "CHANNEL_UNAVAILABLE",
    "OTP_RESEND_COOLDOWN",
    "OTP_INVALID",
    "OTP_EXPIRED",
    "OTP_ATTEMPTS_EXCEEDED",
    "OTP_REQUEST_NOT_FOUND",
    "OTP_VERIFICATION_FAILED",
    "API_KEY_REQUIRED",
    "API_KEY_INVALID",
    "UNAUTHORIZED",
    "RATE_LIMITED",
    "PHONE_SEND_LIMIT",
    "PHONE_LOCKED",
    "APP_SEND_LIMIT",
    "COUNTRY_SEND_LIMIT",
    "PREFIX_THROTTLED",
    "SMS_BUDGET_EXHAUSTED",
    "APP_BUDGET_EXHAUSTED",
    "SEND_THROTTLED",
    "CAPTCHA_REQUIRED",
    "CAPTCHA_INVALID",
    "WEBHOOK_SIGNATURE_INVALID",
    "ORIGIN_NOT_ALLOWED",
    "DASHBOARD_READ_ONLY",
    "SERVICE_UNAVAILABLE",
    "INTERNAL_ERROR",
]
"""The stable codes of the server's error catalogue (packages/errors); a test keeps them in step."""

ERROR_CODES = frozenset(ErrorCode.__args__)  # type: ignore[attr-defined]


class SendOtpResult(TypedDict):
    requestId: str
    expiresInSeconds: int
    resendAfterSeconds: int


class VerifyOtpResult(TypedDict):
    verified: bool


class OtpRelayError(Exception):
    """An error answer of OTP Relay.

    ``code`` is the stable machine-readable code, ``status_code`` the HTTP status,
    ``details`` extra data (e.g. ``attemptsRemaining``) and ``retry_after_seconds`` the
    Retry-After header of 429 and 503 answers.
    """

    def __init__(self, code: str, status_code: int, message: str, details: Optional[Dict[str, Any]] = None,
                 retry_after_seconds: Optional[int] = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.status_code = status_code
        self.message = message
        self.details = details or {}
        self.retry_after_seconds = retry_after_seconds


class OtpRelayClient:
    """Calls OTP Relay. ``api_key`` is your app's key (sent as X-API-Key); ``timeout`` is per call, in seconds."""

    def __init__(self, base_url: str, api_key: Optional[str] = None, timeout: float = 10.0) -> None:
        self._base_url = base_url.rstrip("/")
        self._api_key = api_key
        self._timeout = timeout

    def send_otp(self, phone: str, captcha_token: Optional[str] = None) -> SendOtpResult:
        """Sends a code by SMS; the server answers at once and the SMS follows from its worker."""
        body: Dict[str, Any] = {"phone": phone}
        if captcha_token is not None:
            body["captchaToken"] = captcha_token
        return self._call("POST", "/api/v1/auth/send-otp", body)  # type: ignore[return-value]

    def verify_otp(self, phone: str, otp: str) -> VerifyOtpResult:
        """Returns ``{"verified": True}``; a wrong, expired or used code raises OtpRelayError."""
        return self._call("POST", "/api/v1/auth/verify-otp", {"phone": phone, "otp": otp})  # type: ignore[return-value]

    def get_status(self, request_id: str) -> Dict[str, Any]:
        """The delivery record of one send: status queued, sending, sent, delivered, undelivered, failed or skipped."""
        path = "/api/v1/auth/otp-requests/" + urllib.parse.quote(request_id, safe="")
        return self._call("GET", path, None)

    def _call(self, method: str, path: str, body: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        headers = {"Accept": "application/json"}
        if self._api_key:
            headers["X-API-Key"] = self._api_key
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self._base_url + path, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            raise _error_from(error) from None


def _error_from(error: urllib.error.HTTPError) -> Exception:
    raw = error.read().decode("utf-8", errors="replace")
    try:
        body = json.loads(raw)
    except ValueError:
        body = None
    if not isinstance(body, dict) or not isinstance(body.get("code"), str):
        # Not OTP Relay's answer: e.g. a proxy's 502 page.
        return RuntimeError(f"OTP Relay answered {error.code} without its error shape")
    retry_after = error.headers.get("Retry-After")
    return OtpRelayError(
        code=body["code"],
        status_code=int(body.get("statusCode", error.code)),
        message=str(body.get("message", "")),
        details=body.get("details") if isinstance(body.get("details"), dict) else None,
        retry_after_seconds=int(retry_after) if retry_after and retry_after.isdigit() else None,
    )

