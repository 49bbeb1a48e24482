from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from quizapp.models import Exam


def home(request: HttpRequest) -> HttpResponse:
    exams = Exam.objects.all()
    return render(request, "quizapp/home.html", {"exams": exams})
