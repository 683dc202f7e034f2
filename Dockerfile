FROM python:3.12-slim-bookworm

# WeasyPrint's system libraries (pango, harfbuzz subsetting), PostgreSQL client headers, gettext, fonts.
RUN apt-get update && apt-get install -y --no-install-recommends \
        build-essential libpq-dev gettext \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libffi-dev \
        fonts-dejavu-core shared-mime-info nodejs npm \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=gocluster.settings
WORKDIR /app

COPY requirements.lock ./
RUN pip install --no-cache-dir --no-deps -r requirements.lock

COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

COPY . .
RUN scripts/copy-assets \
    && msgfmt --check -o locale/de/LC_MESSAGES/django.mo locale/de/LC_MESSAGES/django.po \
    && msgfmt --check -o locale/en/LC_MESSAGES/django.mo locale/en/LC_MESSAGES/django.po \
    && GOCLUSTER_ENV=production SECRET_KEY=build-only ALLOWED_HOSTS=build.invalid SITE_URL=https://build.invalid \
       DATABASE_URL=sqlite:////tmp/build.sqlite3 TRUSTED_PROXY_COUNT=0 python manage.py collectstatic --noinput \
    && useradd --create-home --uid 1000 gocluster \
    && mkdir -p /data/private /app/var && chown -R gocluster /data/private /app/var
USER gocluster
EXPOSE 8000
CMD ["gunicorn", "gocluster.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2"]
