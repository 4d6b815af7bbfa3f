"""The package as `cmake --install` lays it out: installed into a temporary prefix, imported
from PREFIX/lib/python3/dist-packages (docs/python.md "Install") by a fresh Debian python3
that sees nothing of the build, and deciding as icpc eval does. Input: ICP_CMAKE and
ICP_BUILD_DIR. Output: unittest results; exit 77 (skipped) without them."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

from support import AS_OF, EXAMPLES, eval_lines

CMAKE = os.environ.get("ICP_CMAKE")
BUILD = os.environ.get("ICP_BUILD_DIR")

CHECK = """
import sys, icp
assert icp.__file__.startswith(sys.argv[1]), icp.__file__
program = icp.compile(sys.argv[2])
sys.stdout.buffer.write(program.decide_many(sys.argv[3], sys.argv[4]).json_lines())
"""


class InstallTest(unittest.TestCase):
    def test_the_installed_package_imports_and_decides(self):
        with tempfile.TemporaryDirectory() as prefix:
            subprocess.run([CMAKE, "--install", BUILD, "--prefix", prefix], check=True, stdout=subprocess.DEVNULL)
            package = Path(prefix) / "lib" / "python3" / "dist-packages" / "icp"
            installed = sorted(path.name for path in package.iterdir())
            self.assertEqual([name for name in installed if not name.startswith("_icp.")],
                             ["__init__.py", "_frame.py", "_types.py", "dask.py", "py.typed"])
            self.assertEqual(len([name for name in installed if name.startswith("_icp.") and name.endswith(".so")]), 1)
            self.assertIn("_icp.pyi", installed)
            profile, data = EXAMPLES / "mid-market-security.icp", EXAMPLES / "data" / "mid-market-accounts.jsonl"
            environment = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(package.parent), "PYTHONNOUSERSITE": "1"}
            result = subprocess.run([sys.executable, "-c", CHECK, str(package), str(profile),
                                     str(data), AS_OF], capture_output=True, env=environment, cwd=prefix)
            self.assertEqual(result.returncode, 0, result.stderr.decode())
            self.assertEqual(result.stdout, eval_lines(profile, data))


if __name__ == "__main__":
    if not CMAKE or not BUILD:
        print("SKIP: ICP_CMAKE and ICP_BUILD_DIR name cmake and the build folder (ctest sets them)")
        sys.exit(77)
    unittest.main()
