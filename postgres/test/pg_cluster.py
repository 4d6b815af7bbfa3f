"""A private PostgreSQL 15 server for the icp extension's tests and its benchmark.

Input: the build folder, whose postgres/stage holds the extension as `make install DESTDIR=`
put it. Output: a running server (initdb into a temporary folder, pg_ctl on a Unix socket and
no TCP) that finds a copy of the extension through Debian's `extension_destdir`, and psql to
talk to it.
Everything it starts it stops, and it removes its folder.

initdb refuses to run as root: as root, the server's commands run as the `postgres` system
user (Debian's postgresql-common creates it) through runuser, and the folder is theirs; the
client (psql) stays root, connecting as the database role `icp_tester` over the socket.
"""

import os
import pwd
import shutil
import subprocess
import tempfile

BINDIR = "/usr/lib/postgresql/15/bin"
ROLE = "icp_tester"  # not "icp": "$user" in the search_path would then name the schema icp


class ClusterError(Exception):
    pass


class Cluster:
    def __init__(self, build_dir, settings=None, name="icp-pg-", stage=None):
        self.stage = stage or os.path.join(os.path.abspath(build_dir), "postgres", "stage")
        if not os.path.exists(os.path.join(self.stage, "usr/share/postgresql/15/extension/icp.control")):
            raise ClusterError(f"the extension is not staged in {self.stage}: build the target icp_postgres")
        self.settings = dict(settings or {})
        self.root = tempfile.mkdtemp(prefix=name)  # short: a socket path must fit in 107 bytes
        self.data = os.path.join(self.root, "data")
        self.socket_dir = os.path.join(self.root, "socket")
        self.log = os.path.join(self.root, "server.log")
        self.server_user = None
        if os.geteuid() == 0:
            try:
                self.server_user = pwd.getpwnam("postgres")
            except KeyError:
                raise ClusterError("running as root, but there is no `postgres` user to run the server as "
                                   "(it comes with Debian's postgresql-common)")
        self.started = False

    # --- the server -------------------------------------------------------------------------

    def _as_server_user(self, argv):
        if self.server_user is None:
            return argv
        return ["runuser", "-u", self.server_user.pw_name, "--"] + argv

    def _run_server_command(self, argv):
        result = subprocess.run(self._as_server_user(argv), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True)
        if result.returncode != 0:
            raise ClusterError(f"{' '.join(argv[:2])} failed ({result.returncode}):\n{result.stdout}{self.server_log()}")

    def start(self):
        os.mkdir(self.socket_dir)
        # A copy of the staged extension inside the server's own folder: the server user may
        # not be able to read the build folder (a home directory, say).
        stage = os.path.join(self.root, "stage")
        shutil.copytree(self.stage, stage)
        if self.server_user is not None:
            os.chmod(self.root, 0o755)
            for path in (self.root, self.socket_dir):
                os.chown(path, self.server_user.pw_uid, self.server_user.pw_gid)
        # UTF8, which CREATE EXTENSION icp requires; trust on the socket only, which no one
        # but this machine's users reach, and nothing over TCP.
        self._run_server_command([f"{BINDIR}/initdb", "-D", self.data, "-U", ROLE, "-E", "UTF8", "--locale=C",
                                  "--auth-local=trust", "--auth-host=reject", "--no-sync"])
        settings = {
            "listen_addresses": "''",
            "unix_socket_directories": f"'{self.socket_dir}'",
            # Debian's patch: CREATE EXTENSION and LOAD look under this prefix first.
            "extension_destdir": f"'{stage}'",
            # A throwaway server: durability costs time and buys nothing here.
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
        }
        settings.update(self.settings)
        with open(os.path.join(self.data, "postgresql.conf"), "a") as conf:
            conf.write("\n# tests: postgres/test/pg_cluster.py\n")
            for key, value in settings.items():
                conf.write(f"{key} = {value}\n")
        self._run_server_command([f"{BINDIR}/pg_ctl", "-D", self.data, "-l", self.log, "-w", "-t", "60", "start"])
        self.started = True

    def stop(self):
        if self.started:
            self.started = False
            self._run_server_command([f"{BINDIR}/pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop"])
        shutil.rmtree(self.root, ignore_errors=True)

    def server_log(self):
        try:
            with open(self.log) as f:
                return f.read()
        except OSError:
            return ""

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    # --- clients ----------------------------------------------------------------------------

    def environment(self, database="postgres"):
        """libpq's variables for this server: psql and pg_regress need nothing else."""
        env = dict(os.environ)
        env.update(PGHOST=self.socket_dir, PGPORT="5432", PGUSER=ROLE, PGDATABASE=database)
        return env

    def psql(self, sql, database="postgres", check=True, extra=()):
        """Runs `sql` in one psql (stops at the first error when check); returns stdout, and
        raises ClusterError with stderr when check and psql fails."""
        argv = ["psql", "-X", "-q", "-A", "-t", "-v", f"ON_ERROR_STOP={1 if check else 0}", *extra]
        result = subprocess.run(argv, input=sql, env=self.environment(database), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        if check and result.returncode != 0:
            raise ClusterError(f"psql failed ({result.returncode}): {result.stderr}")
        return result.stdout if check else (result.returncode, result.stdout, result.stderr)

    def create_database(self, name):
        self.psql(f"CREATE DATABASE {name};")

    def copy_in(self, database, target, rows):
        """Streams rows (text-format lines, fields separated by tabs, see copy_text) into
        `target` ("table (columns)") with COPY FROM STDIN: through the client, so the server
        needs no access to any file, and without holding the rows in memory."""
        argv = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", f"COPY {target} FROM STDIN"]
        process = subprocess.Popen(argv, stdin=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   env=self.environment(database))
        try:
            for row in rows:
                process.stdin.write(row)
                process.stdin.write("\n")
            process.stdin.close()
        except BrokenPipeError:
            pass
        error = process.stderr.read()
        if process.wait() != 0:
            raise ClusterError(f"COPY {target} failed: {error}")


def copy_text(value):
    """A field of COPY's text format: backslash, tab and line breaks escaped."""
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def jsonl_rows(path):
    """(line number, the line) of a JSON Lines file as COPY rows, for a table (line int, account jsonb)."""
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            yield f"{number}\t{copy_text(line.rstrip(chr(10)))}"
