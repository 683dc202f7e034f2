"""Private calendar subscriptions: the settings on the account page and the feed itself (public by token)."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from applications.models import CalendarFeed
from applications.selectors.feeds import active_feed, feed_events, feed_for_token, hash_token, may_subscribe
from applications.services.feeds import calendar_feed_create, calendar_feed_revoke
from gocluster.errors import Refusal, flash_refusal
from gocluster.ics import make_calendar
from members.decorators import role_required
from members.enums import Role

SESSION_KEY = "calendar_feed_token"
ALL_ROLES = tuple(Role.values)


@never_cache
@role_required(*ALL_ROLES)
def calendar_settings(request):
    """GET: the subscription's state (the URL only once, right after it was made); POST: make or revoke."""
    if request.method == "POST":
        try:
            if request.POST.get("action") == "revoke":
                calendar_feed_revoke(user=request.user)
                messages.success(request, _("Das Kalender-Abo ist widerrufen; die bisherige Adresse gilt nicht mehr."))
            else:
                _feed, token = calendar_feed_create(user=request.user)
                request.session[SESSION_KEY] = token
        except Refusal as error:
            flash_refusal(request, error)
        return redirect("calendar-settings")
    token = request.session.pop(SESSION_KEY, "")
    context = {
        "feed": active_feed(request.user), "may_subscribe": may_subscribe(request.user),
        "feed_url": request.build_absolute_uri(reverse("calendar-feed", kwargs={"token": token})) if token else "",
    }
    template = "applications/account/_calendar.html" if request.htmx else "applications/account/calendar.html"
    return render(request, template, context)


def _rate_limited(token: str) -> bool:
    """At most CALENDAR_FEED_RATE_PER_MINUTE requests per URL and minute (a cache counter, no database)."""
    key = f"calendar-feed-rate:{hash_token(token)[:32]}:{int(timezone.now().timestamp() // 60)}"
    cache.add(key, 0, timeout=90)
    try:
        count = cache.incr(key)
    except ValueError:
        count = 1
    return count > settings.CALENDAR_FEED_RATE_PER_MINUTE


@require_GET
def calendar_feed(request, token):
    if _rate_limited(token):
        response = HttpResponse(_("Zu viele Abrufe; bitte später erneut versuchen."), status=429,
                                content_type="text/plain; charset=utf-8")
        response["Retry-After"] = "60"
        return response
    feed = feed_for_token(token)
    now = timezone.now()
    if feed.last_used_at is None or now - feed.last_used_at > timedelta(hours=1):
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    body = make_calendar(feed_events(feed.user, now=now), name=_("go-cluster – Termine und Fristen"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="go-cluster.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    return response
