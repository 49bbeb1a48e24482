#!/usr/bin/env bash
# `make hall`: serve a DEBUG=0 stack on loopback (gunicorn with quizapp/gunicorn.conf.py, a
# Celery worker on every queue, the local PostgreSQL and Redis), create the hall's accounts,
# play the exam (benchmarks/exam_hall.py) and stop what it started, whatever happens.
#   STUDENTS=300 make hall               # more: WEB_CONCURRENCY, WORKER_CONCURRENCY, WEB_CPUS, WORKER_CPUS,
#   STUDENTS=600 HALL_ARGS="--answer-seconds 120" make hall    # HALL_PORT, HALL_DATABASE_URL
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
STUDENTS=${STUDENTS:-100}
PORT=${HALL_PORT:-8765}

export DEBUG=0 SECURE_SSL_REDIRECT=0 ALLOWED_HOSTS=127.0.0.1,localhost LOG_LEVEL=WARNING
export SECRET_KEY=${SECRET_KEY:-hall-benchmark-only-not-a-secret-0123456789abcdefghijklmnop}
export DATABASE_URL=${HALL_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/quizapp_hallrun}
export REDIS_URL=${HALL_REDIS_URL:-redis://127.0.0.1:6379/10}
# The throttles keep their defaults: the whole hall comes from one address, as behind a
# NAT, and must still log in and work (log-ins count failures per account; writes count per
# student). THROTTLE_* in the environment still override them.

db=${DATABASE_URL##*/}
psql "${DATABASE_URL%/*}/postgres" -qtc "SELECT 1 FROM pg_database WHERE datname = '$db'" \
  | grep -q 1 || createdb -h 127.0.0.1 -U postgres "$db"
redis-cli -u "$REDIS_URL" flushdb >/dev/null   # this benchmark's own Redis database only
$PY manage.py migrate --no-input -v 0
$PY manage.py load_exam fixtures/cs433-2024.yaml >/dev/null
# The API is measured, not the static files: collected uncompressed (1 s, not 46 s).
export STATIC_COMPRESS=0 STATIC_ROOT=${STATIC_ROOT:-/tmp/quizapp-hall-static}
$PY manage.py collectstatic --no-input -v 0
$PY benchmarks/hall_accounts.py --students "$STUDENTS" --reset

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM
# WEB_CPUS / WORKER_CPUS (taskset lists, e.g. 1 and 0) pin the web and the worker apart.
pin() { if [ -n "${1:-}" ]; then echo taskset -c "$1"; fi; }
GUNICORN_BIND=127.0.0.1:$PORT WEB_CONCURRENCY=${WEB_CONCURRENCY:-3} \
  $(pin "${WEB_CPUS:-}") .venv/bin/gunicorn --config quizapp/gunicorn.conf.py \
  --control-socket "/tmp/quizapp-hall-$PORT.ctl" quizapp.wsgi &
pids+=($!); web=$!
$(pin "${WORKER_CPUS:-}") .venv/bin/celery -A quizapp worker -Q submit,practice,celery \
  --concurrency "${WORKER_CONCURRENCY:-2}" --loglevel WARNING -n "hall@%h" &
pids+=($!); worker=$!

for _ in $(seq 60); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break
  sleep 1
done
curl -fs "http://127.0.0.1:$PORT/healthz"; echo
sleep 3  # the worker's pool

# shellcheck disable=SC2086
$PY benchmarks/exam_hall.py --host "http://127.0.0.1:$PORT" --students "$STUDENTS" \
  --watch "web=$web" --watch "worker=$worker" \
  --watch "postgres (shared)=~postgres: " --watch "redis (shared)=~redis-server" \
  ${HALL_ARGS:-}
