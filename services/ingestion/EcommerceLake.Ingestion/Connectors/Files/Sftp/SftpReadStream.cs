using Renci.SshNet.Sftp;

namespace EcommerceLake.Ingestion.Connectors.Files.Sftp;

/// <summary>
/// A forward-only read stream over SSH.NET's <see cref="SftpFileStream"/> of one remote file that reports SSH.NET
/// failures (lost connection, timeout, server error) as <see cref="IOException"/>, the error the files connector
/// turns into a <see cref="SourceUnavailableException"/>; each such failure also calls <c>failed</c> (the session then
/// closes its connection rather than keep it for reuse). Disposing it closes the remote handle (SSH_FXP_CLOSE).
/// </summary>
internal sealed class SftpReadStream(SftpFileStream inner, string path, Action? failed = null) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception ex) when (SshFailure.IsSsh(ex) && ex is not IOException)
        {
            failed?.Invoke();
            throw new IOException($"Reading {path} over SFTP failed at byte {inner.Position}: {ex.Message}", ex);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        try
        {
            return inner.Read(buffer, offset, count);
        }
        catch (Exception ex) when (SshFailure.IsSsh(ex) && ex is not IOException)
        {
            failed?.Invoke();
            throw new IOException($"Reading {path} over SFTP failed at byte {inner.Position}: {ex.Message}", ex);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await inner.DisposeAsync();
        }
        catch (Exception ex) when (SshFailure.IsSsh(ex))
        {
            failed?.Invoke();
            // The session is gone, and the handle with it; whoever used the stream reports the failure.
        }
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            try
            {
                inner.Dispose();
            }
            catch (Exception ex) when (SshFailure.IsSsh(ex))
            {
                failed?.Invoke();
                // As in DisposeAsync.
            }
        }
        base.Dispose(disposing);
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
