"""Timing the exam bank's formats on the loaded cs433-2024 exam (best of 3, in process):

    .venv/bin/python manage.py load_exam fixtures/cs433-2024.yaml
    .venv/bin/python manage.py shell < benchmarks/bank_formats.py

The imports write to the database (a copy under the slug cs433-moodle-copy).
"""

import time

from quizapp.bank.formats import bank_export, bank_import
from quizapp.bank.moodle import moodle_to_bank
from quizapp.models import Exam


def best(run, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


exam = Exam.objects.get(slug="cs433-2024")
xml = bank_export(exam, format="moodle-xml").value.encode()
yaml_text = bank_export(exam, format="yaml").value.encode()
steps = {
    "export moodle-xml": lambda: bank_export(exam, format="moodle-xml"),
    "export yaml": lambda: bank_export(exam, format="yaml"),
    "parse moodle-xml": lambda: moodle_to_bank(xml, slug="x"),
    "import moodle-xml (check + load)": lambda: bank_import(xml, slug="cs433-moodle-copy"),
    "import yaml (check + load)": lambda: bank_import(yaml_text),
}
for name, run in steps.items():
    print(f"{name:34} {best(run):.3f} s")
print(f"size: {len(xml)} bytes xml, {len(yaml_text)} bytes yaml")
