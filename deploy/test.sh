#!/usr/bin/env bash
# The whole test suite: installs dependencies, then
#  1. release build with -Werror; unit, redis, package, apps and deploy tests
#     and a quick benchmark run (ctest -j2);
#  2. clang-format check of every C++ file;
#  3. clang build with ASan+UBSan: unit and redis tests, then each fuzz target for
#     REDACTOR_FUZZ_SECONDS (default 30).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/deploy/lib/build.sh"
jobs=2

"$root/deploy/install-deps.sh"

echo "== release build and tests"
build_release "$root"
ctest --test-dir "$root/build/release" -j"$jobs" --output-on-failure \
  -L 'unit|redis|package|apps|deploy|bench'

echo "== clang-format"
mapfile -t sources < <(cd "$root" && find libengine apps tests bench \
  \( -name '*.cpp' -o -name '*.hpp' \) -not -path '*/build*')
(cd "$root" && clang-format --dry-run -Werror "${sources[@]}")
echo "${#sources[@]} files formatted"

echo "== sanitizers and fuzzers (clang, ASan+UBSan)"
CC=clang CXX=clang++ cmake -S "$root" -B "$root/build/sanitize" -G Ninja \
  -DCMAKE_BUILD_TYPE=Debug -DREDACTOR_WERROR=ON -DREDACTOR_SANITIZE=ON \
  -DREDACTOR_FUZZ=ON -DREDACTOR_FUZZ_SECONDS="${REDACTOR_FUZZ_SECONDS:-30}" \
  -DREDACTOR_BUILD_APPS=OFF -DREDACTOR_BUILD_BENCH=OFF >/dev/null
cmake --build "$root/build/sanitize"
ctest --test-dir "$root/build/sanitize" -j"$jobs" --output-on-failure \
  -L 'unit|redis|fuzz'
