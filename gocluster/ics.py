"""Calendar files (.ics, RFC 5545 / iTIP RFC 5546) for appointments: advisory calls and interviews.

One UID per appointment; every change raises SEQUENCE, so a calendar replaces the entry it has. A
cancellation is `METHOD:CANCEL` with `STATUS:CANCELLED` and the same UID, which removes the entry.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.utils import timezone

PUBLISH, CANCEL = "PUBLISH", "CANCEL"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r", "").replace("\n", "\\n")


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545, 3.1)."""
    encoded, parts = line.encode(), []
    while len(encoded) > 75:
        cut = 75 if not parts else 74
        while cut and (encoded[cut] & 0xC0) == 0x80:  # never split a UTF-8 character
            cut -= 1
        parts.append(encoded[:cut].decode())
        encoded = encoded[cut:]
    parts.append(encoded.decode())
    return [parts[0], *(" " + part for part in parts[1:])]


def make_ics(*, uid: str, start: datetime, summary: str, location: str = "", description: str = "",
             duration: timedelta = timedelta(hours=1), sequence: int = 0, method: str = PUBLISH,
             status: str = "", organizer: tuple[str, str] | None = None) -> bytes:
    """One VEVENT. `method`: PUBLISH (invitation, move) or CANCEL; `status`: e.g. CONFIRMED or CANCELLED;
    `organizer`: (name, e-mail address)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//go-cluster//Portal//DE",
        f"METHOD:{method}",
        "BEGIN:VEVENT",
        f"UID:{uid}@go-cluster",
        f"SEQUENCE:{sequence}",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"DTSTART:{_utc(start)}",
        f"DTEND:{_utc(start + duration)}",
        f"SUMMARY:{_escape(summary)}",
        f"LOCATION:{_escape(location)}",
        f"DESCRIPTION:{_escape(description)}",
    ]
    if status:
        lines.append(f"STATUS:{status}")
    if organizer:
        name, email = organizer
        lines.append(f'ORGANIZER;CN="{name.replace(chr(34), "")}":mailto:{email}')
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return ("\r\n".join(folded for line in lines for folded in _fold(line)) + "\r\n").encode()


# --- Subscriptions: many events in one calendar ----------------------------------------------------


@dataclass(frozen=True)
class CalendarEvent:
    """One VEVENT of a subscribed calendar. `uid` without the domain (as in `make_ics`), so an invitation
    mailed with `make_ics` and the same appointment in a feed are one event in the subscriber's calendar.
    An all-day event (`all_day`) lasts the day of `start` in Europe/Berlin."""

    uid: str
    start: datetime
    summary: str
    location: str = ""
    description: str = ""
    duration: timedelta = timedelta(hours=1)
    sequence: int = 0
    cancelled: bool = False
    all_day: bool = False
    url: str = ""


def make_calendar(events: list[CalendarEvent], *, name: str, refresh: timedelta = timedelta(hours=1)) -> bytes:
    """A VCALENDAR (METHOD:PUBLISH) with one VEVENT per event; cancelled ones carry STATUS:CANCELLED."""
    now = _utc(timezone.now())
    hours = max(int(refresh.total_seconds() // 3600), 1)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//go-cluster//Portal//DE",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
        "X-WR-TIMEZONE:Europe/Berlin",
        f"REFRESH-INTERVAL;VALUE=DURATION:PT{hours}H",
        f"X-PUBLISHED-TTL:PT{hours}H",
    ]
    for event in events:
        lines += ["BEGIN:VEVENT", f"UID:{event.uid}@go-cluster", f"SEQUENCE:{event.sequence}", f"DTSTAMP:{now}"]
        if event.all_day:
            day = timezone.localtime(event.start).date()
            lines += [f"DTSTART;VALUE=DATE:{day:%Y%m%d}", f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
                      "TRANSP:TRANSPARENT"]
        else:
            lines += [f"DTSTART:{_utc(event.start)}", f"DTEND:{_utc(event.start + event.duration)}"]
        lines += [f"SUMMARY:{_escape(event.summary)}", f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}"]
        if event.location:
            lines.append(f"LOCATION:{_escape(event.location)}")
        if event.description:
            lines.append(f"DESCRIPTION:{_escape(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(folded for line in lines for folded in _fold(line)) + "\r\n").encode()
