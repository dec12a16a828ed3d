"""EcommerceLake's one generic PySpark driver: types one land batch into one raw batch with a stream spec.

Usage::

    lake_driver.py --spec <uri> --land <batch uri> --raw <batch uri> --run-id <guid>
                   [--part-rows N] [--mode auto|spark|local]

* ``--spec``: the stream spec JSON, the same file the in-process engine uses
  (``shared/EcommerceLake.Streams/Specs/{source}.{stream}.json``), usually staged next to this driver.
* ``--land``: the finished land batch folder (``…/land/{source}/{stream}/{run}``; its ``_manifest.json`` must exist).
* ``--raw``: the raw batch folder to write (``…/raw/{table}/ingest_date=YYYY-MM-DD/{run}``), in the same lake as the
  land batch (the lake root is what precedes ``land/…`` in ``--land``; manifest paths are relative to it).
* ``--run-id``: the run's GUID, written to the raw manifest.
* ``--part-rows``: rows per raw part file, default 250000 (``Lake:PartRows``).
* ``--mode``: ``auto`` (default) uses Spark when ``pyspark`` can be imported, ``local`` otherwise.

What it writes is byte-for-byte what the in-process engine (``InProcessProcessingEngine``) writes, except the gzip
encoding of the parts (so their ``sha256``/``bytes``, which describe the stored files) and ``createdAt``: the same
``part-NNNNN.csv.gz`` split, the same CSV text (header ``_op,_change_version,<spec columns>``, null = empty unquoted,
empty string = ``""``, ``\\n`` line ends), the same ``_quarantine.ndjson`` lines (``part-00000 row 42``, reason,
the land record as JSON), and ``_manifest.json`` last with the same fields (offsets copied from land;
``isFullSnapshot`` only when land was a full snapshot and nothing was quarantined in land or here). The typing
rules live in ``lake_typing.py`` (ship it as a python file of the job) and match the C# ValueNormalizer and
RawRecordTyper, error texts included.

Two IO modes:

* Spark (on Dataproc): every land part is read on an executor (``sc.binaryFiles``, one partition per part, in
  manifest order), checked against its SHA-256 and typed there; the driver streams the typed records back
  (``toLocalIterator``, partition after partition, so the order is the land order) and writes the parts, the
  quarantine and the manifest through the Hadoop FileSystem API of the JVM (``gs://`` through the Cloud Storage
  connector), creating every object without overwrite and the manifest last.
* Local (tests, development): the same functions run one after the other in this process on plain paths or
  ``file://`` URIs; ``gs://bucket/name`` is read as ``$LAKE_DRIVER_GCS_ROOT/bucket/name`` when that variable is set
  (the file-backed fake Cloud Storage uses that layout).

Exit codes: 0 done (a JSON summary line on stdout: rawBatch, rowCount, quarantinedCount, isFullSnapshot);
1 failed (missing land manifest, a spec column missing from land, a land part whose SHA-256 does not match, an
unreadable part, a storage error); 2 bad arguments; 3 the raw batch is already finished (its manifest exists; nothing
was touched). Every failure prints one ``lake_driver: error: …`` line on stderr.
"""

import argparse
import json
import os
import sys
import tempfile
import uuid
from datetime import datetime, timezone
from urllib.parse import unquote, urlparse

import lake_typing as lt

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_FINISHED = 0, 1, 2, 3
MANIFEST = "_manifest.json"
QUARANTINE = "_quarantine.ndjson"
DEFAULT_PART_ROWS = 250000
_WRITE_CHUNK = 8 * 1024 * 1024


class DriverError(Exception):
    """A failure with a message for the operator."""


class BatchFinishedError(DriverError):
    """The raw batch already has its manifest."""


class ObjectExistsError(DriverError):
    """A finished lake object would be overwritten."""


def _log(message):
    sys.stderr.write("lake_driver: %s\n" % message)
    sys.stderr.flush()


def join(base, name):
    return base.rstrip("/") + "/" + name


# --------------------------------------------------------------------------------------------------------------
# Storage


class LocalStorage:
    """Plain paths, ``file://`` URIs, and ``gs://bucket/name`` under ``$LAKE_DRIVER_GCS_ROOT``."""

    def __init__(self, gcs_root):
        self._gcs_root = gcs_root

    def resolve(self, uri):
        parsed = urlparse(uri)
        if parsed.scheme == "file":
            return unquote(parsed.path)
        if parsed.scheme == "gs":
            if not self._gcs_root:
                raise DriverError("'%s' is a Cloud Storage URI: run on Spark, or set LAKE_DRIVER_GCS_ROOT to a "
                                  "directory that holds the buckets" % uri)
            return os.path.join(self._gcs_root, parsed.netloc, *unquote(parsed.path).lstrip("/").split("/"))
        if parsed.scheme and len(parsed.scheme) > 1:
            raise DriverError("'%s': local mode reads plain paths, file:// and gs:// URIs only" % uri)
        return uri

    def exists(self, uri):
        return os.path.isfile(self.resolve(uri))

    def read(self, uri):
        path = self.resolve(uri)
        try:
            with open(path, "rb") as f:
                return f.read()
        except FileNotFoundError:
            raise DriverError("Lake object '%s' does not exist." % uri)

    def put(self, uri, data):
        """Writes a new object beside its final path, then links it into place without overwrite."""
        target = self.resolve(uri)
        if os.path.exists(target):
            raise ObjectExistsError("Lake object '%s' already exists; finished objects are never overwritten." % uri)
        directory = os.path.dirname(target) or "."
        os.makedirs(directory, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=directory, prefix=os.path.basename(target) + ".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            try:
                os.link(temp, target)
            except FileExistsError:
                raise ObjectExistsError(
                    "Lake object '%s' already exists; finished objects are never overwritten." % uri)
        finally:
            os.unlink(temp)

    def delete_tree(self, uri):
        import shutil
        path = self.resolve(uri)
        if os.path.isdir(path):
            shutil.rmtree(path)
        elif os.path.isfile(path):
            os.unlink(path)


class HadoopStorage:
    """The Hadoop FileSystem API of the Spark driver's JVM (``gs://`` through the Cloud Storage connector)."""

    def __init__(self, spark_context):
        self._jvm = spark_context._jvm
        self._conf = spark_context._jsc.hadoopConfiguration()

    def _path(self, uri):
        path = self._jvm.org.apache.hadoop.fs.Path(uri)
        return path, path.getFileSystem(self._conf)

    def exists(self, uri):
        path, fs = self._path(uri)
        return bool(fs.exists(path)) and bool(fs.isFile(path))

    def read(self, uri):
        path, fs = self._path(uri)
        if not fs.exists(path):
            raise DriverError("Lake object '%s' does not exist." % uri)
        stream = fs.open(path)
        try:
            return bytes(self._jvm.org.apache.commons.io.IOUtils.toByteArray(stream))
        finally:
            stream.close()

    def put(self, uri, data):
        path, fs = self._path(uri)
        if fs.exists(path):
            raise ObjectExistsError("Lake object '%s' already exists; finished objects are never overwritten." % uri)
        out = fs.create(path, False)  # overwrite = false: the connector creates with ifGenerationMatch=0
        try:
            for offset in range(0, len(data), _WRITE_CHUNK):
                out.write(bytearray(data[offset:offset + _WRITE_CHUNK]))
        finally:
            out.close()

    def delete_tree(self, uri):
        path, fs = self._path(uri)
        if fs.exists(path):
            fs.delete(path, True)


# --------------------------------------------------------------------------------------------------------------
# The raw batch writer (LakeBatchWriter)


class RawBatchWriter:
    """Parts of at most ``part_rows`` rows, the quarantine, then the manifest last."""

    def __init__(self, storage, batch_uri, batch_path, columns, part_rows):
        self._storage = storage
        self._uri = batch_uri.rstrip("/")
        self._path = batch_path.rstrip("/")
        self.columns = list(columns)
        self._part_rows = part_rows
        self._pending = []
        self._parts = []
        self._quarantine = []
        self._rows = 0

    @property
    def quarantined_count(self):
        return len(self._quarantine)

    def write(self, record):
        if len(record) != len(self.columns):
            raise DriverError("Record has %d values; the batch has %d columns." % (len(record), len(self.columns)))
        self._pending.append(record)
        if len(self._pending) >= self._part_rows:
            self._flush()

    def quarantine(self, position, reason, content):
        self._quarantine.append(lt.quarantine_line(position, reason, content))

    def complete(self, zone, source, stream, run_id, offset_from, offset_to, is_full_snapshot):
        if self._pending or not self._parts:
            self._flush()
        if self._quarantine:
            self._storage.put(join(self._uri, QUARANTINE), lt.encode_text("".join(self._quarantine)))
        manifest = lt._Object([
            ("zone", zone), ("source", source), ("stream", stream), ("runId", run_id), ("rowCount", self._rows),
            ("parts", [lt._Object([("path", p[0]), ("rowCount", p[1]), ("sha256", p[2]), ("bytes", p[3])])
                       for p in self._parts]),
            ("columns", self.columns), ("offsetFrom", offset_from), ("offsetTo", offset_to),
            ("isFullSnapshot", bool(is_full_snapshot)), ("quarantinedCount", len(self._quarantine)),
            ("createdAt", lt.RawJsonString(_now_text())),
        ])
        self._storage.put(join(self._uri, MANIFEST), lt.encode_text(lt.json_text(manifest)))
        return self._rows

    def _flush(self):
        data = lt.gzip_bytes(lt.encode_text(lt.csv_text(self.columns, self._pending)))
        name = "part-%05d.csv.gz" % len(self._parts)
        self._storage.put(join(self._uri, name), data)
        self._parts.append((join(self._path, name), len(self._pending), lt.sha256_hex(data), len(data)))
        self._rows += len(self._pending)
        self._pending = []


def _now_text():
    """DateTimeOffset.UtcNow as System.Text.Json writes it (ISO 8601, fraction trimmed, +00:00)."""
    now = datetime.now(timezone.utc)
    text = now.strftime("%Y-%m-%dT%H:%M:%S")
    if now.microsecond:
        text += ("." + "%06d" % now.microsecond).rstrip("0")
    return text + "+00:00"


# --------------------------------------------------------------------------------------------------------------
# Land batch


class LandBatch:
    """The land manifest and where its lake root is."""

    def __init__(self, uri, manifest):
        self.uri = uri.rstrip("/")
        self.source = lt._get(manifest, "source")
        self.stream = lt._get(manifest, "stream")
        self.columns = list(lt._get(manifest, "columns") or [])
        self.parts = [(lt._get(p, "path"), lt._get(p, "sha256"), lt._get(p, "rowCount"))
                      for p in lt._get(manifest, "parts") or []]
        self.offset_from = lt._get(manifest, "offsetFrom")
        self.offset_to = lt._get(manifest, "offsetTo")
        self.is_full_snapshot = bool(lt._get(manifest, "isFullSnapshot", False))
        self.quarantined_count = int(lt._get(manifest, "quarantinedCount", 0) or 0)
        if self.parts:
            relative = self.parts[0][0].rsplit("/", 1)[0]
            # LakeBatchWriter stages parts under {batch}/_attempts/{attempt}/: the batch is what precedes that.
            attempts = relative.rfind("/_attempts/")
            if attempts >= 0:
                relative = relative[:attempts]
        else:
            relative = "land/%s/%s/%s" % (self.source, self.stream, self.uri.rsplit("/", 1)[-1])
        if self.uri == relative:
            self.root = ""
        elif self.uri.endswith("/" + relative):
            self.root = self.uri[:len(self.uri) - len(relative)]
        else:
            raise DriverError("Land batch '%s' does not end with its lake path '%s'; cannot find the lake root."
                              % (uri, relative))

    def part_uri(self, path):
        return self.root + path

    def relative(self, uri):
        uri = uri.rstrip("/")
        if not uri.startswith(self.root) or len(uri) == len(self.root):
            raise DriverError("Raw batch '%s' is not in the lake of the land batch (root '%s')." % (uri, self.root))
        return uri[len(self.root):]


def read_land(storage, land_uri):
    manifest_uri = join(land_uri, MANIFEST)
    if not storage.exists(manifest_uri):
        raise DriverError("Lake batch '%s' has no %s; it is unfinished or missing." % (land_uri, MANIFEST))
    try:
        manifest = json.loads(lt.decode_text(storage.read(manifest_uri)))
    except ValueError as error:
        raise DriverError("The manifest of lake batch '%s' is not JSON: %s" % (land_uri, error))
    return LandBatch(land_uri, manifest)


# --------------------------------------------------------------------------------------------------------------
# Typing, in each mode


def typed_local(storage, land, spec):
    """Every land part in order, typed in this process."""
    for path, sha, _ in land.parts:
        data = storage.read(land.part_uri(path))
        for item in lt.type_land_part(path, data, sha, land.columns, spec):
            yield item


def typed_spark(spark_context, land, spec):
    """Every land part typed on the executors; results streamed back in land order."""
    spec_doc = lt.spec_to_dict(spec)
    columns = list(land.columns)
    rdds = []
    for path, sha, _ in land.parts:
        def type_part(pair, path=path, sha=sha):
            import lake_typing
            return lake_typing.type_land_part(path, pair[1], sha, columns, spec_doc)
        rdds.append(spark_context.binaryFiles(land.part_uri(path), minPartitions=1).flatMap(type_part))
    if not rdds:
        return iter(())
    combined = rdds[0] if len(rdds) == 1 else spark_context.union(rdds)
    return combined.toLocalIterator()


def process(storage, typed, spec_uri, land_uri, raw_uri, run_id, part_rows, spark_context=None):
    """Types the land batch into the raw batch; returns the summary written on stdout."""
    spec = lt.load_spec(storage.read(spec_uri))
    land = read_land(storage, land_uri)
    if land.source != spec.source or land.stream != spec.stream:
        raise DriverError("Land batch '%s' holds %s.%s, not %s." % (land_uri, land.source, land.stream, spec.key))
    typer = lt.RecordTyper(spec, land.columns)  # fails early when a spec column is missing from land
    raw_path = land.relative(raw_uri)
    if storage.exists(join(raw_uri, MANIFEST)):
        raise BatchFinishedError("Raw batch '%s' is already finished (its %s exists); nothing was written."
                                 % (raw_uri, MANIFEST))
    storage.delete_tree(raw_uri)  # leftovers of an unfinished attempt
    writer = RawBatchWriter(storage, raw_uri, raw_path, typer.raw_columns, part_rows)
    items = typed(storage, land, spec) if spark_context is None else typed(spark_context, land, spec)
    for item in items:
        if item[0] == "r":
            writer.write(item[1])
        else:
            writer.quarantine(item[1], item[2], item[3])
    rejected = writer.quarantined_count
    is_full_snapshot = land.is_full_snapshot and land.quarantined_count == 0 and rejected == 0
    if land.is_full_snapshot and not is_full_snapshot:
        _log("warning: the full snapshot of %s lost %d record(s) in land and %d in typing; the raw batch is marked "
             "incremental so that no row is deleted downstream for a missing key"
             % (spec.key, land.quarantined_count, rejected))
    rows = writer.complete("raw", spec.source, spec.stream, run_id, land.offset_from, land.offset_to, is_full_snapshot)
    if rejected:
        _log("warning: %d record(s) of %s failed typing and were quarantined in %s"
             % (rejected, spec.key, join(raw_uri, QUARANTINE)))
    return {"rawBatch": raw_uri, "rowCount": rows, "quarantinedCount": rejected, "isFullSnapshot": is_full_snapshot}


# --------------------------------------------------------------------------------------------------------------
# Entry point


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        _log("error: " + message)
        sys.exit(EXIT_USAGE)


def parse_args(argv):
    parser = _Parser(prog="lake_driver.py", description="Types one land batch into one raw batch with a stream spec.")
    parser.add_argument("--spec", required=True, help="stream spec JSON URI")
    parser.add_argument("--land", required=True, help="land batch folder URI")
    parser.add_argument("--raw", required=True, help="raw batch folder URI")
    parser.add_argument("--run-id", required=True, help="run GUID")
    parser.add_argument("--part-rows", type=int, default=DEFAULT_PART_ROWS, help="rows per raw part (default 250000)")
    parser.add_argument("--mode", choices=("auto", "spark", "local"), default="auto")
    args = parser.parse_args(argv)
    try:
        args.run_id = str(uuid.UUID(args.run_id))
    except ValueError:
        parser.error("--run-id: '%s' is not a GUID" % args.run_id)
    if args.part_rows < 1:
        parser.error("--part-rows must be at least 1")
    return args


def _spark_context(mode):
    if mode == "local":
        return None
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        if mode == "spark":
            raise DriverError("--mode spark: pyspark cannot be imported")
        return None
    return SparkSession.builder.appName("lake_driver").getOrCreate().sparkContext


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        spark_context = _spark_context(args.mode)
        if spark_context is None:
            storage, typed = LocalStorage(os.environ.get("LAKE_DRIVER_GCS_ROOT")), typed_local
        else:
            storage, typed = HadoopStorage(spark_context), typed_spark
        summary = process(storage, typed, args.spec, args.land, args.raw, args.run_id, args.part_rows, spark_context)
    except BatchFinishedError as error:
        _log("error: %s" % error)
        return EXIT_FINISHED
    except (DriverError, lt.LakeDataError) as error:
        _log("error: %s" % error)
        return EXIT_FAILED
    except Exception as error:  # Spark wraps executor failures (a checksum mismatch) in Py4J errors
        _log("error: %s: %s" % (type(error).__name__, error))
        return EXIT_FAILED
    sys.stdout.write(json.dumps(summary) + "\n")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
