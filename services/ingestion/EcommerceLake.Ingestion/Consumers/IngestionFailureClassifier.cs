using EcommerceLake.Contracts;
using EcommerceLake.Hosting.Steps;
using EcommerceLake.Ingestion.Connectors;
using EcommerceLake.Ingestion.Connectors.Marketplace;
using EcommerceLake.Ingestion.Connectors.Reviews;
using Microsoft.Data.SqlClient;
using Renci.SshNet.Common;
using Renci.SshNet.Messages.Transport;

namespace EcommerceLake.Ingestion.Consumers;

/// <summary>
/// The ingestion service's failure rules, asked before the common ones (<see cref="CommonFailureClassifier"/>):
/// <list type="bullet">
/// <item>SourceData: <see cref="ChangeTrackingOffsetExpiredException"/> (offset older than the minimum valid
/// version under the <c>Fail</c> policy), <see cref="ReviewsCursorExpiredException"/> (the vendor kept refusing the
/// cursor), a <see cref="FormatException"/> (an offset that cannot be read).</item>
/// <item><see cref="SourceUnavailableException"/>: its own <see cref="SourceUnavailableException.Kind"/> when set,
/// else its HTTP status (408/429/5xx transient, 401/403 configuration), else its inner exception decides.</item>
/// <item>SQL Server: <see cref="System.Data.Common.DbException.IsTransient"/>, time-outs (-2), network errors,
/// deadlock victims (1205) and Azure SQL's busy or failover errors are transient; login failures (18456) are
/// configuration.</item>
/// <item>SFTP (SSH.NET): a lost or timed-out connection (<see cref="SshConnectionException"/>,
/// <see cref="SshOperationTimeoutException"/>, <see cref="ProxyException"/>) is transient; a refused login, a host key
/// that does not match or a permission denied is configuration.</item>
/// </list>
/// </summary>
public sealed class IngestionFailureClassifier : IFailureClassifier
{
    private const int SqlServerLoginFailed = 18456;

    // Time-out, network errors, deadlock victim, and Azure SQL's "busy / failing over" errors.
    private static readonly HashSet<int> SqlServerTransientErrors =
        [-2, 53, 121, 233, 1205, 10053, 10054, 10060, 40143, 40197, 40501, 40613, 49918, 49919, 49920];

    /// <inheritdoc />
    public FailureKind? Classify(Exception exception) => exception switch
    {
        ChangeTrackingOffsetExpiredException or ReviewsCursorExpiredException or FormatException
            => FailureKind.SourceData,
        SourceUnavailableException { Kind: { } kind } => kind,
        SourceUnavailableException { StatusCode: { } status }
            => CommonFailureClassifier.OfHttpStatus(status, null) ?? FailureKind.Internal,
        SqlException sql when sql.Number == SqlServerLoginFailed => FailureKind.Configuration,
        SqlException sql when sql.IsTransient || SqlServerTransientErrors.Contains(sql.Number)
            => FailureKind.Transient,
        SshAuthenticationException or SftpPermissionDeniedException => FailureKind.Configuration,
        SshConnectionException { DisconnectReason: DisconnectReason.HostKeyNotVerifiable }
            => FailureKind.Configuration,
        SshConnectionException or SshOperationTimeoutException or ProxyException => FailureKind.Transient,
        _ => null,
    };
}
