"""The engine is a library: importing all of it loads no Django, quizapp or Celery."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import grading

FORBIDDEN = ("django", "quizapp", "celery", "kombu", "rest_framework")


def test_importing_every_engine_module_loads_no_web_or_queue_package():
    modules = [f"grading.{info.name}" for info in pkgutil.iter_modules(grading.__path__)]
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({FORBIDDEN!r})))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(grading.__file__).parent.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "[]"


def test_no_engine_source_names_the_web_or_queue_packages():
    offenders = [
        f"{path.name}:{number}"
        for path in Path(grading.__file__).parent.glob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if line.lstrip().startswith(("import ", "from "))
        and line.split()[1].split(".")[0] in FORBIDDEN
    ]
    assert offenders == []
