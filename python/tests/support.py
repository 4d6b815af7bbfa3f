"""What the Python package's tests share: where things are (from ctest's environment), running
icpc, and the example data. Input: ICP_ICPC, ICP_SOURCE_DIR, ICP_GENERATOR. Output: helpers."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import List, Optional

ICPC = os.environ.get("ICP_ICPC", "icpc")
SOURCE = Path(os.environ.get("ICP_SOURCE_DIR", Path(__file__).resolve().parents[2]))
GENERATOR: Optional[str] = os.environ.get("ICP_GENERATOR") or None
EXAMPLES = SOURCE / "examples"
AS_OF = "2026-11-22"

# Each example profile and its sample accounts (one mid-market record is malformed on purpose).
EXAMPLE_DATA = [
    (EXAMPLES / "mid-market-security.icp", EXAMPLES / "data" / "mid-market-accounts.jsonl"),
    (EXAMPLES / "plg-smb.icp", EXAMPLES / "data" / "plg-smb-accounts.jsonl"),
    (EXAMPLES / "enterprise-platform.icp", EXAMPLES / "data" / "enterprise-accounts.jsonl"),
]


def icpc(*args: str, check: bool = True, input: Optional[bytes] = None) -> subprocess.CompletedProcess:
    """Runs icpc; exit 1 (rejected records) counts as success unless check is False."""
    result = subprocess.run([ICPC, *map(str, args)], capture_output=True, input=input)
    if check and result.returncode not in (0, 1):
        raise AssertionError(f"icpc {' '.join(map(str, args))}: exit {result.returncode}\n{result.stderr.decode()}")
    return result


def eval_lines(profile: Path, data: Path, *extra: str, as_of: str = AS_OF) -> bytes:
    """`icpc eval`'s decision lines, the reference every test compares with."""
    return icpc("eval", profile, "--input", data, "--as-of", as_of, *extra).stdout


def eval_dicts(profile: Path, data: Path, *extra: str) -> List[dict]:
    return [json.loads(line) for line in eval_lines(profile, data, *extra).splitlines()]
