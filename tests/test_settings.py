import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

PRODUCTION_ENV = {
    "GOCLUSTER_ENV": "production",
    "SECRET_KEY": "k9$Jq2!vZ8pW@x5rT7yU3mN6bV1cX4zL0aS9dF2gH5jK8lP3oI6uY7tR4eW1qA0z",
    "DEBUG": "false",
    "ALLOWED_HOSTS": "portal.go-cluster.de",
    "SITE_URL": "https://portal.go-cluster.de",
    "DATABASE_URL": "sqlite:////tmp/gocluster-deploy-check.sqlite3",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
    "TRUSTED_PROXY_COUNT": "1",
    "SMTP_HOST": "mail.example.org",
}
# Set by tests/conftest.py for Playwright, by tests/settings.py or `make test` for the suite, never in deployment.
_NOT_INHERITED = ("DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "GOCLUSTER_ENV",
                  "DJANGO_SETTINGS_MODULE", "REQUIRE_MFA", "ALLOWED_HOSTS", "SITE_URL", "REDIS_URL",
                  "TRUSTED_PROXY_COUNT", "TRUSTED_CLIENT_IP_HEADER", "SECRET_KEY_FALLBACKS")


def _manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if k not in _NOT_INHERITED}
    env = {k: v for k, v in env.items() if v is not None}
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
        env={**{k: v for k, v in env.items() if k not in _NOT_INHERITED}, "GOCLUSTER_ENV": "development"},
        check=False,
    )
    assert result.stdout.split() == [
        "django.db.backends.sqlite3", "True", "True", "Europe/Berlin", "de",
        "django.core.mail.backends.console.EmailBackend",
    ]


# --- Security finding 3: production fails closed; demo switches only in development -------------------------


@pytest.mark.parametrize("name", ["SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "SITE_URL", "TRUSTED_PROXY_COUNT"])
def test_check_deploy_fails_naming_a_missing_production_variable(name):
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION_ENV, name: None})
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"django.core.exceptions.ImproperlyConfigured: {name} is not set. Production settings have no default for "
        f"it; set {name} in the environment (or GOCLUSTER_ENV=development for the local demo).")


def test_production_is_the_default_environment():
    """No GOCLUSTER_ENV at all: production, so a missing SECRET_KEY no longer turns DEBUG on."""
    env = {**PRODUCTION_ENV, "GOCLUSTER_ENV": None, "SECRET_KEY": None, "DEBUG": None}
    result = _manage("check", env=env)
    assert result.returncode == 1
    assert "ImproperlyConfigured: SECRET_KEY is not set." in result.stderr


@pytest.mark.parametrize(("switch", "value"), [("REQUIRE_MFA", "false"), ("DEBUG", "true")])
def test_check_deploy_fails_when_a_demo_switch_is_on(switch, value):
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION_ENV, switch: value})
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"django.core.exceptions.ImproperlyConfigured: {switch}={value} is a demo switch and only allowed with "
        "GOCLUSTER_ENV=development.")


def test_demo_switch_works_in_development():
    code = "from django.conf import settings as s; print(s.GOCLUSTER_REQUIRE_MFA, s.GOCLUSTER_DEVELOPMENT)"
    result = _manage("shell", "-v", "0", "-c", code, env={"GOCLUSTER_ENV": "development", "REQUIRE_MFA": "false"})
    assert result.stdout.split() == ["False", "True"]


# --- Security finding 2: no known or short secret key -------------------------------------------------------


@pytest.mark.parametrize("key", [
    "change-me-in-production-with-a-long-random-value-0123456789",  # the old compose default
    "django-insecure-" + "q8w7e6r5t4z3u2i1o0p9a8s7d6f5g4h3j2k1l0y9x8c7v6b5n4m3",
    "kurz-und-geheim",
])
def test_check_refuses_a_known_or_short_secret_key(key):
    """Not only with --deploy: `migrate`, which the web container runs before gunicorn, checks it too."""
    result = _manage("check", env={**PRODUCTION_ENV, "SECRET_KEY": key})
    assert result.returncode == 1
    assert "(gocluster.E001) SECRET_KEY is not a production secret" in result.stderr


def test_check_refuses_a_per_process_cache_in_production():
    """Finding 10: login rate limits in locmem are per process and forgotten at a restart."""
    result = _manage("check", env={**PRODUCTION_ENV, "REDIS_URL": None})
    assert result.returncode == 1
    assert "(gocluster.E002) The default cache is LocMemCache" in result.stderr


def test_rate_limits_take_the_client_from_the_trusted_proxy():
    """Finding 10: behind one proxy the client is the last X-Forwarded-For entry, which the proxy appended (what
    a client sends itself stands before it); without a configured proxy the header is ignored."""
    code = (
        "from django.test import RequestFactory; from allauth.account.adapter import get_adapter; "
        "r = RequestFactory().get('/', REMOTE_ADDR='10.0.0.2', HTTP_X_FORWARDED_FOR='6.6.6.6, 203.0.113.7'); "
        "print(get_adapter().get_client_ip(r))"
    )
    behind_proxy = _manage("shell", "-v", "0", "-c", code, env=PRODUCTION_ENV)
    direct = _manage("shell", "-v", "0", "-c", code, env={**PRODUCTION_ENV, "TRUSTED_PROXY_COUNT": "0"})
    assert (behind_proxy.stdout.strip(), direct.stdout.strip()) == ("203.0.113.7", "10.0.0.2")


# --- Security finding 2: the compose file ----------------------------------------------------------------------

COMPOSE_ENV = {"SECRET_KEY": "x" * 64, "POSTGRES_PASSWORD": "pw", "ALLOWED_HOSTS": "portal.go-cluster.de",
               "SITE_URL": "https://portal.go-cluster.de", "SMTP_HOST": "mail.example.org"}
needs_compose = pytest.mark.skipif(shutil.which("docker-compose") is None and not os.environ.get("CI"),
                                   reason="docker-compose not installed (apt-get install docker-compose)")


def _compose(*args, env):
    clean = {k: v for k, v in os.environ.items() if k not in COMPOSE_ENV}
    return subprocess.run(["docker-compose", "-f", "docker-compose.yml", *args], cwd=ROOT,
                          env={**clean, **{k: v for k, v in env.items() if v is not None}},
                          capture_output=True, text=True, timeout=60, check=False)


@needs_compose
@pytest.mark.parametrize("name", sorted(COMPOSE_ENV))
def test_compose_refuses_to_start_without_each_secret(name):
    result = _compose("config", "-q", env={**COMPOSE_ENV, name: None})
    assert result.returncode == 1
    assert f"set {name}" in result.stderr


@needs_compose
def test_compose_has_no_secret_default_and_publishes_nothing_beyond_localhost():
    result = _compose("config", env=COMPOSE_ENV)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "change-me-in-production" not in text
    assert "POSTGRES_PASSWORD: pw" in text
    published = [line.strip() for line in text.splitlines() if line.strip().startswith("- ") and ":" in line
                 and line.strip()[2:].split(":")[0].replace(".", "").isdigit()]
    assert published == ["- 127.0.0.1:8025:8025/tcp", "- 127.0.0.1:8000:8000/tcp"]
    mailcatcher = text[text.index("\n  mailcatcher:\n"):text.index("\n  postgres:\n")]
    assert "\n    profiles:\n    - dev" in mailcatcher
