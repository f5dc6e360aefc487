#!/usr/bin/env bash
# Runs every shipped chaos scenario (Scenario.SHIPPED) in virtual time and keeps the tables, JSON and HTML reports.
#
#   bench/simulate.sh                 # 100,000 requests per scenario and strategy
#   REQUESTS=2000 bench/simulate.sh   # a quick pass
#   SEED=7 OUT=/tmp/chaos bench/simulate.sh
#
# Output: $OUT/<scenario>.txt (the table), .json (the --json object) and .html (the report); default
# OUT is bench/results. The CLI is built by ./lifeline on first use.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

requests="${REQUESTS:-100000}"
seed="${SEED:-42}"
out="${OUT:-bench/results}"
mkdir -p "${out}"
scenarios=(rate-limit-storm provider-outage brownout silent-failures context-overflow flapping all-down mixed-day
  recurring-failure multi-key slow-tail stream-cuts slow-first-token session-cache)

for scenario in "${scenarios[@]}"; do
  echo "== ${scenario} (${requests} requests, seed ${seed})" >&2
  ./lifeline simulate --scenario "${scenario}" --requests "${requests}" --seed "${seed}" \
    --report "${out}/${scenario}.html" | tee "${out}/${scenario}.txt"
  ./lifeline simulate --scenario "${scenario}" --requests "${requests}" --seed "${seed}" --json > "${out}/${scenario}.json" 2>/dev/null
done
echo "tables, JSON and reports in ${out}/" >&2
