# SPDX-License-Identifier: GPL-3.0-or-later
# The .deb built from this tree, unpacked into a scratch root and checked (tests/package/):
# label package. Needs the app and the CLI built (both are in `all`).
if(FUSELAB_BUILD_GUI AND NOT FUSELAB_SANITIZE)
  add_test(NAME package_deb
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/package/check_deb.sh ${PROJECT_BINARY_DIR} ${PROJECT_VERSION})
  set_tests_properties(package_deb PROPERTIES LABELS package TIMEOUT 900)
endif()
