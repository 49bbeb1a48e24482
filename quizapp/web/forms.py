from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User

from quizapp.accounts import validate_username_not_look_alike


class SignupForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username",)
        help_texts = {"username": "Letters, digits and @/./+/-/_ only; 150 characters at most."}

    def clean_username(self) -> str:
        username = super().clean_username()
        validate_username_not_look_alike(username)
        return username


class SelfMarkForm(forms.Form):
    score = forms.DecimalField(min_value=0, max_digits=5, decimal_places=2)


class MarkingFilterForm(forms.Form):
    """The marking queue's filters, from the query string; blank means any."""

    exam = forms.SlugField(required=False, max_length=50)
    question = forms.IntegerField(required=False, min_value=1, max_value=10_000)
    student = forms.CharField(required=False, max_length=150, strip=True)


class MarkForm(forms.Form):
    score = forms.DecimalField(
        required=False, min_value=0, max_digits=5, decimal_places=2, label="Points"
    )
    feedback = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4}), label="Comment to the student"
    )
