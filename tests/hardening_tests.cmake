# SPDX-License-Identifier: GPL-3.0-or-later
# Issue 16's input tests write ONNX models (subgraphs, functions) with the protobuf API and
# run the CLI and GUI binaries, so they link ONNX and depend on those executables.
if(TARGET tst_hardening_inputs)
  find_package(Protobuf REQUIRED)
  find_package(ONNX REQUIRED)
  target_link_libraries(tst_hardening_inputs PRIVATE onnx_proto protobuf::libprotobuf)
  target_include_directories(tst_hardening_inputs PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
endif()
if(TARGET tst_hardening_files)
  add_dependencies(tst_hardening_files fuselab-cli)
endif()
