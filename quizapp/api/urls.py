from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from quizapp.api import (
    answers,
    attempts,
    auth,
    corrections,
    errors,
    exams,
    instructor,
    progress,
    reviews,
    statistics,
)

ATTEMPT = "attempts/<int:attempt_id>/"
PART = ATTEMPT + "parts/<int:part_id>/"
STAFF = "instructor/"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its script as a file: the CSP allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("auth/register/", auth.Register.as_view(), name="api-register"),
    path("auth/token/", auth.ObtainToken.as_view(), name="api-token"),
    path("auth/logout/", auth.Logout.as_view(), name="api-logout"),
    path("auth/logout-all/", auth.LogoutAll.as_view(), name="api-logout-all"),
    path("exams/", exams.ExamList.as_view(), name="api-exams"),
    path("exams/<slug:slug>/", exams.ExamDetail.as_view(), name="api-exam"),
    path("exams/<slug:slug>/attempts/", exams.AttemptStart.as_view(), name="api-attempt-start"),
    path("attempts/", attempts.AttemptList.as_view(), name="api-attempts"),
    path(ATTEMPT, attempts.AttemptDetail.as_view(), name="api-attempt"),
    path(ATTEMPT + "submit/", attempts.AttemptSubmit.as_view(), name="api-attempt-submit"),
    path(
        ATTEMPT + "questions/<int:question_id>/try-again/",
        attempts.QuestionTryAgain.as_view(),
        name="api-question-try-again",
    ),
    path(PART, answers.PartAnswer.as_view(), name="api-part"),
    path(PART + "self-assessment/", answers.SelfAssessment.as_view(), name="api-self-assessment"),
    path("validate/", answers.ValidateAnswer.as_view(), name="api-validate"),
    path("me/progress/", progress.MyProgress.as_view(), name="api-progress"),
    path("me/reviews/", reviews.MyReviews.as_view(), name="api-reviews"),
    path("me/reviews/session/", reviews.ReviewSession.as_view(), name="api-review-session"),
    path(STAFF + "exams/", instructor.ExamsAdmin.as_view(), name="api-admin-exams"),
    path(STAFF + "exams/<slug:slug>/", instructor.ExamAdminDetail.as_view(), name="api-admin-exam"),
    path(
        STAFF + "exams/<slug:slug>/statistics/",
        statistics.ExamStatistics.as_view(),
        name="api-admin-exam-statistics",
    ),
    path(STAFF + "questions/", instructor.QuestionsAdmin.as_view(), name="api-admin-questions"),
    path(
        STAFF + "questions/<int:pk>/",
        instructor.QuestionAdminDetail.as_view(),
        name="api-admin-question",
    ),
    path(STAFF + "parts/", instructor.PartsAdmin.as_view(), name="api-admin-parts"),
    path(STAFF + "parts/<int:pk>/", instructor.PartAdminDetail.as_view(), name="api-admin-part"),
    path(STAFF + "options/", instructor.OptionsAdmin.as_view(), name="api-admin-options"),
    path(
        STAFF + "options/<int:pk>/", instructor.OptionAdminDetail.as_view(), name="api-admin-option"
    ),
    *(
        path(
            STAFF + f"{model}s/<int:pk>/{action}/",
            view.as_view(),
            name=f"api-admin-{model}-{action}",
        )
        for model, action, view in corrections.NULLIFY_VIEWS
    ),
    path(
        STAFF + "parts/<int:pk>/regrade/",
        corrections.PartRegrade.as_view(),
        name="api-admin-regrade",
    ),
    path(
        STAFF + "regrades/<int:regrade_id>/",
        corrections.RegradeDetail.as_view(),
        name="api-admin-regrade-detail",
    ),
    path(STAFF + "attempts/", instructor.AttemptsAdmin.as_view(), name="api-admin-attempts"),
    path(STAFF + "marking/", instructor.MarkingQueue.as_view(), name="api-admin-marking"),
    path(STAFF + ATTEMPT, instructor.AttemptAdminDetail.as_view(), name="api-admin-attempt"),
    path(STAFF + PART + "review/", instructor.ReviewAnswer.as_view(), name="api-admin-review"),
    # Last: any other address under /api/ is a JSON 404, not Django's HTML page.
    re_path(r"^(?P<path>[\s\S]*)$", errors.not_found),
]
