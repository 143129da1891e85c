#!/usr/bin/env bash
# Installs the build tree into a scratch prefix, checks that the public
# headers name no third-party library, then builds and runs the consumer
# project and the example service's unit test against the installed
# package.
set -euo pipefail
build=$1 consumer=$2 work=$3 example=$4
rm -rf "$work"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
# Boost.JSON (with Boost.System's error type, and Boost.Describe with the
# Mp11 it iterates with, for described structs) is the interface of
# json.hpp, json_schema.hpp, typed_handler.hpp and rpc/, by design; nothing
# else is allowed.
if grep -rnE '#\s*include\s*[<"](caf|hiredis|boost|prometheus)/' \
    "$work/prefix/include/redactor" |
    grep -vE '/(json\.hpp|json_schema\.hpp|typed_handler\.hpp|rpc/[a-z_]+\.hpp):[0-9]+:#include <boost/(json|system|describe|mp11)[/.]'; then
  echo "a public header includes a third-party library" >&2
  exit 1
fi
cmake -S "$consumer" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/build" >/dev/null
"$work/build/consumer"
"$work/build/consumer_test"
# The example service, built out of tree as README's Install section says,
# and its unit test.
cmake -S "$example" -B "$work/example" -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/example" >/dev/null
"$work/example/orders_test" --gtest_brief=1
# The same program built with pkg-config instead of CMake.
PKG_CONFIG_PATH=$(dirname "$(find "$work/prefix" -name redactor.pc)") \
  bash -c 'g++ "$0" -o "$1" $(pkg-config --cflags --libs redactor) \
    -Wl,-rpath,"$(pkg-config --variable=libdir redactor)"' \
  "$consumer/main.cpp" "$work/consumer-pc"
"$work/consumer-pc"
# Installed programs find the installed library from any prefix.
"$work/prefix/bin/redactor" --version
test -f "$work/prefix/share/doc/redactor/LICENSE"
