import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PRODUCTION_ENV = {
    "SECRET_KEY": "k9$Jq2!vZ8pW@x5rT7yU3mN6bV1cX4zL0aS9dF2gH5jK8lP3oI6uY7tR4eW1qA0z",
    "DEBUG": "false",
    "ALLOWED_HOSTS": "portal.go-cluster.de",
    "DATABASE_URL": "sqlite:////tmp/gocluster-deploy-check.sqlite3",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "SMTP_HOST": "mail.example.org",
}
# Set by tests/conftest.py for Playwright, never in deployment.
_NOT_INHERITED = ("DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")


def _manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if k not in _NOT_INHERITED}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env},
        capture_output=True, text=True, timeout=120, check=False,
    )


def test_check_deploy_is_clean_with_production_variables():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_production_settings_are_secure():
    code = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
        "s.CELERY_TASK_ALWAYS_EAGER, s.STORAGES['staticfiles']['BACKEND'])"
    )
    result = _manage("shell", "-v", "0", "-c", code, env=PRODUCTION_ENV)
    assert result.stdout.split() == [
        "False", "True", "True", "31536000", "False", "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ]


def test_embedded_default_needs_no_services():
    code = (
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.DEBUG, s.TIME_ZONE, "
        "s.LANGUAGE_CODE, s.MAILERS['default']['BACKEND'])"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("CELERY_BROKER_URL", "REDIS_URL")}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", code], cwd=ROOT, capture_output=True, text=True,
        env={k: v for k, v in env.items() if k not in ("DEBUG", "SECRET_KEY", "DATABASE_URL")}, check=False,
    )
    assert result.stdout.split() == [
        "django.db.backends.sqlite3", "True", "True", "Europe/Berlin", "de",
        "django.core.mail.backends.console.EmailBackend",
    ]
