"""Print the locust CSV (stats) as a Markdown table."""

import csv
import sys

with open(sys.argv[1], newline="") as f:
    rows = list(csv.DictReader(f))
print("| request | count | failures | p50 ms | p95 ms | p99 ms | max ms | req/s |")
print("|---|---|---|---|---|---|---|---|")
for r in rows:
    print(
        f"| {r['Name']} | {r['Request Count']} | {r['Failure Count']} | {r['50%']} | {r['95%']} "
        f"| {r['99%']} | {float(r['Max Response Time']):.0f} | {float(r['Requests/s']):.1f} |"
    )
