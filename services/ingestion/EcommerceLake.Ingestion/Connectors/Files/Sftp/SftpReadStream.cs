namespace EcommerceLake.Ingestion.Connectors.Files.Sftp;

/// <summary>
/// A forward-only stream over one open remote file: READ requests of 32 KiB, up to 16 in flight (as OpenSSH's
/// sftp client pipelines them), consumed in offset order. A short read (fewer bytes than asked, allowed by the
/// protocol) drops the requests in flight and asks again from where the data stopped; STATUS EOF ends the stream.
/// Disposing it closes the remote handle.
/// </summary>
internal sealed class SftpReadStream(SftpChannel channel, ReadOnlyMemory<byte> handle, string path) : Stream
{
    private const uint ChunkBytes = 32 * 1024;
    private const int InFlight = 16;
    private readonly Queue<(uint Id, ulong Offset)> _requests = new();
    private ReadOnlyMemory<byte> _current;
    private ulong _nextOffset;
    private long _position;
    private bool _eof;
    private bool _closed;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        while (_current.IsEmpty && !_eof) _current = await NextChunkAsync(cancellationToken);
        var count = Math.Min(buffer.Length, _current.Length);
        _current[..count].CopyTo(buffer);
        _current = _current[count..];
        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask DisposeAsync()
    {
        if (_closed) return;
        _closed = true;
        try
        {
            await DrainAsync(CancellationToken.None);
            await channel.RequestAsync(SftpProtocol.Close, p => p.String(handle.Span), CancellationToken.None);
        }
        catch (SourceUnavailableException)
        {
            // The session is gone, and the handle with it; the failure is reported by whoever used the stream.
        }
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_closed) DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose(disposing);
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private async Task<ReadOnlyMemory<byte>> NextChunkAsync(CancellationToken cancellationToken)
    {
        while (_requests.Count < InFlight)
        {
            var id = channel.NextId();
            await channel.SendAsync(new SftpPacketWriter(SftpProtocol.Read).UInt32(id).String(handle.Span).UInt64(_nextOffset).UInt32(ChunkBytes), cancellationToken);
            _requests.Enqueue((id, _nextOffset));
            _nextOffset += ChunkBytes;
        }
        var (headId, headOffset) = _requests.Dequeue();
        var reply = await channel.ReceiveAsync(headId, cancellationToken);
        if (reply.Type == SftpProtocol.Status)
        {
            var code = reply.UInt32();
            if (code != SftpProtocol.StatusEof)
                throw new SourceUnavailableException($"Reading '{path}' over SFTP failed at byte {headOffset}: {reply.Utf8()} (status {code}).");
            _eof = true;
            await DrainAsync(cancellationToken);
            return ReadOnlyMemory<byte>.Empty;
        }
        if (reply.Type != SftpProtocol.Data)
            throw new SourceUnavailableException($"Reading '{path}' over SFTP: the server answered READ with message type {reply.Type}.");
        var data = reply.Bytes();
        if (data.Length < ChunkBytes)
        {
            // A short read: the requests after this one asked for offsets past a gap; drop them and go on from here.
            await DrainAsync(cancellationToken);
            _nextOffset = headOffset + (ulong)data.Length;
            if (data.IsEmpty) _eof = true;
        }
        return data;
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (_requests.TryDequeue(out var pending)) await channel.ReceiveAsync(pending.Id, cancellationToken);
    }
}
