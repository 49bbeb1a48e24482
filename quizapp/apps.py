from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_instructors_group(sender: AppConfig, **kwargs) -> None:
    from quizapp.accounts import ensure_instructors_group

    ensure_instructors_group()


class QuizappConfig(AppConfig):
    name = "quizapp"
    verbose_name = "Practice exams"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Permissions exist only after migrate, so the group is synced then.
        post_migrate.connect(_sync_instructors_group, sender=self)
        # Registers the tasks in every process, so the services can queue them by name
        # without importing the module that imports them back.
        from quizapp import signals, tasks  # noqa: F401
