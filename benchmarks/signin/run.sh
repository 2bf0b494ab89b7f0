#!/bin/sh
# The plenary sign-in burst against gunicorn, on SQLite or PostgreSQL.
#   benchmarks/signin/run.sh sqlite
#   benchmarks/signin/run.sh postgres   # uses database ningju_bench (dropped and re-created)
# Environment: WORKERS (default 4), THREADS (default 1), MEMBERS (default 1000),
# PG_URL (default postgres://postgres@127.0.0.1:5432), PORT (default 8071).
set -eu
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
DB=${1:-sqlite}
WORKERS=${WORKERS:-4}
THREADS=${THREADS:-1}
MEMBERS=${MEMBERS:-1000}
PORT=${PORT:-8071}
REDIS_PORT=${REDIS_PORT:-6391}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
VAR=$ROOT/benchmarks/signin/var
LOAD=$ROOT/benchmarks/.venv-load
mkdir -p "$VAR"

# The load tool lives in its own venv, never in the project's dependencies.
if [ ! -x "$LOAD/bin/locust" ]; then
  python3 -m venv "$LOAD"
  "$LOAD/bin/pip" install -q locust
fi

case "$DB" in
  sqlite)
    rm -f "$VAR/bench.sqlite3" "$VAR/bench.sqlite3-wal" "$VAR/bench.sqlite3-shm"
    DATABASE_URL="sqlite:///$VAR/bench.sqlite3" ;;
  postgres)
    psql "$PG_URL/postgres" -qc "DROP DATABASE IF EXISTS ningju_bench" -c "CREATE DATABASE ningju_bench"
    DATABASE_URL="$PG_URL/ningju_bench" ;;
  *) echo "usage: $0 sqlite|postgres" >&2; exit 2 ;;
esac

export DATABASE_URL
export DJANGO_SETTINGS_MODULE=bench_settings
export PYTHONPATH="$ROOT/benchmarks/signin"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export NINGJU_STATIC_ROOT="$VAR/static"

redis-server --port "$REDIS_PORT" --save '' --appendonly no --daemonize no >"$VAR/redis.log" 2>&1 &
REDIS_PID=$!
GUNICORN_PID=""
cleanup() {
  [ -n "$GUNICORN_PID" ] && kill "$GUNICORN_PID" 2>/dev/null || true
  kill "$REDIS_PID" 2>/dev/null || true
}
trap cleanup EXIT INT TERM
sleep 0.5

.venv/bin/python -m django collectstatic --noinput -v0
.venv/bin/python benchmarks/signin/prepare.py "$MEMBERS"

.venv/bin/gunicorn ningju.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" --threads "$THREADS" \
  --worker-class "$( [ "$THREADS" -gt 1 ] && echo gthread || echo sync )" \
  --access-logfile /dev/null --error-logfile "$VAR/gunicorn-$DB.log" &
GUNICORN_PID=$!
sleep 4

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
RATE=$(( MEMBERS / 60 + 1 ))
"$LOAD/bin/locust" -f benchmarks/signin/locustfile.py --headless --host "http://127.0.0.1:$PORT" \
  -u $(( MEMBERS + 1 )) -r "$RATE" --run-time 80s --stop-timeout 10 \
  --csv "$VAR/result-$DB" --only-summary 2>"$VAR/locust-$DB.log" || true
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
.venv/bin/python benchmarks/signin/report.py "$VAR/result-${DB}_stats.csv"
.venv/bin/python benchmarks/signin/verify.py "$MEMBERS"
