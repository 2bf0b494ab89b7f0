#!/bin/sh
# The plenary sign-in burst against gunicorn, on SQLite or PostgreSQL.
#   benchmarks/signin/run.sh sqlite
#   benchmarks/signin/run.sh postgres   # uses database ningju_bench (dropped and re-created)
# Environment: WORKERS (default 4), THREADS (default 1), MEMBERS (default 1000),
# PG_URL (default postgres://postgres@127.0.0.1:5432), PORT (default 8071), NICE (default -10),
# SCAN (default 0; 1 = each member also GETs the confirmation page before the tap).
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
export NINGJU_STATIC_ROOT="$VAR/static"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"

# Its own Redis (prod's cache and cached_db sessions), emptied each run.
redis-server --port "$REDIS_PORT" --save '' --appendonly no >"$VAR/redis.log" 2>&1 &
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

rm -f "$VAR/access-$DB.log"
# NICE (default -10): seven sessions share this 2-core machine; the server and the load
# tool run at a higher priority so the figures measure the code, not the neighbours.
NICE=${NICE:--10}
nice -n "$NICE" .venv/bin/gunicorn ningju.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" --threads "$THREADS" \
  --worker-class "$( [ "$THREADS" -gt 1 ] && echo gthread || echo sync )" \
  --access-logfile "$VAR/access-$DB.log" --access-logformat '%(m)s %(U)s %(s)s %(M)s' --error-logfile "$VAR/gunicorn-$DB.log" --capture-output &
GUNICORN_PID=$!
# Warm every worker (imports, templates, translations) as a server that has been up a while.
STAFF_COOKIE=$(.venv/bin/python -c "import json;d=json.load(open('$VAR/sessions.json'));print('ningju_session='+d['staff']['session'])")
MEETING=$(.venv/bin/python -c "import json;print(json.load(open('$VAR/sessions.json'))['meeting'])")
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
  curl -s -o /dev/null --retry 10 --retry-connrefused --retry-delay 1 \
    -H "Cookie: $STAFF_COOKIE" "http://127.0.0.1:$PORT/meetings/$MEETING/screen/"
  curl -s -o /dev/null -H "Cookie: $STAFF_COOKIE" "http://127.0.0.1:$PORT/meetings/$MEETING/attendance/"
done

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
RATE=$(( MEMBERS / 60 + 1 ))
nice -n "$NICE" "$LOAD/bin/locust" -f benchmarks/signin/locustfile.py --headless --host "http://127.0.0.1:$PORT" \
  -u $(( MEMBERS + 1 )) -r "$RATE" --run-time 80s --stop-timeout 10 \
  --csv "$VAR/result-$DB$( [ "${SCAN:-0}" = 1 ] && echo -scan )" --only-summary 2>"$VAR/locust-$DB.log" || true
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
.venv/bin/python benchmarks/signin/report.py "$VAR/result-$DB$( [ "${SCAN:-0}" = 1 ] && echo -scan )_stats.csv"
# Server-side time (gunicorn's own measure, request read to response written) of the burst.
.venv/bin/python benchmarks/signin/server_times.py "$VAR/access-$DB.log"
.venv/bin/python benchmarks/signin/verify.py "$MEMBERS"
