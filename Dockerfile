# One image for web, workers, beat and the migration step (docker-compose.yml).
# Dependencies are installed here, when the image is built, never when a container starts.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app

WORKDIR /app

# The dependencies first, read from pyproject.toml: this layer is rebuilt only when they
# change, not on every edit of the code.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .
# Static files are part of the image (WhiteNoise serves them with hashed names).
RUN DEBUG=0 SECRET_KEY=collectstatic-at-build-time-only python manage.py collectstatic --no-input -v 0 \
    && useradd --system --uid 10001 --home-dir /app quiz

USER quiz
EXPOSE 8000
CMD ["gunicorn", "--config", "quizapp/gunicorn.conf.py", "quizapp.wsgi"]
