"""Gunicorn's settings for the web processes: `gunicorn -c quizapp/gunicorn.conf.py quizapp.wsgi`.

Each value can be overridden from the environment; figures behind the defaults are in
docs/performance.md ("Exam day") and docs/deploy.md.
"""

import os

# Beside a proxy on another host, bind all interfaces; `make stack` binds 127.0.0.1.
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Sync workers: a request is CPU-bound Python plus short database round trips, so a worker
# per core, plus one to cover those waits, keeps the cores busy without queueing in the OS.
workers = int(os.environ.get("WEB_CONCURRENCY", str((os.cpu_count() or 1) + 1)))
worker_class = "sync"
# Import Django once and fork: quicker restarts and shared memory pages between workers.
preload_app = True
# A request stuck this long is killed and logged rather than holding a worker forever.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then, spread out so that they never restart all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
# One line per request costs CPU and disk at a hall's rate: off unless asked ("-" = stdout).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The proxy in front terminates TLS; trust its X-Forwarded-* from these addresses only.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
