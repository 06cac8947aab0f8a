from django.conf import settings
from django.db import models


class SignInPolicy(models.Model):
    """How the desk's accounts sign in: one row, which an editor changes from the admin."""

    two_factor_required = models.BooleanField(
        default=False,
        help_text="Every account of the desk must sign in with a code from an authenticator app.",
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "sign-in policy"
        verbose_name_plural = "sign-in policy"

    def __str__(self):
        return "Two-factor required" if self.two_factor_required else "Two-factor optional"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls):
        return cls.objects.filter(pk=1).first() or cls(pk=1)
