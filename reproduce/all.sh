#!/usr/bin/env bash
# Every reproduction in turn (about an hour on two shared cores); each writes results/<name>/.
set -euo pipefail
cd "$(dirname "$0")"
./d-edge-of-stability.sh
./a-dinh.sh
./b-keskar.sh
./b-keskar-sqrt.sh
./c-temperature.sh
