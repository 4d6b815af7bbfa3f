"""Deciding a Dask collection on a cluster: icp.dask.decide(collection, program, as_of).

Input: a Dask bag of records (dicts, or their JSON text such as the lines of
``dask.bag.read_text``) or a Dask DataFrame of accounts, a Program and the as-of date.
Output: the same kind of collection, lazy, decided partition by partition on the workers: a
bag of decisions (dicts, or decision lines with ``output="json"``) with each rejected
record's icp.RecordError in its place, or a DataFrame of decision columns as
Program.decide_frame gives. The program travels as its artifact bytes, inside the tasks,
and each worker process loads it once.
"""

from __future__ import annotations

import datetime
import threading
from typing import Any, Dict, List, Union

from icp._icp import Program, load

_programs: Dict[str, Program] = {}  # this worker process's loaded programs, by id
_loads = 0  # how many times this process loaded an artifact (the tests read it)
_lock = threading.Lock()


def decide(collection: Any, program: Program, as_of: Union[datetime.date, str], *, threads: int = 1,
           audit: bool = False, output: str = "dict") -> Any:
    """Decides every record of a Dask bag or DataFrame with ``program`` as of ``as_of``.

    A bag's partitions go through Program.decide_many on the workers, so its elements are
    dicts or JSON text; the result is a bag of decisions in the same order, each a dict
    (``output="dict"``) or the decision line `icpc eval` writes, without its line break
    (``output="json"``, ready for ``Bag.to_textfiles``), and an icp.RecordError in the place
    of each rejected record. A DataFrame's partitions go through Program.decide_frame; the
    result is a DataFrame of its columns, on the same index.

    The program travels as its artifact bytes inside each task (a few KiB), and a worker
    loads it once per process, whatever the number of partitions. ``threads`` is the threads each task
    decides on (leave it 1 when a worker already runs a task per core).
    """
    if output not in ("dict", "json"):
        raise ValueError(f'output: expected "dict" or "json", found {output!r}')
    import dask
    import dask.bag
    import dask.dataframe

    day = as_of.isoformat() if isinstance(as_of, datetime.date) else str(as_of)
    datetime.date.fromisoformat(day)  # a bad date fails here, not on every worker
    # The artifact travels inside each task, as bytes (a few KiB): a task then depends on its
    # partition alone, so Dask can fuse reading, deciding and what follows into one task per
    # partition. As a graph key of its own (dask.delayed) it would be a second dependency of
    # every task, which stops that fusion and lets the scheduler place a task away from its
    # partition.
    artifact = program.to_bytes()
    if isinstance(collection, dask.bag.Bag):
        return collection.map_partitions(_decide_records, program.id, artifact, day, threads, audit, output)
    if isinstance(collection, dask.dataframe.DataFrame):
        meta = program.decide_frame(collection._meta, day, audit=audit)
        return collection.map_partitions(_decide_frame, program.id, artifact, day, threads, audit, meta=meta)
    raise TypeError(f"icp.dask.decide: expected a dask.bag.Bag or a dask.dataframe.DataFrame, "
                    f"found a {type(collection).__qualname__}")


def program_on_worker(program_id: str, artifact: bytes) -> Program:
    """The program of this id, loaded from ``artifact`` the first time a process asks."""
    global _loads
    with _lock:
        program = _programs.get(program_id)
        if program is None:
            program = load(artifact)
            if program.id != program_id:
                raise ValueError(f"the artifact shipped is {program.id}, not {program_id}")
            _programs[program_id] = program
            _loads += 1
        return program


def _decide_records(records: Any, program_id: str, artifact: bytes, as_of: str, threads: int, audit: bool,
                    output: str) -> List[Any]:
    program = program_on_worker(program_id, artifact)
    decisions = program.decide_many(records, as_of, threads=threads, audit=audit)
    if output == "dict":
        return list(decisions)
    lines = iter(decisions.json_lines().decode().splitlines())
    errors = iter(decisions.errors)
    return [next(errors) if isinstance(item, Exception) else next(lines) for item in _kinds(decisions)]


def _kinds(decisions: Any) -> List[Any]:
    """The order of decisions and rejections, without making a dict per decision."""
    kinds: List[Any] = [None] * len(decisions)
    for error in decisions.errors:
        kinds[error.line - 1] = error
    return kinds


def _decide_frame(frame: Any, program_id: str, artifact: bytes, as_of: str, threads: int, audit: bool) -> Any:
    return program_on_worker(program_id, artifact).decide_frame(frame, as_of, threads=threads, audit=audit)
