"""Mail backends for reliability tests: a server that fails N times, and one that blocks on request."""

import os
import time
from pathlib import Path
from smtplib import SMTPServerDisconnected

from django.core.mail.backends.base import BaseEmailBackend


class FlakyBackend(BaseEmailBackend):
    """Fails `failures_left` times (class-wide), then delivers into `sent`."""

    failures_left = 0
    sent: list = []

    def send_messages(self, messages):
        if FlakyBackend.failures_left > 0:
            FlakyBackend.failures_left -= 1
            raise SMTPServerDisconnected("Verbindung vom Mailserver getrennt (Test)")
        FlakyBackend.sent.extend(messages)
        return len(messages)


class BlockingFileBackend(BaseEmailBackend):
    """For a worker subprocess: while `<dir>/block` exists it hangs (so the test can kill the worker
    mid-task); every delivery appends one line to `<dir>/sent.log`."""

    def send_messages(self, messages):
        folder = Path(os.environ["GOCLUSTER_TEST_MAIL_DIR"])
        (folder / "started").touch()
        while (folder / "block").exists():
            time.sleep(0.1)
        with (folder / "sent.log").open("a") as log:
            for message in messages:
                log.write(f"{message.to[0]} {message.subject}\n")
        return len(messages)
