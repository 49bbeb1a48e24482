"""Production settings: `check --deploy` is clean, and a missing secret fails loudly."""

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "prod-" + "x7Gq2LmZ9vR4tW8yB1nK5cJ3hF6dS0aP" * 2,
    "ALLOWED_HOSTS": "quiz.example.org",
    "DJANGO_SETTINGS_MODULE": "quizapp.settings",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # Only the machine's basics: nothing another test set in this process leaks in.
    clean = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TZ")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_with_no_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_a_malformed_boolean_is_refused_by_name():
    result = _manage("check", env={**PRODUCTION, "DEBUG": "maybe"})
    assert result.returncode != 0 and "DEBUG='maybe' is not a boolean" in result.stderr


def test_the_secret_key_can_come_from_a_file(tmp_path):
    key_file = tmp_path / "secret"
    key_file.write_text(PRODUCTION["SECRET_KEY"] + "\n")
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**env, "SECRET_KEY_FILE": str(key_file)},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _setting(name: str, env: dict[str, str]) -> str:
    code = f"from django.conf import settings; print(settings.{name})"
    result = _manage("shell", "--no-imports", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_runserver_keeps_no_database_connections_open_between_requests():
    # runserver starts a thread per request; persistent connections leaked 98 of them.
    env = {**PRODUCTION, "DEBUG": "1", "DATABASE_URL": "postgres://u@127.0.0.1:5432/quiz"}
    assert _setting("DATABASES['default']['CONN_MAX_AGE']", env) == "0"
    assert _setting("DATABASES['default']['CONN_MAX_AGE']", PRODUCTION) == "60"


def test_x_forwarded_proto_is_believed_only_behind_a_configured_proxy():
    assert _setting("SECURE_PROXY_SSL_HEADER", PRODUCTION) == "None"
    behind = {**PRODUCTION, "TRUSTED_PROXY_COUNT": "1"}
    assert _setting("SECURE_PROXY_SSL_HEADER", behind) == "('HTTP_X_FORWARDED_PROTO', 'https')"


def test_hsts_subdomains_and_preload_are_opt_in():
    assert _setting("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION) == "False"
    assert _setting("SECURE_HSTS_PRELOAD", PRODUCTION) == "False"
    on = {**PRODUCTION, "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1", "SECURE_HSTS_PRELOAD": "1"}
    assert _setting("SECURE_HSTS_PRELOAD", on) == "True"


def test_a_soft_time_limit_above_the_hard_one_is_refused():
    # Celery would refuse every task at apply_async, and that error is only logged.
    env = {**PRODUCTION, "GRADING_SOFT_TIME_LIMIT": "90", "GRADING_HARD_TIME_LIMIT": "60"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "GRADING_SOFT_TIME_LIMIT (90 s) must not exceed GRADING_HARD_TIME_LIMIT" in (
        result.stderr
    )
