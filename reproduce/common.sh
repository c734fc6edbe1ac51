# Shared by the reproduction scripts: the nnll command of this checkout, the work folder (models,
# study folders; not committed) and the results folder (committed), and a timer.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
NNLL=(node "$HERE/../packages/cli/bin/nnll.js")
WORK="$HERE/work"
FASHION=/usr/share/datasets/fashion-mnist
mkdir -p "$WORK"
nnll() { "${NNLL[@]}" "$@"; }
start_clock() { START=$(date +%s); }
stop_clock() { echo $(( $(date +%s) - START )); }
machine() { echo "$(nproc) cores, $(node --version), load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"; }
