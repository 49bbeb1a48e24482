"""The deployment files, checked without a container engine: docker-compose.yml's layout
(one image, services per role, one-off migration, health checks, secrets, no installs at
start) and, where Debian's docker-compose is installed, its own validation."""

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = {"migrate", "web", "worker-submit", "worker-practice", "beat"}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _command(service: dict) -> str:
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else command


def test_web_workers_beat_and_migration_are_separate_services(compose):
    assert set(compose["services"]) == APP_SERVICES | {"postgres", "redis"}


def test_every_app_service_runs_the_built_image(compose):
    for name in APP_SERVICES:
        service = compose["services"][name]
        assert service["build"] == ".", name
        assert service["image"] == "quizapp:latest", name


def test_no_container_installs_anything_when_it_starts(compose):
    for name in APP_SERVICES:
        service = compose["services"][name]
        assert "pip" not in _command(service), name
        assert not any(
            ".:/app" in volume or "venv" in volume for volume in service.get("volumes", [])
        )


def test_migrations_run_once_before_web_workers_and_beat(compose):
    services = compose["services"]
    assert services["migrate"]["restart"] == "no"
    assert "migrate --no-input" in _command(services["migrate"])
    for name in APP_SERVICES - {"migrate"}:
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }, name
        assert "migrate" not in _command(services[name]), name


def test_each_grading_queue_has_its_own_worker(compose):
    services = compose["services"]
    assert "-Q submit " in _command(services["worker-submit"]) + " "
    assert "-Q practice,celery" in _command(services["worker-practice"])
    assert "beat" not in _command(services["worker-submit"])
    assert "beat" not in _command(services["worker-practice"])
    assert " beat " in _command(services["beat"])


def test_web_and_workers_have_health_checks(compose):
    services = compose["services"]
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])
    for name in ("worker-submit", "worker-practice", "postgres", "redis"):
        assert services[name]["healthcheck"]["test"], name


def test_secrets_are_files_not_variables(compose):
    assert set(compose["secrets"]) == {"secret_key", "postgres_password"}
    environment = compose["services"]["web"]["environment"]
    assert "SECRET_KEY" not in environment
    assert environment["SECRET_KEY_FILE"] == "/run/secrets/secret_key"
    assert "DATABASE_URL" not in environment
    assert compose["services"]["postgres"]["environment"]["POSTGRES_PASSWORD_FILE"]


def test_data_lives_in_named_volumes(compose):
    assert {"pgdata", "redisdata", "beat"} <= set(compose["volumes"])


def test_the_image_installs_dependencies_when_built_and_runs_unprivileged():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install -r /tmp/requirements.txt" in dockerfile
    assert "collectstatic" in dockerfile
    assert "\nUSER quiz\n" in dockerfile
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".venv", ".git", ".env", "secrets"} <= set(ignored)


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="docker-compose not installed")
def test_docker_compose_accepts_the_file():
    result = subprocess.run(
        ["docker-compose", "--file", str(ROOT / "docker-compose.yml"), "config", "--quiet"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
