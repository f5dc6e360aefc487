#!/usr/bin/env bash
# The loopback load benchmark: a fake OpenAI server in its own JVM, and in one other JVM the bare
# JDK HttpClient + Jackson, Lifeline, LangChain4j and openai-java, called in rotation; sequential,
# at concurrency 16 and 64, and streamed. Extra arguments go to LoadBenchmark (--help lists them).
#
#   bench/load.sh                                            # the full run, about 8 minutes on 2 cores
#   bench/load.sh --calls 200 --duration 2 --stream-calls 50 --warmup 100   # a quick pass
#   bench/load.sh --contenders bare-jdk,lifeline
#
# Output: the table on stdout, and bench/results/load-<date>T<hhmm>.json and .md (OUT=dir to change).
# Environment: LIFELINE_TARGET  build output folder of each module (default: target);
#              SKIP_BUILD=1     run the jar already built.
# The machine is usually shared: the contenders run in rotation so that noise spreads over all of
# them, but compare ratios within one run, not figures across runs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

target="${LIFELINE_TARGET:-target}"
jar="lifeline-bench/${target}/benchmarks.jar"
out="${OUT:-bench/results}"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -q -pl lifeline-bench -am package -DskipTests -Dlifeline.target="${target}"
fi
[[ -f "${jar}" ]] || { echo "bench/load.sh: ${jar} is missing; run without SKIP_BUILD=1" >&2; exit 1; }

# ParallelGC: its heap "used" is exact between collections, so allocation per call is too (G1 counts
# eden in whole regions). The same collector for every contender. Thread-local allocation buffers of a
# fixed 32 KiB: the heap in use counts each thread's whole buffer, so with buffers grown to megabytes a
# short round's end counted their unused rest as allocated (a sequential round of 100 calls showed the
# bare client at 88 KB a call where one of 1,200 showed 36 KB).
exec java -Xms512m -Xmx512m -XX:+UseParallelGC -XX:-ResizeTLAB -XX:TLABSize=32k -cp "${jar}" dev.lifeline.bench.load.LoadBenchmark --out "${out}" "$@"
