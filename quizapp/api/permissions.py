from rest_framework.permissions import BasePermission

from quizapp.accounts import is_instructor


class IsInstructor(BasePermission):
    """Staff in the Instructors group: they edit the bank and read every student's attempts."""

    message = "This is for instructors only."

    def has_permission(self, request, view) -> bool:
        return is_instructor(request.user)
