#!/usr/bin/env bash
# Every reproduction in turn (about two hours on two cores); each writes results/<name>/.
set -euo pipefail
cd "$(dirname "$0")"
./d-edge-of-stability.sh
./a-dinh.sh
./b-keskar.sh
./c-temperature.sh
