"""The live preview: how the engine reads what is typed so far, in words or in math."""

from tests.web.conftest import HTMX, part_of


def _preview(client, attempt, part, text: str, **headers):
    url = f"/attempts/{attempt.pk}/parts/{part.pk}/preview/"
    return client.post(url, {"answer": text}, **headers)


def test_a_readable_formula_comes_back_as_math(alice, practice):
    response = _preview(alice, practice, part_of(practice, "expression"), "2x", **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "$$2\\,x$$" in html


def test_garbage_comes_back_as_an_error_in_words(alice, practice):
    response = _preview(alice, practice, part_of(practice, "expression"), "x^2 / (x", **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cannot read this yet" in html
    assert "never closed" in html


def test_a_number_is_previewed_too(alice, practice):
    html = _preview(alice, practice, part_of(practice, "numeric"), "1/2", **HTMX).content.decode()
    assert "\\frac{1}{2}" in html


def test_an_empty_field_shows_the_placeholder(alice, practice):
    html = _preview(alice, practice, part_of(practice, "expression"), "", **HTMX).content.decode()
    assert "appears here as you type" in html


def test_the_preview_saves_nothing(alice, practice):
    part = part_of(practice, "expression")
    _preview(alice, practice, part, "2x", **HTMX)
    response = practice.responses.get(part=part)
    assert (response.answer, response.revision) == ("", 0)


def test_without_htmx_it_returns_to_the_part(alice, practice):
    part = part_of(practice, "expression")
    response = _preview(alice, practice, part, "2x")
    assert response["Location"] == f"/attempts/{practice.pk}/#part-{part.pk}"
