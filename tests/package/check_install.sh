#!/usr/bin/env bash
# Installs the build tree into a scratch prefix, checks that the public
# headers name no third-party library, then builds and runs the consumer
# project against the installed package.
set -euo pipefail
build=$1 consumer=$2 work=$3
rm -rf "$work"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
# typed_handler.hpp is the one header that needs Boost.JSON, by design.
if grep -rnE '#\s*include\s*[<"](caf|hiredis|boost|prometheus)/' \
    "$work/prefix/include/redactor" | grep -v '/typed_handler.hpp:'; then
  echo "a public header includes a third-party library" >&2
  exit 1
fi
cmake -S "$consumer" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/build" >/dev/null
"$work/build/consumer"
