"""Calendar files (.ics, RFC 5545) for appointments: advisory calls and interviews."""

from datetime import UTC, datetime, timedelta

from django.utils import timezone


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r", "").replace("\n", "\\n")


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def make_ics(*, uid: str, start: datetime, summary: str, location: str = "", description: str = "",
             duration: timedelta = timedelta(hours=1), sequence: int = 0) -> bytes:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//go-cluster//Portal//DE",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}@go-cluster",
        f"SEQUENCE:{sequence}",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"DTSTART:{_utc(start)}",
        f"DTEND:{_utc(start + duration)}",
        f"SUMMARY:{_escape(summary)}",
        f"LOCATION:{_escape(location)}",
        f"DESCRIPTION:{_escape(description)}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()
