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


def test_a_written_answer_is_previewed_as_it_reads_math_typeset(alice, practice):
    part = part_of(practice, "text")
    reply = _preview(alice, practice, part, "By **Bayes**, $p(x) = \\int p(x, z)\\, dz$.", **HTMX)
    html = reply.content.decode()
    assert reply.status_code == 200
    assert "<strong>Bayes</strong>" in html
    assert '<span class="math" data-tex="p(x) = \\int p(x, z)\\, dz"' in html
    assert practice.responses.get(part=part).answer == ""


def test_a_written_answers_preview_is_sanitised(alice, practice):
    html = _preview(
        alice, practice, part_of(practice, "text"), "[x](javascript:alert(1)) <script>", **HTMX
    ).content.decode()
    assert "javascript:" not in html and "<script" not in html


def test_an_engine_message_shows_its_code_as_code(alice, practice):
    html = _preview(alice, practice, part_of(practice, "expression"), "sigma", **HTMX)
    assert "<code>sigma</code>" in html.content.decode()
