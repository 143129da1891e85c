# Every third-party dependency comes from Debian 12 packages
# (deploy/install-deps.sh). Some ship no usable CMake target, so they are
# wrapped here once as imported targets.
find_package(Threads REQUIRED)

# hiredis 0.14: the version argument is mandatory (its version file splits an
# empty PACKAGE_FIND_VERSION otherwise), and the config defines no target.
find_package(Hiredis 0.14 REQUIRED)
if(NOT TARGET hiredis::hiredis)
  add_library(hiredis::hiredis INTERFACE IMPORTED)
  set_target_properties(hiredis::hiredis PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${HIREDIS_INCLUDE_DIRS}"
    INTERFACE_LINK_LIBRARIES "${HIREDIS_LIBRARIES}")
endif()

# CAF 0.17.6 ships neither a CMake config nor a .pc file: wrap it by name.
# Only caf_core is used; the engine does its own networking.
find_path(CAF_INCLUDE_DIR caf/all.hpp REQUIRED)
find_library(CAF_CORE_LIB caf_core REQUIRED)
if(NOT TARGET caf::core)
  add_library(caf::core INTERFACE IMPORTED)
  set_target_properties(caf::core PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${CAF_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${CAF_CORE_LIB};Threads::Threads")
endif()

find_package(boost_json 1.81 REQUIRED CONFIG)

# OpenSSL 3: TLS on the connection's own non-blocking socket (hiredis stays
# the RESP codec only).
find_package(OpenSSL 3 REQUIRED)

# prometheus-cpp 1.0.1 ships no version file: no version argument. Only its
# core (data model, text format) is used. /metrics, /healthz and
# /asyncapi.json are served on the engine's own I/O loop
# (metrics/http_server): prometheus-cpp's Exposer cannot serve a second
# route, and the civetweb it is built on, as Debian builds it, has no IPv6.
find_package(prometheus-cpp REQUIRED CONFIG)

if(REDACTOR_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(REDACTOR_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
