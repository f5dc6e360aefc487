#!/usr/bin/env bash
# Everything the benchmarks measure, at a size that finishes in under 10 minutes on 2 cores:
# the JMH overhead benchmarks (bench/jmh.sh, short iterations) and every chaos scenario (bench/simulate.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p bench/results
bench/jmh.sh -wi 2 -i 3 -r 1s -rf json -rff bench/results/jmh.json "$@"
REQUESTS="${REQUESTS:-50000}" bench/simulate.sh
