"""Shared test data: a student, an instructor and an outsider, and the loaded exam bank."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from quizapp.accounts import upsert_user
from quizapp.bank import load_bank, read_bank

EXAM_FILE = Path(settings.FIXTURES_DIR) / "cs433-2024.yaml"


@pytest.fixture
def exam_data() -> dict:
    return read_bank(EXAM_FILE)


@pytest.fixture
def exam(db, exam_data):
    return load_bank(exam_data).exam


@pytest.fixture
def student(db) -> User:
    return upsert_user("alice", "alice-password-1")


@pytest.fixture
def outsider(db) -> User:
    return upsert_user("bob", "bob-password-1")


@pytest.fixture
def instructor(db) -> User:
    return upsert_user("charlie", "charlie-password-1", instructor=True)
