using System.IO.Enumeration;
using System.Security.Cryptography;
using System.Text;

namespace EcommerceLake.Ingestion.Connectors.Files.Sftp;

/// <summary>
/// Decides whether the host key an SFTP server presents during key exchange (RFC 4253 section 8, delivered by
/// SSH.NET's <c>HostKeyReceived</c> event as the public key blob of RFC 4253 section 6.6) is the pinned one: a key
/// recorded for the server in <see cref="SftpOptions.KnownHostsFile"/> (OpenSSH known_hosts format: plain, wildcard,
/// negated and hashed <c>|1|salt|hmac</c> host patterns, <c>[host]:port</c> for ports other than 22, <c>@revoked</c>
/// lines; <c>@cert-authority</c> lines are ignored), and/or the SHA-256 fingerprint
/// <see cref="SftpOptions.HostKeyFingerprint"/>. When both are configured the key must satisfy both.
/// </summary>
internal sealed class SftpHostKeyCheck
{
    private const string FingerprintPrefix = "SHA256:";
    private const string CertificateSuffix = "-cert-v01@openssh.com";
    private readonly SftpOptions _options;
    private readonly List<(string Type, byte[] Blob, bool Revoked)>? _recorded;
    private readonly string? _fingerprint;

    private SftpHostKeyCheck(SftpOptions options, List<(string, byte[], bool)>? recorded, string? fingerprint)
    {
        _options = options;
        _recorded = recorded;
        _fingerprint = fingerprint;
    }

    /// <summary>The name known_hosts records the server under: <c>host</c> on port 22, else <c>[host]:port</c>.
    /// </summary>
    public static string KnownHostsName(SftpOptions options) =>
        options.Port == 22 ? options.Host : $"[{options.Host}]:{options.Port}";

    /// <summary>Reads the configured server's known_hosts entries; normalizes the configured fingerprint.</summary>
    /// <exception cref="SourceUnavailableException">The known_hosts file cannot be read.</exception>
    public static SftpHostKeyCheck Load(SftpOptions options)
    {
        List<(string, byte[], bool)>? recorded = null;
        if (!string.IsNullOrWhiteSpace(options.KnownHostsFile))
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(options.KnownHostsFile);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new SourceUnavailableException(
                    $"The known_hosts file '{options.KnownHostsFile}' ({FilesOptions.Section}:Sftp:KnownHostsFile) "
                    + $"cannot be read: {ex.Message}", ex);
            }
            var name = KnownHostsName(options).ToLowerInvariant();
            recorded = [.. lines.Select(l => ParseLine(l, name)).OfType<(string, byte[], bool)>()];
        }
        return new SftpHostKeyCheck(options, recorded, NormalizeFingerprint(options.HostKeyFingerprint));
    }

    /// <summary>
    /// <c>SHA256:base64</c> or bare base64 (padding optional) as SSH.NET's <c>FingerPrintSHA256</c> gives it:
    /// unpadded base64 of the 32-byte digest, no prefix. Null when <paramref name="configured"/> is empty or is not
    /// the base64 of 32 bytes.
    /// </summary>
    public static string? NormalizeFingerprint(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured)) return null;
        var value = configured.Trim();
        if (value.StartsWith(FingerprintPrefix, StringComparison.OrdinalIgnoreCase))
            value = value[FingerprintPrefix.Length..];
        value = value.TrimEnd('=');
        var padded = value + new string('=', (4 - value.Length % 4) % 4);
        Span<byte> digest = stackalloc byte[48];
        return Convert.TryFromBase64String(padded, digest, out var written) && written == SHA256.HashSizeInBytes
            ? value
            : null;
    }

    /// <summary>
    /// Leaves in <paramref name="algorithms"/> (SSH.NET's <c>ConnectionInfo.HostKeyAlgorithms</c>, keyed by RFC 4253
    /// / RFC 8332 algorithm name) only plain-key algorithms, and, when known_hosts records keys for the server, only
    /// those of the recorded key types, so the server is asked for the key that is pinned (as OpenSSH does).
    /// </summary>
    public void RestrictAlgorithms<T>(IDictionary<string, T> algorithms)
    {
        var certificates = algorithms.Keys.Where(n => n.EndsWith(CertificateSuffix, StringComparison.Ordinal)).ToList();
        foreach (var name in certificates) algorithms.Remove(name);
        var types = _recorded?.Where(r => !r.Revoked).Select(r => r.Type).ToHashSet(StringComparer.Ordinal);
        if (types is not { Count: > 0 }) return;
        var keep = algorithms.Keys.Where(n => types.Contains(KeyType(n))).ToHashSet(StringComparer.Ordinal);
        if (keep.Count == 0) return;
        foreach (var name in algorithms.Keys.Where(n => !keep.Contains(n)).ToList()) algorithms.Remove(name);
    }

    /// <summary>Null when the key is trusted, else why not (naming host, port and the fingerprint seen).</summary>
    /// <param name="hostKey">The server's public key blob (RFC 4253 section 6.6).</param>
    /// <param name="algorithm">The negotiated host key algorithm, such as <c>ssh-ed25519</c>.</param>
    /// <param name="fingerprintSha256">SSH.NET's <c>FingerPrintSHA256</c>: unpadded base64, no prefix.</param>
    public string? Verify(byte[] hostKey, string algorithm, string fingerprintSha256)
    {
        var endpoint = $"{_options.Host} port {_options.Port}";
        var seen = $"{KeyType(algorithm)} key {FingerprintPrefix}{fingerprintSha256}";
        var key = $"{FilesOptions.Section}:Sftp";
        if (_fingerprint is not null && !string.Equals(_fingerprint, fingerprintSha256, StringComparison.Ordinal))
            return $"The host key of the SFTP server {endpoint} does not match the pinned fingerprint "
                + $"{FingerprintPrefix}{_fingerprint} ({key}:HostKeyFingerprint): the server presented the {seen}. "
                + "The server was re-keyed, or someone is intercepting the connection; nothing was read. Confirm the "
                + "new fingerprint with the server's operator before changing the setting.";
        if (_recorded is null) return null;

        var file = $"'{_options.KnownHostsFile}' ({key}:KnownHostsFile)";
        if (_recorded.Any(r => r.Revoked && r.Blob.AsSpan().SequenceEqual(hostKey)))
            return $"The host key of the SFTP server {endpoint} is REVOKED in {file}: the server presented the "
                + $"{seen}; nothing was read.";
        if (_recorded.Any(r => !r.Revoked && r.Blob.AsSpan().SequenceEqual(hostKey))) return null;
        if (_recorded.Any(r => !r.Revoked))
            return $"The host key of the SFTP server {endpoint} has CHANGED: the server presented the {seen}, which "
                + $"differs from the key recorded for {KnownHostsName(_options)} in {file}. The server was re-keyed, "
                + "or someone is intercepting the connection; nothing was read. Confirm the new key's fingerprint "
                + "with the server's operator before replacing its line in the known_hosts file.";
        return $"The host key of the SFTP server {endpoint} is UNKNOWN: {file} holds no key for "
            + $"{KnownHostsName(_options)}; the server presented the {seen}. Nothing was read. Add the server's key "
            + "after confirming its fingerprint with the server's operator, for example: "
            + $"ssh-keyscan -p {_options.Port} {_options.Host} >> {_options.KnownHostsFile}";
    }

    // rsa-sha2-256/512 (RFC 8332) sign with an ssh-rsa key; every other algorithm is named after its key type.
    private static string KeyType(string algorithm) => algorithm.StartsWith("rsa-sha2-", StringComparison.Ordinal)
        ? "ssh-rsa"
        : algorithm;

    private static (string, byte[], bool)? ParseLine(string line, string name)
    {
        var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 0 || fields[0].StartsWith('#')) return null;
        var revoked = false;
        if (fields[0].StartsWith('@'))
        {
            if (fields[0] != "@revoked") return null;
            revoked = true;
            fields = fields[1..];
        }
        if (fields.Length < 3 || !Matches(fields[0], name)) return null;
        try
        {
            return (fields[1], Convert.FromBase64String(fields[2]), revoked);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool Matches(string patterns, string name)
    {
        if (patterns.StartsWith("|1|", StringComparison.Ordinal)) return MatchesHashed(patterns, name);
        var matched = false;
        foreach (var pattern in patterns.Split(','))
        {
            var negated = pattern.StartsWith('!');
            var expression = negated ? pattern[1..] : pattern;
            if (!FileSystemName.MatchesSimpleExpression(expression, name, ignoreCase: true)) continue;
            if (negated) return false;
            matched = true;
        }
        return matched;
    }

    // OpenSSH HashKnownHosts: |1|base64(salt)|base64(HMAC-SHA1(key: salt, message: name)).
    private static bool MatchesHashed(string entry, string name)
    {
        var parts = entry.Split('|');
        if (parts.Length != 4) return false;
        try
        {
            var hash = HMACSHA1.HashData(Convert.FromBase64String(parts[2]), Encoding.UTF8.GetBytes(name));
            return CryptographicOperations.FixedTimeEquals(hash, Convert.FromBase64String(parts[3]));
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
