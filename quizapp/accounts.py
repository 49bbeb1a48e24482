"""Roles: students are plain users; instructors are staff in the "Instructors" group.

The group is given exactly what instructors do: edit the bank, read attempts, and mark
answers (a response's review score). It is re-synced after every migrate.
"""

from django.contrib.auth.models import Group, Permission, User

INSTRUCTORS = "Instructors"

INSTRUCTOR_PERMISSIONS = [
    *(
        f"{action}_{model}"
        for model in ("exam", "topic", "question", "part", "option")
        for action in ("view", "add", "change", "delete")
    ),
    *(f"{action}_extratime" for action in ("view", "add", "change", "delete")),
    "view_attempt",
    "view_response",
    "change_response",
]


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
