# SPDX-License-Identifier: GPL-3.0-or-later
# A sweep as a job array on a real one-node Slurm started by the test (tests/slurm/): the
# README's Slurm blocks, run as written. Label slurm; skipped (exit 77, with the reason) without
# root or the Slurm programs. Not in sanitizer builds (the jobs run the plain CLI's work).
if(NOT FUSELAB_SANITIZE)
  add_test(NAME slurm_sweep
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/slurm/slurm_sweep.sh $<TARGET_FILE:fuselab-cli> ${PROJECT_SOURCE_DIR})
  set_tests_properties(slurm_sweep PROPERTIES LABELS slurm TIMEOUT 360 SKIP_RETURN_CODE 77 RUN_SERIAL TRUE)
endif()
