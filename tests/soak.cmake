# SPDX-License-Identifier: GPL-3.0-or-later
# The soak test (tests/soak/fuselab_soak.cpp): the main window driven by a random script for
# --minutes, failing on RSS growth beyond 10 % after warm-up. Not in CI (label "soak", which
# the test command excludes); run it by hand, see README.md "Soak test":
#   build/tests/fuselab_soak --minutes 60
# `ctest -L soak` runs a two-minute version.
if(FUSELAB_BUILD_GUI)
  add_executable(fuselab_soak ${CMAKE_CURRENT_SOURCE_DIR}/soak/fuselab_soak.cpp)
  target_link_libraries(fuselab_soak PRIVATE fuselab_core fuselab_widgets fuselab_app_lib Qt6::Test)
  set_target_properties(fuselab_soak PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  add_test(NAME soak_short COMMAND fuselab_soak --minutes 2 --warmup-minutes 0.5)
  set_tests_properties(soak_short PROPERTIES LABELS "soak" TIMEOUT 600 ENVIRONMENT "QT_QPA_PLATFORM=offscreen")
endif()
