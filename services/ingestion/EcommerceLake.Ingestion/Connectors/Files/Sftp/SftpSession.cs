namespace EcommerceLake.Ingestion.Connectors.Files.Sftp;

/// <summary>A session of <see cref="SftpFileStore"/>: READDIR listings and OPEN/READ reads of one remote directory.</summary>
internal sealed class SftpSession(SftpChannel channel, string remoteDirectory, string location) : IFileStoreSession
{
    public async Task<IReadOnlyList<FileStamp>> ListAsync(CancellationToken cancellationToken)
    {
        var handle = Expect(await channel.RequestAsync(SftpProtocol.OpenDir, p => p.String(remoteDirectory), cancellationToken),
            SftpProtocol.Handle, $"The remote directory '{remoteDirectory}' of {location} cannot be listed").Bytes();
        var files = new List<FileStamp>();
        try
        {
            while (true)
            {
                var reply = await channel.RequestAsync(SftpProtocol.ReadDir, p => p.String(handle.Span), cancellationToken);
                if (IsEof(reply)) break;
                Expect(reply, SftpProtocol.Name, $"The remote directory '{remoteDirectory}' of {location} cannot be listed");
                var count = reply.UInt32();
                for (var i = 0; i < count; i++)
                {
                    var name = reply.Utf8();
                    reply.Bytes(); // longname, for display only
                    var attributes = reply.Attributes();
                    if (name is "." or ".." || !attributes.IsRegularFile) continue;
                    if (attributes is not { Size: { } size, ModifiedUnixSeconds: { } mtime })
                        throw new SourceUnavailableException($"The SFTP server of {location} listed '{name}' without its size and modification time.");
                    files.Add(new FileStamp(name, checked((long)size), DateTimeOffset.FromUnixTimeSeconds(mtime).UtcDateTime));
                }
            }
        }
        finally
        {
            await channel.RequestAsync(SftpProtocol.Close, p => p.String(handle.Span), cancellationToken);
        }
        return files;
    }

    public async Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken)
    {
        var path = RemotePath(name);
        var reply = await channel.RequestAsync(SftpProtocol.Open, p => p.String(path).UInt32(SftpProtocol.OpenRead).UInt32(0), cancellationToken);
        if (reply.Type == SftpProtocol.Status)
        {
            var code = reply.UInt32();
            var message = reply.Utf8();
            if (code == SftpProtocol.StatusNoSuchFile) throw new FileNotFoundException($"'{path}' on {location} disappeared.", path);
            throw new SourceUnavailableException($"'{path}' on {location} cannot be opened: {message} (SFTP status {code}).");
        }
        var handle = Expect(reply, SftpProtocol.Handle, $"'{path}' on {location} cannot be opened").Bytes();
        return new SftpReadStream(channel, handle, $"{location}/{name}");
    }

    public ValueTask DisposeAsync() => channel.DisposeAsync();

    private string RemotePath(string name) => remoteDirectory switch
    {
        "" or "." => name,
        "/" => "/" + name,
        _ => remoteDirectory.TrimEnd('/') + "/" + name,
    };

    private static bool IsEof(SftpPacketReader reply)
    {
        if (reply.Type != SftpProtocol.Status) return false;
        var code = reply.UInt32();
        if (code == SftpProtocol.StatusEof) return true;
        throw new SourceUnavailableException($"Listing over SFTP failed: {reply.Utf8()} (SFTP status {code}).");
    }

    private static SftpPacketReader Expect(SftpPacketReader reply, byte type, string what)
    {
        if (reply.Type == type) return reply;
        if (reply.Type == SftpProtocol.Status)
        {
            var code = reply.UInt32();
            throw new SourceUnavailableException($"{what}: {reply.Utf8()} (SFTP status {code}).");
        }
        throw new SourceUnavailableException($"{what}: the server answered with message type {reply.Type}.");
    }
}
