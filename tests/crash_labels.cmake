# SPDX-License-Identifier: GPL-3.0-or-later
# Crash-safety tests (issue 7 §3): label "crash". tst_project_file's 100 SIGKILLs of a saving
# child take ~20 s on an idle 2-core machine (about a minute when the machine is busy), so it
# is also labelled "long": `ctest -LE long` skips it, `ctest -L crash` runs the crash tests only.
# They stay in the default test run.
set_tests_properties(tst_project_file PROPERTIES LABELS "crash;long")
set_tests_properties(tst_cli_explore_kill PROPERTIES LABELS "crash")
if(TEST tst_gui_autosave)
  set_tests_properties(tst_gui_autosave PROPERTIES LABELS "crash")
endif()
