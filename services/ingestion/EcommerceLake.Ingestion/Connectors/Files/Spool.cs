namespace EcommerceLake.Ingestion.Connectors.Files;

/// <summary>
/// A file's bytes copied to a temporary file of this machine (deleted on dispose), at most the size its listing gave,
/// with the byte offset where each line starts, so that a CSV file can be read again from any line and a quarantined
/// record's original bytes can be taken back.
/// </summary>
internal sealed class Spool : IAsyncDisposable
{
    private readonly string _path;
    private readonly FileStream _file;
    private readonly List<long> _lineStarts;

    private Spool(string path, FileStream file, List<long> lineStarts, long length)
    {
        _path = path;
        _file = file;
        _lineStarts = lineStarts;
        Length = length;
    }

    /// <summary>Bytes copied.</summary>
    public long Length { get; }

    /// <summary>Lines of the copy (a last line without line break counts; the empty tail after a last line break does
    /// not).</summary>
    public long LineCount
        => _lineStarts.Count > 0 && _lineStarts[^1] == Length ? _lineStarts.Count - 1 : _lineStarts.Count;

    /// <summary>Copies at most <paramref name="limit"/> bytes of <paramref name="source"/>, then disposes it.</summary>
    /// <exception cref="IOException">The source or the temporary file cannot be read or written.</exception>
    public static async Task<Spool> CopyAsync(Stream source, long limit, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"lake-file-{Guid.NewGuid():N}.tmp");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete,
            1 << 16, FileOptions.Asynchronous);
        try
        {
            var starts = new List<long> { 0 };
            var buffer = new byte[1 << 16];
            long copied = 0;
            await using (source)
            {
                while (copied < limit)
                {
                    var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit - copied)),
                        cancellationToken);
                    if (read == 0) break;
                    for (var i = Array.IndexOf(buffer, (byte)'\n', 0, read); i >= 0; i = Array.IndexOf(buffer,
                        (byte)'\n', i + 1, read - i - 1))
                        starts.Add(copied + i + 1);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    copied += read;
                }
            }
            await file.FlushAsync(cancellationToken);
            return new Spool(path, file, starts, copied);
        }
        catch
        {
            await file.DisposeAsync();
            File.Delete(path);
            throw;
        }
    }

    /// <summary>Byte offset where 1-based <paramref name="line"/> starts; <see cref="Length"/> past the last
    /// line.</summary>
    public long LineStart(long line) => line >= 1 && line <= _lineStarts.Count ? _lineStarts[(int)(line - 1)] : Length;

    /// <summary>The bytes of <paramref name="lines"/> lines from <paramref name="line"/> on, without the last line
    /// break.</summary>
    public byte[] LineBytes(long line, long lines)
    {
        var bytes = Read(LineStart(line), LineStart(line + lines));
        var end = bytes.Length;
        if (end > 0 && bytes[end - 1] == '\n') end--;
        if (end > 0 && bytes[end - 1] == '\r') end--;
        return bytes[..end];
    }

    /// <summary>The bytes from <paramref name="from"/> to <paramref name="to"/> (exclusive).</summary>
    public byte[] Read(long from, long to)
    {
        var bytes = new byte[Math.Max(0, to - from)];
        var done = 0;
        while (done < bytes.Length)
        {
            var read = RandomAccess.Read(_file.SafeFileHandle, bytes.AsSpan(done), from + done);
            if (read == 0) break;
            done += read;
        }
        return done == bytes.Length ? bytes : bytes[..done];
    }

    /// <summary>A stream of <paramref name="prefix"/> followed by the copy from byte <paramref name="offset"/>
    /// on.</summary>
    public Stream OpenFrom(byte[] prefix, long offset)
    {
        var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
            1 << 16, FileOptions.Asynchronous);
        file.Position = offset;
        return prefix.Length == 0 ? file : new PrefixedStream(prefix, file);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _file.DisposeAsync();
        File.Delete(_path);
    }

    private sealed class PrefixedStream(byte[] prefix, Stream rest) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position >= prefix.Length) return rest.Read(buffer);
            var n = Math.Min(buffer.Length, prefix.Length - _position);
            prefix.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count,
            CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position >= prefix.Length) return rest.ReadAsync(buffer, cancellationToken);
            return ValueTask.FromResult(Read(buffer.Span));
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) rest.Dispose();
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await rest.DisposeAsync();
            await base.DisposeAsync();
        }
    }
}
