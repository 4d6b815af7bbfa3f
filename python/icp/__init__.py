"""icp for Python: decide B2B accounts with an ideal customer profile written in icp.

Compile a profile (``icp.compile``) or load a built ``.icpb`` (``icp.load``), then decide
records one at a time (``Program.decide``), many at once on several threads
(``Program.decide_many``), a pandas DataFrame (``Program.decide_frame``) or a Dask collection
across a cluster (``icp.dask.decide``). Every decision is the one ``icpc eval`` makes for
the same program, record and date. docs/python.md is the guide.
"""

from icp._icp import Decisions, Program, __version__, compile, load, reference_data_version
from icp._types import CompileError, CompileWarning, Diagnostic, Error, Field, LoadError, RecordError
from icp._frame import decide_frame

Program.decide_frame = decide_frame  # written in Python (pandas), a method like the others

__all__ = [
    "CompileError",
    "CompileWarning",
    "Decisions",
    "Diagnostic",
    "Error",
    "Field",
    "LoadError",
    "Program",
    "RecordError",
    "__version__",
    "compile",
    "load",
    "reference_data_version",
]
