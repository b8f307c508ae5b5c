# SPDX-License-Identifier: GPL-3.0-or-later
# Import shim for gurobipy (FuseLab's own code, not Gurobi's). Stream's api.py imports gurobipy at
# module level for its constraint-optimisation flow; the GA flow FuseLab compares with never calls
# it. Any use raises, so a run that would need Gurobi fails loudly instead of silently differing.


class GurobiError(Exception):
    def __init__(self, message="gurobipy is a shim here: the constraint-optimisation flow is unavailable"):
        super().__init__(message)
        self.errno = -1
        self.message = message


class _Unavailable:
    def __getattr__(self, name):
        raise GurobiError(f"gurobipy shim: {name} used; only Stream's GA flow runs here")

    def __call__(self, *args, **kwargs):
        raise GurobiError()


GRB = _Unavailable()
Model = _Unavailable()
quicksum = _Unavailable()
