# Type stub of the native module icp._icp (python/src/*.cpp); the package icp re-exports it.
# KEEP IN SYNC: the bindings' signatures in python/src/program.cpp, batch.cpp, decisions.cpp.
import datetime
import os
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Tuple, Union, overload

import pandas

from icp._types import Field, RecordError

__version__: str

_Date = Union[datetime.date, str]
_Path = Union[str, "os.PathLike[str]"]
_Record = Union[Mapping[str, Any], str, bytes]
_Decision = Dict[str, Any]

def reference_data_version() -> str:
    """The code lists records are validated with (NAICS 2022, ISO 3166-1 alpha-2)."""

def load(path_or_bytes: Union[_Path, bytes, bytearray, memoryview]) -> Program:
    """Loads and verifies a built .icpb artifact; raises icp.LoadError."""

def compile(path_or_source: _Path, manifest: Optional[_Path] = None, *, name: Optional[str] = None,
            today: Optional[_Date] = None, deny_warnings: bool = False) -> Program:
    """Compiles a profile (a path, or source text holding a line break); raises icp.CompileError."""

class Program:
    """A compiled profile, ready to decide accounts; shared freely across threads."""

    @property
    def id(self) -> str: ...
    @property
    def profile(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def owner(self) -> str: ...
    @property
    def schema(self) -> Tuple[Field, ...]: ...
    @property
    def signal_types(self) -> Tuple[str, ...]: ...
    def to_bytes(self) -> bytes: ...
    def decide(self, record: _Record, as_of: _Date, audit: bool = False) -> _Decision:
        """One record's decision as a dict; raises icp.RecordError for a rejected record."""
    def decide_many(self, records: Union[bytes, bytearray, memoryview, _Path, Iterable[_Record]], as_of: _Date, *,
                    threads: int = 1, audit: bool = False, format: Optional[str] = None,
                    signals: Optional[_Path] = None, contacts: Optional[_Path] = None) -> Decisions:
        """Many records on `threads` threads, in input order, rejections in place."""
    def decide_frame(self, frame: pandas.DataFrame, as_of: _Date, *, threads: int = 1,
                     audit: bool = False) -> pandas.DataFrame:
        """A DataFrame of accounts -> a DataFrame of decision columns, on the same index."""
    def __reduce__(self) -> Tuple[Any, Tuple[bytes]]: ...
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

class Decisions:
    """decide_many's results: a sequence of decision dicts and, in place, icp.RecordError values."""

    def __len__(self) -> int: ...
    @overload
    def __getitem__(self, index: int) -> Union[_Decision, RecordError]: ...
    @overload
    def __getitem__(self, index: slice) -> List[Union[_Decision, RecordError]]: ...
    def __iter__(self) -> Iterator[Union[_Decision, RecordError]]: ...
    @property
    def decided(self) -> int: ...
    @property
    def rejected(self) -> int: ...
    @property
    def errors(self) -> List[RecordError]: ...
    @property
    def side_file_errors(self) -> List[Dict[str, Any]]: ...
    def json_lines(self) -> bytes:
        """The decision lines, byte for byte what `icpc eval` writes."""

def _frame_json_lines(program: Program, names: List[str], columns: List[List[Any]], rows: int) -> bytes: ...
