"""FlowForge demo: an "agent" that gets stuck in a tool-call loop, then recovers after a restart.

First attempt (FLOWFORGE_RESTART_COUNT=0): a CPU-bound loop printing the same retry line, the
classic runaway. FlowForge kills and restarts it. The restarted attempt reads
FLOWFORGE_LAST_INCIDENT, changes strategy, does some varied work with progress and exits 0.
"""
import os
import sys
import time

attempt = int(os.environ.get("FLOWFORGE_RESTART_COUNT", "0"))

if attempt == 0:
    print("agent: planning task 'summarise the quarterly report'", flush=True)
    n = 0
    deadline = time.time() + 60  # never run forever, even unsupervised
    while time.time() < deadline:
        n += 1
        if n % 20000 == 0:
            print("agent: calling tool search_docs(query='quarterly report') -> error: rate limited, retrying", flush=True)
    sys.exit(1)

print(f"agent: restarted (attempt {attempt + 1}); last incident: {os.environ.get('FLOWFORGE_LAST_INCIDENT', 'none')}", flush=True)
print("agent: switching strategy: reading the cached copy instead of calling the search tool", flush=True)
sections = ["revenue", "costs", "headcount", "outlook"]
for i, section in enumerate(sections, start=1):
    time.sleep(0.5)
    print(f"agent: step {i}/{len(sections)}: summarised section '{section}'", flush=True)
print("agent: done, summary written", flush=True)
