"""Percentiles of gunicorn's request time (ms) for the sign-in POSTs in the access log."""

import sys

with open(sys.argv[1]) as log:
    times = sorted(
        int(parts[3])
        for parts in (line.split() for line in log)
        if len(parts) == 4 and parts[0] == "POST" and parts[1].startswith("/meetings/signin/")
    )
if times:
    pick = lambda q: times[min(len(times) - 1, int(q * len(times)))]  # noqa: E731
    print(
        f"server-side POST sign-in: n={len(times)} p50={pick(0.50)} ms p95={pick(0.95)} ms "
        f"p99={pick(0.99)} ms max={times[-1]} ms"
    )
