namespace EcommerceLake.Ingestion.Connectors.Files.Sftp;

/// <summary>
/// Explains why the OpenSSH client ended, from its stderr (OpenSSH 9 wording; <c>LogLevel=ERROR</c>) and exit code,
/// in a message that names the configuration key to look at. The private key's content is never part of it.
/// </summary>
internal static class SshFailure
{
    /// <summary>The message for <paramref name="stderr"/> and <paramref name="exitCode"/> (null while still running).</summary>
    public static string Explain(SftpOptions options, string endpoint, string stderr, int? exitCode)
    {
        var said = string.Join(" ", stderr.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith("@@@", StringComparison.Ordinal)));
        if (said.Length > 2_000) said = said[..2_000] + "…";
        var ssh = said.Length > 0 ? $" (ssh: {said})" : exitCode is { } code ? $" (ssh exited with code {code} and printed nothing)" : "";
        var key = $"{FilesOptions.Section}:Sftp";

        if (stderr.Contains("REMOTE HOST IDENTIFICATION HAS CHANGED", StringComparison.Ordinal)
            || stderr.Contains("has changed and you have requested strict checking", StringComparison.Ordinal))
            return $"The host key of the SFTP server {endpoint} has CHANGED: it differs from the key recorded for it in '{options.KnownHostsFile}' ({key}:KnownHostsFile). "
                + "The server was re-keyed, or someone is intercepting the connection; nothing was read. Confirm the new key's fingerprint with the server's operator "
                + "before replacing its line in the known_hosts file." + ssh;
        if (stderr.Contains("host key is known for", StringComparison.Ordinal) || stderr.Contains("Host key verification failed", StringComparison.Ordinal))
            return $"The host key of the SFTP server {endpoint} is UNKNOWN: '{options.KnownHostsFile}' ({key}:KnownHostsFile) holds no key for {KnownHostsName(options)}; nothing was read. "
                + $"Add the server's key after confirming its fingerprint with the server's operator, for example: ssh-keyscan -p {options.Port} {options.Host} >> {options.KnownHostsFile}." + ssh;
        if (stderr.Contains("Permission denied", StringComparison.Ordinal))
            return $"The SFTP server {endpoint} refused the key '{options.PrivateKeyFile}' ({key}:PrivateKeyFile) for user '{options.Username}' ({key}:Username): "
                + "its public key is not authorized for that account." + ssh;
        if (stderr.Contains("UNPROTECTED PRIVATE KEY FILE", StringComparison.Ordinal) || stderr.Contains("bad permissions", StringComparison.Ordinal))
            return $"ssh ignores the private key '{options.PrivateKeyFile}' ({key}:PrivateKeyFile) because others may read it; make it readable by its owner only (chmod 600)." + ssh;
        if (stderr.Contains("Load key", StringComparison.Ordinal) || stderr.Contains("invalid format", StringComparison.Ordinal) || stderr.Contains("no such identity", StringComparison.Ordinal))
            return $"ssh cannot load the private key '{options.PrivateKeyFile}' ({key}:PrivateKeyFile); it must be an OpenSSH private key without passphrase." + ssh;
        if (stderr.Contains("Connection refused", StringComparison.Ordinal) || stderr.Contains("Could not resolve hostname", StringComparison.Ordinal)
            || stderr.Contains("timed out", StringComparison.Ordinal) || stderr.Contains("No route to host", StringComparison.Ordinal)
            || stderr.Contains("Connection closed", StringComparison.Ordinal) || stderr.Contains("Connection reset", StringComparison.Ordinal))
            return $"The SFTP server {endpoint} cannot be reached ({key}:Host, {key}:Port)." + ssh;
        if (stderr.Contains("subsystem request failed", StringComparison.Ordinal))
            return $"The SSH server {endpoint} does not offer the sftp subsystem." + ssh;
        return $"The SFTP session with {endpoint} ended unexpectedly." + ssh;
    }

    private static string KnownHostsName(SftpOptions options) => options.Port == 22 ? options.Host : $"[{options.Host}]:{options.Port}";
}
