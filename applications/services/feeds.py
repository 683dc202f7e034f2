"""Private calendar subscriptions: create (replacing an earlier one) and revoke. Audited; the token itself is
returned once and never stored, only its SHA-256."""

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import CalendarFeed
from applications.selectors.feeds import hash_token, may_subscribe
from applications.services import audit
from gocluster.errors import Refusal


def calendar_feed_create(*, user) -> tuple[CalendarFeed, str]:
    """A new feed URL token for the user; an active earlier one is revoked (its URL answers 404)."""
    if not may_subscribe(user):
        raise Refusal(_("Für dieses Konto gibt es kein Kalender-Abo."))
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        calendar_feed_revoke(user=user)
        feed = CalendarFeed.objects.create(user=user, token_hash=hash_token(token))
        audit.record(actor=user, obj=feed, action="calendar_feed_create")
    return feed, token


def calendar_feed_revoke(*, user) -> int:
    """Revoke the user's active feed; returns how many were active (0 or 1)."""
    with transaction.atomic():
        feeds = list(CalendarFeed.objects.select_for_update().filter(user=user, revoked_at__isnull=True))
        for feed in feeds:
            feed.revoked_at = timezone.now()
            feed.save(update_fields=["revoked_at"])
            audit.record(actor=user, obj=feed, action="calendar_feed_revoke")
    return len(feeds)
