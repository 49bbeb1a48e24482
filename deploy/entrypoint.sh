#!/bin/sh
# Assemble DATABASE_URL from the mounted password file (docker-compose.yml), so that the
# password is in no environment variable nor in the compose file; then run the command.
set -eu
if [ -z "${DATABASE_URL:-}" ] && [ -n "${POSTGRES_PASSWORD_FILE:-}" ]; then
  password=$(python -c "import sys, urllib.parse; print(urllib.parse.quote(open(sys.argv[1]).read().strip(), safe=''))" "$POSTGRES_PASSWORD_FILE")
  export DATABASE_URL="postgres://${POSTGRES_USER:-quiz}:${password}@${DATABASE_HOST:-postgres}:5432/${POSTGRES_DB:-quiz}"
fi
exec "$@"
