"""A changed password revokes every API token of the account (django-rest-knox's), from the
site's password page, the admin or `changepassword` alike: Django has no password-changed
signal, so the stored hash is compared before the user is saved."""

from django.contrib.auth.models import User
from django.db.models.signals import pre_save
from django.dispatch import receiver
from knox.models import AuthToken


@receiver(pre_save, sender=User, dispatch_uid="quizapp-revoke-tokens-on-password-change")
def revoke_tokens_on_password_change(sender, instance: User, update_fields=None, **kwargs) -> None:
    if instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return  # a new account, or a save that leaves the password (last_login) alone
    stored = User.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    if stored is not None and stored != instance.password:
        AuthToken.objects.filter(user_id=instance.pk).delete()
