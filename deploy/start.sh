#!/usr/bin/env bash
# Start the W13 dashboard for a shared server without systemd: one app process per
# port (default: one per CPU core from 8501 up), all on 127.0.0.1, behind nginx.
#     deploy/start.sh [PORT ...]
# Settings come from the environment (see deploy/dashboard.env.example), e.g.
#     set -a; . /etc/w13/dashboard.env; set +a; deploy/start.sh
# Stops every process it started when it is stopped itself (Ctrl-C, SIGTERM).
set -euo pipefail
cd "$(dirname "$0")/.."
if (($# == 0)); then
    set -- $(seq 8501 $((8500 + $(nproc))))
fi
pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait; }
trap stop EXIT INT TERM
for port in "$@"; do
    python -m streamlit run server.py --server.port "$port" --server.address 127.0.0.1 \
        --server.headless true &
    pids+=($!)
    echo "app process on 127.0.0.1:$port (pid $!)"
done
echo "nginx: python -m deploy.nginx_conf --listen 80 --backends $(IFS=,; echo "$*")"
wait -n
