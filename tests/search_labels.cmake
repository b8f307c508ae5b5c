# SPDX-License-Identifier: GPL-3.0-or-later
# The cancellation tests (100 start/cancel cycles of a threaded search, thread count checked):
# label "cancel" so a sanitizer job can run just them, e.g.
#   cmake -S . -B build-asan -G Ninja -DFUSELAB_SANITIZE=address,undefined
#   cmake --build build-asan && ctest --test-dir build-asan -L cancel
# The other multi-threaded search tests have the label "search"; the ThreadSanitizer stage
# (scripts/fuselab.sh, stage_tsan) runs both labels. They stay in the default test run too.
set_tests_properties(tst_worker_pool tst_nsga2 tst_explorer PROPERTIES LABELS "cancel;search")
set_tests_properties(tst_partition_dp tst_sweep tst_studies tst_group_eval tst_pin_selection tst_pareto
                     tst_explore_repeated_blocks
                     PROPERTIES LABELS "search")
