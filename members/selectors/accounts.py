"""Accounts by e-mail address, compared as allauth keeps addresses.

allauth stores an address lower-cased by Python (`str.lower`) and compares it exactly. The database's
case-insensitive match (`email__iexact`, UPPER() on PostgreSQL) follows Unicode case rules instead:
`UPPER('ı') = 'I'`, so "kim@gmaıl.com" would match "kim@gmail.com" although allauth holds them apart.
Look-ups by address therefore use `normalize_email` and an exact match, never `iexact`.
"""

from members.models import User


def normalize_email(email: str) -> str:
    return email.strip().lower()


def account_for_verified_email(email: str) -> User | None:
    """The one account whose verified address is exactly `email` (normalised), or None if there is none or,
    against allauth's uniqueness, more than one."""
    users = list(User.objects.filter(emailaddress__email=normalize_email(email), emailaddress__verified=True)
                 .distinct()[:2])
    return users[0] if len(users) == 1 else None


def has_verified_email(user: User) -> bool:
    """Whether the account's own address (the one it logs in with) is verified."""
    return user.emailaddress_set.filter(email=normalize_email(user.email), verified=True).exists()
