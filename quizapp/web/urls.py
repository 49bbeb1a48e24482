from django.contrib.auth import views as auth_views
from django.urls import path

from quizapp.web.views import accounts, attempts, exams, marking, progress, reviews

urlpatterns = [
    path("", exams.home, name="home"),
    path("signup/", accounts.signup, name="signup"),
    path("login/", accounts.login, name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The set-password links of `manage.py import_students`.
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(success_url="/login/"),
        name="password_reset_confirm",
    ),
    path("password/", accounts.password_change, name="password_change"),
    path("exams/<slug:slug>/", exams.exam_detail, name="exam"),
    path("exams/<slug:slug>/start/", exams.attempt_new, name="attempt_new"),
    path("exams/<slug:slug>/progress/", progress.progress, name="progress"),
    path("progress/", progress.progress_latest, name="progress_latest"),
    path("reviews/", reviews.reviews_due, name="reviews"),
    path("reviews/session/", reviews.review_session_new, name="review_session"),
    path("marking/", marking.marking_queue, name="marking"),
    path("marking/<int:response_id>/", marking.marking_answer, name="marking_answer"),
    path("attempts/<int:attempt_id>/", attempts.attempt_page, name="attempt"),
    path("attempts/<int:attempt_id>/submit/", attempts.attempt_submit_view, name="attempt_submit"),
    path("attempts/<int:attempt_id>/results/", attempts.attempt_results, name="attempt_results"),
    path(
        "attempts/<int:attempt_id>/parts/<int:part_id>/answer/",
        attempts.answer_save_view,
        name="answer_save",
    ),
    path(
        "attempts/<int:attempt_id>/parts/<int:part_id>/preview/",
        attempts.answer_preview,
        name="answer_preview",
    ),
    path(
        "attempts/<int:attempt_id>/parts/<int:part_id>/check/",
        attempts.answer_check,
        name="answer_check",
    ),
    path(
        "attempts/<int:attempt_id>/parts/<int:part_id>/feedback/",
        attempts.part_feedback,
        name="part_feedback",
    ),
    path(
        "attempts/<int:attempt_id>/questions/<int:question_id>/try-again/",
        attempts.question_try_again_view,
        name="question_try_again",
    ),
    path(
        "attempts/<int:attempt_id>/parts/<int:part_id>/self-mark/",
        attempts.part_self_mark,
        name="part_self_mark",
    ),
]
