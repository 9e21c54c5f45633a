"""Tests of otp_relay.py against a running OTP Relay API.

Run by test/clients/python-client.test.ts, which starts the API and its worker on loopback
and sets OTP_RELAY_URL, OTP_RELAY_API_KEY and OTP_RELAY_TEST_NUMBER (one of the app's test
numbers, "+E164:code", whose fixed code lets a test verify without reading an SMS).
"""

import http.server
import os
import sys
import threading
import time
import unittest
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from otp_relay import OtpRelayClient, OtpRelayError  # noqa: E402

URL = os.environ.get("OTP_RELAY_URL")
API_KEY = os.environ.get("OTP_RELAY_API_KEY")
TEST_NUMBER, _, TEST_CODE = os.environ.get("OTP_RELAY_TEST_NUMBER", "").partition(":")


@unittest.skipUnless(URL and API_KEY and TEST_CODE, "needs a running API: run test/clients/python-client.test.ts")
class AgainstTheApi(unittest.TestCase):
    def setUp(self) -> None:
        self.client = OtpRelayClient(URL, api_key=API_KEY)

    def refusal(self, call, *args) -> OtpRelayError:
        with self.assertRaises(OtpRelayError) as raised:
            call(*args)
        return raised.exception

    def test_send_then_status_reaches_sent(self) -> None:
        sent = self.client.send_otp("+919876543201")
        self.assertEqual(set(sent), {"requestId", "expiresInSeconds", "resendAfterSeconds"})
        self.assertEqual(sent["expiresInSeconds"], 600)
        deadline = time.monotonic() + 20
        status = self.client.get_status(sent["requestId"])
        while status["status"] in ("queued", "sending") and time.monotonic() < deadline:
            time.sleep(0.05)
            status = self.client.get_status(sent["requestId"])
        self.assertEqual(status["status"], "sent")
        self.assertEqual(status["phone"], "+91******3201")
        self.assertEqual(status["country"], "IN")

    def test_verify_right_code_once(self) -> None:
        self.client.send_otp(TEST_NUMBER)
        wrong = self.refusal(self.client.verify_otp, TEST_NUMBER, "000000" if TEST_CODE != "000000" else "111111")
        self.assertEqual((wrong.code, wrong.status_code), ("OTP_INVALID", 400))
        self.assertEqual(wrong.details, {"attemptsRemaining": 4})
        self.assertEqual(self.client.verify_otp(TEST_NUMBER, TEST_CODE), {"verified": True})
        used = self.refusal(self.client.verify_otp, TEST_NUMBER, TEST_CODE)
        self.assertEqual((used.code, used.status_code), ("OTP_EXPIRED", 400))

    def test_resend_cooldown_carries_retry_after(self) -> None:
        self.client.send_otp("+919876543202")
        cooldown = self.refusal(self.client.send_otp, "+919876543202")
        self.assertEqual((cooldown.code, cooldown.status_code), ("OTP_RESEND_COOLDOWN", 429))
        self.assertGreater(cooldown.retry_after_seconds or 0, 0)

    def test_bad_phone_and_unknown_request(self) -> None:
        self.assertEqual(self.refusal(self.client.send_otp, "12345").code, "PHONE_INVALID")
        missing = self.refusal(self.client.get_status, str(uuid.uuid4()))
        self.assertEqual((missing.code, missing.status_code), ("OTP_REQUEST_NOT_FOUND", 404))

    def test_api_key_required_and_checked(self) -> None:
        self.assertEqual(self.refusal(OtpRelayClient(URL).send_otp, "+919876543203").code, "API_KEY_REQUIRED")
        wrong = self.refusal(OtpRelayClient(URL, api_key="not-the-key").send_otp, "+919876543203")
        self.assertEqual((wrong.code, wrong.status_code), ("API_KEY_INVALID", 401))


class NotOtpRelay(unittest.TestCase):
    def test_an_answer_without_the_error_shape_is_a_runtime_error(self) -> None:
        class BadGateway(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                self.send_response(502)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                self.wfile.write(b"<html>502 Bad Gateway</html>")

            def log_message(self, *args) -> None:
                pass

        server = http.server.HTTPServer(("127.0.0.1", 0), BadGateway)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            client = OtpRelayClient(f"http://127.0.0.1:{server.server_port}/")
            with self.assertRaises(RuntimeError) as raised:
                client.send_otp("+919876543204")
            self.assertEqual(str(raised.exception), "OTP Relay answered 502 without its error shape")
        finally:
            server.shutdown()
            server.server_close()


if __name__ == "__main__":
    unittest.main()
