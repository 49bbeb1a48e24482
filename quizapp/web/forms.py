from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User


class SignupForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username",)
        help_texts = {"username": "Letters, digits and @/./+/-/_ only; 150 characters at most."}


class SelfMarkForm(forms.Form):
    score = forms.DecimalField(min_value=0, max_digits=5, decimal_places=2)
