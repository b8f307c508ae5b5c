# SPDX-License-Identifier: GPL-3.0-or-later
# Debian's python3-typeguard (2.2) predates `typeguard_ignore`, which ZigZag 3.8 imports as a
# decorator that turns type checking off for one function. ZigZag never enables checking, so the
# identity decorator is the same behaviour.
import typeguard

if not hasattr(typeguard, "typeguard_ignore"):
    def typeguard_ignore(f):
        return f

    typeguard.typeguard_ignore = typeguard_ignore
