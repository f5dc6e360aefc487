#!/usr/bin/env bash
# Builds lifeline-bench's JMH uber-jar and runs it with sane defaults; extra arguments go to JMH.
#
#   bench/jmh.sh                                  # every benchmark: -f 1 -wi 3 -i 5 -w 1s -r 2s -prof gc
#   bench/jmh.sh EngineOverhead                   # only the benchmarks matching a regex
#   bench/jmh.sh -i 10 -rf json -rff out.json     # a default given again is replaced, not repeated
#   bench/jmh.sh -h                               # JMH's own options
#
# Environment: LIFELINE_TARGET  build output folder of each module (default: target), so that a
#                               second build of the same tree does not clobber the first;
#              SKIP_BUILD=1     run the jar already built.
# The machine is usually shared: close other work, and read figures as ± their error column.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

target="${LIFELINE_TARGET:-target}"
jar="lifeline-bench/${target}/benchmarks.jar"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  # -am builds core and testkit first; tests are skipped here (the build's own job, not this one's).
  mvn -B -q -pl lifeline-bench -am package -DskipTests -Dlifeline.target="${target}"
fi
[[ -f "${jar}" ]] || { echo "bench/jmh.sh: ${jar} is missing; run without SKIP_BUILD=1" >&2; exit 1; }

# JMH rejects an option given twice, so a default is dropped when the caller gives it.
defaults=(-f 1 -wi 3 -i 5 -w 1s -r 2s)
args=()
for ((i = 0; i < ${#defaults[@]}; i += 2)); do
  option="${defaults[i]}"
  given=false
  for arg in "$@"; do
    [[ "${arg}" == "${option}" ]] && given=true
  done
  "${given}" || args+=("${option}" "${defaults[i + 1]}")
done
# -prof may be repeated (-prof gc -prof stack); add gc unless it is already asked for.
gc=true
previous=""
for arg in "$@"; do
  [[ "${previous}" == "-prof" && "${arg}" == gc* ]] && gc=false
  previous="${arg}"
done
"${gc}" && args+=(-prof gc)

exec java -jar "${jar}" "${args[@]}" "$@"
