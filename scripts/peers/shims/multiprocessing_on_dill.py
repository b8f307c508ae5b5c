# SPDX-License-Identifier: GPL-3.0-or-later
# Import shim for multiprocessing_on_dill (FuseLab's own code). ZigZag's SALSA mapper imports it;
# Stream uses LOMA, so the standard library's multiprocessing stands in (it pickles with pickle,
# not dill, which only matters for SALSA's lambdas).
from multiprocessing import *  # noqa: F401,F403
from multiprocessing import Process, Queue  # noqa: F401
