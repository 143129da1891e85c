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

find_package(boost_json 1.81 REQUIRED CONFIG)

if(REDACTOR_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(REDACTOR_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
