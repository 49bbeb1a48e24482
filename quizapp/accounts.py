"""Roles: students are plain users; instructors are staff in the "Instructors" group.

The group is given exactly what instructors do: edit the bank, read attempts, and mark
answers (a response's review score). It is re-synced after every migrate.
"""

from confusable_homoglyphs import confusables
from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import ValidationError

INSTRUCTORS = "Instructors"

INSTRUCTOR_PERMISSIONS = [
    *(
        f"{action}_{model}"
        for model in ("exam", "topic", "question", "part", "option")
        for action in ("view", "add", "change", "delete")
    ),
    *(f"{action}_extratime" for action in ("view", "add", "change", "delete")),
    # Regrading after a corrected key: starting a run (add) and reading its record.
    "view_regrade",
    "add_regrade",
    "view_attempt",
    "view_response",
    "change_response",
]


LOOK_ALIKE = (
    "This username mixes alphabets with letters that look alike (such as a Cyrillic "
    "\u201c\u0430\u201d for a Latin \u201ca\u201d); please use one alphabet."
)


def validate_username_not_look_alike(username: str) -> None:
    """Sign-up refuses `аlice` (Cyrillic а) beside `alice`: a name mixing scripts with
    confusable letters (Unicode's confusables, via confusable-homoglyphs). Used by the page
    form and the API alike."""
    if confusables.is_dangerous(username):
        raise ValidationError(LOOK_ALIKE, code="look_alike")


def ensure_instructors_group() -> Group:
    group, _ = Group.objects.get_or_create(name=INSTRUCTORS)
    permissions = Permission.objects.filter(
        content_type__app_label="quizapp", codename__in=INSTRUCTOR_PERMISSIONS
    )
    group.permissions.set(permissions)
    return group


def is_instructor(user: User) -> bool:
    return (
        user.is_authenticated
        and user.is_staff
        and (user.is_superuser or user.groups.filter(name=INSTRUCTORS).exists())
    )


def upsert_user(username: str, password: str, *, instructor: bool = False) -> User:
    """Create the account or reset its password: safe to run again."""
    user, _ = User.objects.get_or_create(username=username)
    user.set_password(password)
    user.is_staff = instructor
    user.is_superuser = False
    user.save()
    if instructor:
        user.groups.add(ensure_instructors_group())
    return user
