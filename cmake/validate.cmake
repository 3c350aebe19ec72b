# JSON Schema validator (issue 7): the odpschema library (lib/jsonschema*.c on
# jansson and PCRE2), the odp-validate executable, its benchmark and tests.
# PCRE2 and libidn2 are found from scripts/deps.txt (CMakeLists.txt). libidn2
# checks internationalised host names (IDNA2008) for the hostname /
# idn-hostname / idn-email formats.

# The validator is part of the shared library (lib/): the pipeline file is
# checked against its schema there, and transform validates every record.
# "odpschema" remains as a name for what links the validator.
target_sources(odpcore PRIVATE
  lib/jsonschema_registry.c lib/jsonschema_index.c lib/jsonschema_compile.c
  lib/jsonschema_validate.c lib/jsonschema_value.c lib/jsonschema_errors.c lib/jsonschema_fields.c
  lib/jsonschema_eval.c
  lib/jsonschema_map.c lib/jsonschema_regex.c lib/jsonschema_format.c lib/jsonschema_format_host.c)
target_link_libraries(odpcore PUBLIC PkgConfig::PCRE2 m)
if(IDN2_FOUND)
  target_link_libraries(odpcore PRIVATE PkgConfig::IDN2)
  set_source_files_properties(lib/jsonschema_format_host.c PROPERTIES
                              COMPILE_DEFINITIONS JSONSCHEMA_HAVE_IDN2=1)
endif()
add_library(odpschema INTERFACE)
target_link_libraries(odpschema INTERFACE odpcore)

add_executable(odp-validate odp/validate.c)
target_link_libraries(odp-validate odpschema)
install(TARGETS odp-validate RUNTIME DESTINATION bin)

add_executable(bench-validate bench/validate/bench_validate.c)
target_link_libraries(bench-validate odpschema)
add_executable(bench-validate-file bench/validate/bench_file.c)  # bench/validate/run.sh
target_link_libraries(bench-validate-file odpschema)

if(ODP_TESTS)
  enable_testing()  # before the subdirectory, so ctest sees its tests
  add_subdirectory(${PROJECT_SOURCE_DIR}/tests/schema ${CMAKE_BINARY_DIR}/tests/schema)
endif()
