#!/bin/sh
# The public article page against /healthz, side by side, under one gunicorn (same settings).
#   benchmarks/portal/run.sh
# Environment: WORKERS (default 4), THREADS (default 1), CONNECTIONS (default 16),
# DURATION (seconds per round, default 15), ROUNDS (default 3), PORT (default 8072).
# The article page must reach at least 60% of /healthz's requests per second.
set -eu
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
WORKERS=${WORKERS:-4}
THREADS=${THREADS:-1}
CONNECTIONS=${CONNECTIONS:-16}
DURATION=${DURATION:-15}
ROUNDS=${ROUNDS:-3}
PORT=${PORT:-8072}
VAR=$ROOT/benchmarks/portal/var
mkdir -p "$VAR"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }

rm -f "$VAR/bench.sqlite3" "$VAR/bench.sqlite3-wal" "$VAR/bench.sqlite3-shm"
export DATABASE_URL="sqlite:///$VAR/bench.sqlite3"
export DJANGO_SETTINGS_MODULE=bench_settings
export PYTHONPATH="$ROOT/benchmarks/portal"
export NINGJU_STATIC_ROOT="$VAR/static"
export NINGJU_MEDIA_ROOT="$VAR/media"

GUNICORN_PID=""
cleanup() {
  [ -n "$GUNICORN_PID" ] && kill "$GUNICORN_PID" 2>/dev/null || true
}
trap cleanup EXIT INT TERM
sleep 0.5

.venv/bin/python -m django collectstatic --noinput -v0
ARTICLE=$(.venv/bin/python benchmarks/portal/prepare.py | tail -1)

.venv/bin/gunicorn ningju.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" --threads "$THREADS" \
  --worker-class "$( [ "$THREADS" -gt 1 ] && echo gthread || echo sync )" \
  --access-logfile /dev/null --error-logfile "$VAR/gunicorn.log" &
GUNICORN_PID=$!
sleep 4
URL="http://127.0.0.1:$PORT"
curl -fsS -o /dev/null "$URL/healthz"
# Warm: each worker renders the page once and keeps it in its local-memory cache.
for _ in $(seq 1 $((WORKERS * 4))); do curl -fsS -o /dev/null "$URL$ARTICLE"; done

echo "gunicorn: $WORKERS workers x $THREADS threads; wrk: 2 threads, $CONNECTIONS connections, ${DURATION}s per round"
echo "nproc: $(nproc)"
: >"$VAR/results.txt"
i=1
while [ "$i" -le "$ROUNDS" ]; do
  for path in /healthz "$ARTICLE"; do
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    rps=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$URL$path" | tee "$VAR/wrk-$i-$(echo "$path" | tr '/' '_').txt" | awk '/Requests\/sec/ {print $2}')
    p99=$(awk '/ 99%/ {print $2}' "$VAR/wrk-$i-$(echo "$path" | tr '/' '_').txt")
    echo "round $i  $path  req/s=$rps  p99=$p99  load=$load" | tee -a "$VAR/results.txt"
  done
  i=$((i + 1))
done
.venv/bin/python - "$VAR/results.txt" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1], encoding="utf-8")]
health = [float(r[3].split("=")[1]) for r in rows if r[2] == "/healthz"]
article = [float(r[3].split("=")[1]) for r in rows if r[2] != "/healthz"]
ratio = [a / h for a, h in zip(article, health)]
print(f"median /healthz {statistics.median(health):.0f} req/s, article {statistics.median(article):.0f} req/s")
print(f"article/healthz per round: {', '.join(f'{r:.0%}' for r in ratio)}; median {statistics.median(ratio):.0%}")
print("PASS" if statistics.median(ratio) >= 0.6 else "FAIL: article page below 60% of /healthz")
PY
