#!/usr/bin/env bash
# Runs each counting option of the downhill command at its documented limit (README, "Limits") and records the wall
# time and peak memory it took, one row per run: a resource benchmark, not a test (the numbers depend on the machine
# and its load, which is printed first). Usage: bench/resources.sh [FILTER]  (FILTER: a substring of the row names)
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/downhill" --help >/dev/null 2>&1 || { echo "the command does not build" >&2; exit 1; }
dll="$here/artifacts/cli/Downhill.Cli.dll"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
filter="${1:-}"
ones() { printf '1%.0s,' $(seq "$1") | sed 's/,$//'; }
product() { seq 0 $(($1 - 1)) | sed 's/^/a/' | paste -sd'*'; }

echo "load: $(cut -d' ' -f1-3 /proc/loadavg), cores: $(nproc), $(date -u +%Y-%m-%dT%H:%MZ)"
printf '%-34s %5s %9s %9s  %s\n' "limit" "exit" "wall (s)" "peak (MB)" "command"
row() {
  local name="$1"; shift
  [[ -n "$filter" && "$name" != *"$filter"* ]] && return
  local timing="$work/time"
  (cd "$work" && /usr/bin/time -o "$timing" -f "%e %M" dotnet "$dll" "$@" >/dev/null 2>"$work/err")
  local code=$?
  read -r wall kb < <(tail -1 "$timing")
  printf '%-34s %5s %9s %9.0f  %s\n' "$name" "$code" "$wall" "$((kb / 1024))" "downhill $*" | cut -c1-200
}

row "expression: 100 variables"      eval -f "$(product 100)" --at "$(ones 100)"
row "derive: 1,000,000 characters"   derive -f "sin(sin(sin(sin($(seq 1 40 | sed 's/^/x/' | paste -sd'*')))))"
row "eval: Hessian at 100 variables" eval -f rosenbrock --dim 100 --at "$(ones 100)"
row "eval: --dim 10,000"             eval -f rosenbrock --dim 10000 --at "$(ones 10000)"
row "newton: 1,000 variables"        minimize -f rosenbrock --dim 1000 -o newton --max-iter 5
row "bfgs: 1,000 variables"          minimize -f rosenbrock --dim 1000 -o bfgs --max-iter 5
row "critical: 200 variables"        critical -f rosenbrock --dim 200 --starts 2
row "minimize: 10,000 variables"     minimize -f rosenbrock --dim 10000 -o lbfgs --max-iter 50
row "lbfgs: history 1,000"           minimize -f rosenbrock --dim 10000 -o lbfgs:history_size=1000 --max-iter 50
row "restarts: 1,000,000 starts"     restarts -f himmelblau -o gd:lr=0.01 --starts 1000000 --max-iter 100
row "critical: 1,000,000 starts"     critical -f himmelblau --starts 1000000
row "experiment: 1,000,000 starts"   experiment restarts --starts 1000000 --restarts 1,10 --max-iter 100
row "basins: grid 500"               basins -f himmelblau -o gd:lr=0.01 --grid 500 --max-iter 100
row "sweep: 100,000 settings"        sweep -f rosenbrock --x0=-1.2,1 -o sgd --lr 1e-5..1e-1:10000 --grid momentum=0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9 --max-iter 100
row "tune: 100,000 trials"           tune -f rosenbrock --x0=-1.2,1 -o momentum --range lr=1e-5..1e-2:log --trials 1000 --rounds 100 --budget-iter 100 --storage "$work/study.db"
row "saddles: 1,000 functions"       experiment saddles --dims 2 --functions 1000 --starts 100
row "saddles: 10,000 terms"          experiment saddles --dims 2 --functions 1 --terms 10000 --starts 100
row "png: 100 million pixels"        minimize -f rosenbrock --max-iter 10 --plot "$work/big.png" --plot-size 10000x10000 --plot-scale 1
row "mlp: 2^26 parameters"           train -d iris -m mlp:8000,8000 --epochs 1 --batch 120
