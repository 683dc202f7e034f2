"""The one refusal type of every service, and the one way a view shows it: the error summary."""

from django.contrib import messages


class Refusal(Exception):
    """A step a service refuses, with German messages that a view shows as they are."""

    def __init__(self, *messages: str):
        self.messages = [str(m) for m in messages]
        super().__init__(" ".join(self.messages))


def flash_refusal(request, refusal: Refusal) -> None:
    """For a button that redirects: the messages travel to the next page's error summary."""
    for message in refusal.messages:
        messages.error(request, message)
