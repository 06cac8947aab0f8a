from django import forms
from django.contrib.auth.base_user import BaseUserManager


class FollowForm(forms.Form):
    address = forms.EmailField(
        label="Your email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_address(self):
        # Domains are case-blind; the part before the @ is the mail server's to judge.
        return BaseUserManager.normalize_email(self.cleaned_data["address"])
