"""Only the figures' images are published from fixtures/figures/: the script that draws them
states correct options in its docstring, and its data gives away Figure 1's ordering."""

from django.contrib.staticfiles import finders


def test_the_figures_images_are_published():
    found = finders.find("figures/figure1.svg")
    assert found is not None and found.endswith("fixtures/figures/figure1.svg")


def test_the_figure_script_and_its_data_are_not_published():
    assert finders.find("figures/make_figures.py") is None
    assert finders.find("figures/figure_data.json") is None
    assert finders.find("figures/../cs433-2024.yaml") is None


def test_collectstatic_copies_only_the_images():
    listed = {
        f"{storage.prefix}/{path}" if getattr(storage, "prefix", None) else path
        for finder in finders.get_finders()
        for path, storage in finder.list([])
    }
    figures = sorted(path for path in listed if path.startswith("figures/"))
    assert figures == ["figures/figure1.svg", "figures/figure2.svg"]
