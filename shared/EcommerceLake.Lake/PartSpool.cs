using System.IO.Compression;
using System.Security.Cryptography;

namespace EcommerceLake.Lake;

/// <summary>
/// One part file being written: records go through the format's writer, a 64 KiB buffer and gzip into a temporary
/// file (deleted when disposed) while its SHA-256 and length are computed, so a part never sits in memory however
/// many rows it holds. <see cref="Finish"/> gives the compressed content to store.
/// </summary>
internal sealed class PartSpool : IDisposable
{
    private readonly FileStream _file;
    private readonly HashingStream _hashing;
    private readonly BufferedStream _buffered;
    private readonly IRecordWriter _writer;
    private bool _finished;

    private PartSpool(IRecordFormat format, IReadOnlyList<string> columns)
    {
        _file = new FileStream(Path.Combine(Path.GetTempPath(), $"lake-part-{Guid.NewGuid():N}.tmp"),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        _hashing = new HashingStream(_file);
        _buffered = new BufferedStream(new GZipStream(_hashing, CompressionLevel.Fastest, leaveOpen: true), 1 << 16);
        _writer = format.OpenWriter(_buffered, columns);
    }

    /// <summary>Rows written so far.</summary>
    public int Rows { get; private set; }

    /// <summary>Opens a part in the system's temporary folder.</summary>
    /// <exception cref="IOException">The temporary file cannot be created.</exception>
    public static PartSpool Open(IRecordFormat format, IReadOnlyList<string> columns) => new(format, columns);

    /// <summary>Writes one record.</summary>
    public void Write(string?[] record)
    {
        _writer.Write(record);
        Rows++;
    }

    /// <summary>Closes the compression and returns the compressed content (positioned at its start), its SHA-256 in
    /// lower-case hex and its length in bytes. The content stays readable until this spool is disposed.</summary>
    public (Stream Content, string Sha256, long Length) Finish()
    {
        if (!_finished)
        {
            _writer.Dispose();
            _buffered.Dispose(); // flushes and closes the gzip stream, which leaves the file open
            _finished = true;
        }
        _file.Flush();
        _file.Position = 0;
        return (_file, Convert.ToHexStringLower(_hashing.Hash()), _file.Length);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_finished)
        {
            _writer.Dispose();
            _buffered.Dispose();
        }
        _hashing.Dispose();
        _file.Dispose();
    }

    /// <summary>Passes writes through to the file while hashing them.</summary>
    private sealed class HashingStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public byte[] Hash() => _sha.GetHashAndReset();

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _sha.AppendData(buffer);
            inner.Write(buffer);
        }

        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _sha.Dispose();
            base.Dispose(disposing);
        }
    }
}
