# Sourced by the deploy scripts: configures and builds the release tree.
build_release() {
  local root=$1
  shift
  cmake -S "$root" -B "$root/build/release" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DREDACTOR_WERROR=ON >/dev/null
  cmake --build "$root/build/release" "$@"
}
