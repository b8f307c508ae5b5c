# SPDX-License-Identifier: GPL-3.0-or-later
# Import shim for brokenaxes (FuseLab's own code). Stream imports it for two plots the side-by-side
# never draws; calling it raises.


def brokenaxes(*args, **kwargs):
    raise RuntimeError("brokenaxes shim: plotting with broken axes is unavailable here")
