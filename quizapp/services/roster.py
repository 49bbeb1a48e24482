"""A course's students from a roster: accounts created or updated, set-password links for
the new ones, and extra time on exam attempts."""

import csv
import unicodedata
from dataclasses import dataclass, field
from typing import TextIO

from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from quizapp.models import ExtraTime
from quizapp.services.errors import InvalidInput

COLUMNS = ("username", "email", "name")
OPTIONAL = ("extra_time",)


@dataclass
class RosterRow:
    line: int
    username: str
    email: str
    first_name: str
    last_name: str
    extra_percent: int | None


@dataclass
class RosterReport:
    created: list[User] = field(default_factory=list)
    updated: list[User] = field(default_factory=list)
    # (username, link) for every account that has no password yet.
    links: list[tuple[str, str]] = field(default_factory=list)


def roster_read(*, source: TextIO) -> list[RosterRow]:
    """Every row checked before anything is saved: a roster with one bad row is refused
    whole, each problem named with its line."""
    reader = csv.DictReader(source)
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InvalidInput(
            f"the roster needs the columns {', '.join(COLUMNS)}; missing: {', '.join(missing)}"
        )
    rows, problems, seen = [], [], set()
    for line, record in enumerate(reader, start=2):
        username = unicodedata.normalize("NFKC", (record["username"] or "").strip())
        email = (record["email"] or "").strip()
        first, _, last = (record["name"] or "").strip().partition(" ")
        extra = (record.get("extra_time") or "").strip().removesuffix("%")
        try:
            if not username or len(username) > 150:
                raise ValidationError("a username of 1 to 150 characters is needed")
            User.username_validator(username)
            if username in seen:
                raise ValidationError(f"{username} appears twice")
            if email:
                validate_email(email)
            if extra and not (extra.isascii() and extra.isdigit() and int(extra) <= 300):
                raise ValidationError("extra_time must be a percentage from 0 to 300")
        except ValidationError as problem:
            problems.append(f"line {line}: {' '.join(problem.messages)}")
            continue
        seen.add(username)
        rows.append(
            RosterRow(line, username, email, first[:150], last[:150], int(extra) if extra else None)
        )
    if problems:
        raise InvalidInput("; ".join(problems))
    return rows


def roster_import(*, rows: list[RosterRow], base_url: str) -> RosterReport:
    """Create or update each student's account (never a staff account), set their extra
    time, and make a set-password link for every account without a password."""
    report = RosterReport()
    with transaction.atomic():
        staff = User.objects.filter(username__in=[r.username for r in rows], is_staff=True)
        if staff.exists():
            names = ", ".join(sorted(staff.values_list("username", flat=True)))
            raise InvalidInput(f"staff accounts are not students: {names}")
        for row in rows:
            user, created = User.objects.get_or_create(username=row.username)
            if created:
                user.set_unusable_password()
            user.email, user.first_name, user.last_name = row.email, row.first_name, row.last_name
            user.save()
            (report.created if created else report.updated).append(user)
            if row.extra_percent is not None:
                ExtraTime.objects.update_or_create(
                    student=user, defaults={"percent": row.extra_percent}
                )
            if not user.has_usable_password():
                report.links.append((user.username, password_link(user=user, base_url=base_url)))
    return report


def password_link(*, user: User, base_url: str) -> str:
    """A one-time link where the student chooses their password (Django's reset token:
    it stops working once the password is set, or after PASSWORD_RESET_TIMEOUT)."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return base_url.rstrip("/") + path
