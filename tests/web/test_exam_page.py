"""An exam's page, and starting a practice, an exam or a one-topic practice from it."""

import pytest

from quizapp.models import Attempt
from quizapp.services import attempt_start


def test_it_requires_login(client, small_exam):
    response = client.get(f"/exams/{small_exam.slug}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_an_unknown_exam_is_404(alice, db):
    assert alice.get("/exams/no-such-exam/").status_code == 404


def test_it_offers_both_modes_and_every_topic(alice, small_exam):
    html = alice.get(f"/exams/{small_exam.slug}/").content.decode()
    assert 'name="mode" value="practice"' in html
    assert 'name="mode" value="exam"' in html
    for topic in small_exam.topics.all():
        assert f'name="topic" value="{topic.pk}"' in html
    assert "<strong>what you can</strong>" in html  # the instructions, as Markdown


def test_it_lists_only_the_students_own_attempts(alice, student, outsider, small_exam):
    mine = attempt_start(student=student, exam=small_exam, mode="practice")
    theirs = attempt_start(student=outsider, exam=small_exam, mode="practice")
    html = alice.get(f"/exams/{small_exam.slug}/").content.decode()
    assert f"/attempts/{mine.pk}/" in html
    assert f"/attempts/{theirs.pk}/" not in html


@pytest.mark.parametrize("mode", ["practice", "exam"])
def test_starting_an_attempt_opens_it(alice, student, small_exam, mode):
    response = alice.post(f"/exams/{small_exam.slug}/start/", {"mode": mode})
    attempt = Attempt.objects.get(student=student)
    assert response["Location"] == f"/attempts/{attempt.pk}/"
    assert attempt.mode == mode
    assert (attempt.deadline is not None) == (mode == "exam")
    assert len(attempt.question_order) == 2


def test_practising_one_topic_gives_only_its_questions(alice, student, small_exam):
    topic = small_exam.topics.get(name="Algebra")
    alice.post(f"/exams/{small_exam.slug}/start/", {"mode": "practice", "topic": topic.pk})
    attempt = Attempt.objects.get(student=student)
    assert attempt.topic == topic
    assert attempt.question_order == [topic.questions.get().pk]


@pytest.mark.parametrize(
    "data",
    [
        {"mode": "speedrun"},
        {"mode": "practice", "topic": "999999"},
        {"mode": "practice", "topic": "not-a-number"},
    ],
)
def test_a_bad_start_request_is_refused_and_creates_nothing(alice, small_exam, data):
    response = alice.post(f"/exams/{small_exam.slug}/start/", data)
    assert response.status_code == 422
    assert 'class="notice notice-error"' in response.content.decode()
    assert not Attempt.objects.exists()


def test_a_topic_of_another_exam_is_refused(alice, small_exam):
    from tests.factories import exam_with_key_markers as build

    other = build(slug="other")
    topic = other.topics.first()
    response = alice.post(
        f"/exams/{small_exam.slug}/start/", {"mode": "practice", "topic": topic.pk}
    )
    assert response.status_code == 422


def test_starting_needs_a_post(alice, small_exam):
    assert alice.get(f"/exams/{small_exam.slug}/start/").status_code == 405


def test_anonymous_cannot_start(client, small_exam):
    response = client.post(f"/exams/{small_exam.slug}/start/", {"mode": "practice"})
    assert response.status_code == 302
    assert not Attempt.objects.exists()


def test_it_lists_the_attempts_newest_first(alice, student, small_exam):
    started = [attempt_start(student=student, exam=small_exam, mode="practice") for _ in range(3)]
    page = alice.get(f"/exams/{small_exam.slug}/")
    assert [a.pk for a in page.context["attempts"]] == [a.pk for a in reversed(started)]


def test_a_topic_whose_questions_are_all_retired_is_not_offered(alice, small_exam):
    algebra = small_exam.topics.get(name="Algebra")
    small_exam.questions.filter(topic=algebra).update(retired=True)
    html = alice.get(f"/exams/{small_exam.slug}/").content.decode()
    basics = small_exam.topics.get(name="Basics")
    assert f'name="topic" value="{basics.pk}"' in html
    assert f'name="topic" value="{algebra.pk}"' not in html
