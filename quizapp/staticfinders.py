"""Static files from fixtures/figures/: the images only.

The folder also holds the script that draws the figures and its data, and the script's
docstring states correct options: only the images are published under /static/figures/.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import utils
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PREFIX = "figures"
PUBLISHED = {".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif"}


class FigureFinder(BaseFinder):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.root = Path(settings.FIXTURES_DIR) / PREFIX
        self.storage = FileSystemStorage(location=self.root)
        self.storage.prefix = PREFIX

    def _published(self, name: str) -> Path | None:
        if "/" in name or "\\" in name or Path(name).suffix.lower() not in PUBLISHED:
            return None
        path = self.root / name
        return path if path.is_file() else None

    def find(self, path: str, find_all: bool = False, **kwargs) -> str | list[str]:
        head, _, name = path.partition("/")
        found = self._published(name) if head == PREFIX else None
        if found is None:
            return []  # as Django's own finders: nothing found is an empty list
        return [str(found)] if find_all or kwargs.get("all") else str(found)

    def list(self, ignore_patterns):
        for path in utils.get_files(self.storage, ignore_patterns):
            if self._published(path):
                yield path, self.storage
