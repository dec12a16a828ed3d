using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;

namespace EcommerceLake.Ingestion.Connectors.Files.Sftp;

/// <summary>
/// One running <c>ssh -s … sftp</c> process and the SFTP v3 packets exchanged over its stdin/stdout. Requests carry
/// ids; replies that arrive for another id than the one awaited are kept until asked for. Not thread-safe: one
/// caller at a time. When the process ends unexpectedly, the next call throws <see cref="SourceUnavailableException"/>
/// with what <c>ssh</c> wrote on stderr, explained by <see cref="SshFailure"/>.
/// </summary>
internal sealed class SftpChannel : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly StringBuilder _stderr = new();
    private readonly Task _stderrPump;
    private readonly Func<string, int?, string> _explain;
    private readonly Dictionary<uint, SftpPacketReader> _early = [];
    private uint _nextId;

    private SftpChannel(Process process, Func<string, int?, string> explain)
    {
        _process = process;
        _explain = explain;
        _input = process.StandardOutput.BaseStream;
        _output = process.StandardInput.BaseStream;
        _stderrPump = PumpStderrAsync();
    }

    /// <summary>Starts <paramref name="start"/> and completes the SFTP handshake (INIT 3 → VERSION).</summary>
    /// <param name="start">The ssh command line, with redirected stdin, stdout and stderr.</param>
    /// <param name="explain">Turns ssh's stderr and exit code into the message of the exception thrown.</param>
    /// <exception cref="SourceUnavailableException">ssh could not be started, or the connection or handshake failed.</exception>
    public static async Task<SftpChannel> OpenAsync(ProcessStartInfo start, Func<string, int?, string> explain, CancellationToken cancellationToken)
    {
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new SourceUnavailableException(
                $"The OpenSSH client '{start.FileName}' cannot be started ({ex.Message}); install Debian's openssh-client package or set {FilesOptions.Section}:Sftp:SshCommand.", ex);
        }
        var channel = new SftpChannel(process, explain);
        try
        {
            await channel.SendAsync(new SftpPacketWriter(SftpProtocol.Init).UInt32(3), cancellationToken);
            var version = await channel.ReadPacketAsync(cancellationToken);
            if (version.Type != SftpProtocol.Version)
                throw new SourceUnavailableException($"The SFTP server answered the handshake with message type {version.Type} instead of VERSION.");
            if (version.UInt32() < 3)
                throw new SourceUnavailableException("The SFTP server speaks a protocol version older than 3.");
            return channel;
        }
        catch
        {
            await channel.DisposeAsync();
            throw;
        }
    }

    /// <summary>A fresh request id.</summary>
    public uint NextId() => ++_nextId;

    /// <summary>Sends one packet.</summary>
    public async Task SendAsync(SftpPacketWriter packet, CancellationToken cancellationToken)
    {
        try
        {
            await _output.WriteAsync(packet.ToArray(), cancellationToken);
            await _output.FlushAsync(cancellationToken);
        }
        catch (IOException ex)
        {
            throw await LostAsync(ex);
        }
    }

    /// <summary>Waits for the reply to request <paramref name="id"/> (the reply's id already read).</summary>
    public async Task<SftpPacketReader> ReceiveAsync(uint id, CancellationToken cancellationToken)
    {
        if (_early.Remove(id, out var kept)) return kept;
        while (true)
        {
            var packet = await ReadPacketAsync(cancellationToken);
            var replyId = packet.UInt32();
            if (replyId == id) return packet;
            _early[replyId] = packet;
        }
    }

    /// <summary>Sends a request and waits for its reply.</summary>
    public async Task<SftpPacketReader> RequestAsync(byte type, Action<SftpPacketWriter> fill, CancellationToken cancellationToken)
    {
        var id = NextId();
        var packet = new SftpPacketWriter(type).UInt32(id);
        fill(packet);
        await SendAsync(packet, cancellationToken);
        return await ReceiveAsync(id, cancellationToken);
    }

    /// <summary>Ends the session: closes ssh's stdin (the server sees end of file and exits), waits briefly, then kills what is left.</summary>
    public async ValueTask DisposeAsync()
    {
        try { _output.Close(); } catch (IOException) { }
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try { await _process.WaitForExitAsync(wait.Token); }
            catch (OperationCanceledException) { }
        }
        if (!_process.HasExited)
        {
            try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await _process.WaitForExitAsync();
        }
        await _stderrPump;
        _process.Dispose();
    }

    private async Task<SftpPacketReader> ReadPacketAsync(CancellationToken cancellationToken)
    {
        var header = new byte[4];
        try
        {
            await _input.ReadExactlyAsync(header, cancellationToken);
            var length = BinaryPrimitives.ReadUInt32BigEndian(header);
            if (length is 0 or > SftpProtocol.MaxPacketLength)
                throw new SourceUnavailableException($"The SFTP server sent a packet of {length} bytes; the stream is not SFTP (is the account's shell printing text?).");
            var body = new byte[length];
            await _input.ReadExactlyAsync(body, cancellationToken);
            return new SftpPacketReader(body[0], body);
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException)
        {
            throw await LostAsync(ex);
        }
    }

    private async Task<SourceUnavailableException> LostAsync(Exception cause)
    {
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            try { await _process.WaitForExitAsync(wait.Token); }
            catch (OperationCanceledException) { }
        }
        int? exitCode = _process.HasExited ? _process.ExitCode : null;
        if (_process.HasExited) await _stderrPump;
        string stderr;
        lock (_stderr) stderr = _stderr.ToString();
        return new SourceUnavailableException(_explain(stderr, exitCode), cause);
    }

    private async Task PumpStderrAsync()
    {
        var buffer = new char[4096];
        try
        {
            int read;
            while ((read = await _process.StandardError.ReadAsync(buffer)) > 0)
                lock (_stderr)
                    if (_stderr.Length < 64 * 1024) _stderr.Append(buffer, 0, read);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The process is gone; what was read is kept.
        }
    }
}
