using System.Net;
using System.Net.Sockets;
using EcommerceLake.Contracts;
using EcommerceLake.Lake;
using Microsoft.Extensions.Options;
using Npgsql;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace EcommerceLake.Hosting.Steps;

/// <summary>
/// The platform-wide rules, asked after every service's own <see cref="IFailureClassifier"/>:
/// <list type="bullet">
/// <item>Transient: <see cref="NpgsqlException.IsTransient"/>; <see cref="PostgresException"/> of class 08
/// (connection), 53 (resources), 57P01–57P03 (shutdown), 40001 (serialization) and 40P01 (deadlock);
/// <see cref="TimeoutException"/>, <see cref="SocketException"/>, <see cref="HttpIOException"/>, Polly's
/// <see cref="TimeoutRejectedException"/> and <see cref="BrokenCircuitException"/>; an
/// <see cref="HttpRequestException"/> without a status (network) or with 408, 429 or 5xx; an
/// <see cref="OperationCanceledException"/> that is not the consumer's own cancellation (a time-out).</item>
/// <item>Configuration: <see cref="LakeConfigurationException"/>, <see cref="OptionsValidationException"/>,
/// <see cref="UnauthorizedAccessException"/>, HTTP 401/403, PostgreSQL class 28 (authentication), 3D000
/// (no such database) and 42501 (permission).</item>
/// <item>SourceData: <see cref="InvalidDataException"/>, PostgreSQL class 22 (data) and 23 (constraint).</item>
/// </list>
/// Google's API errors are classified by EcommerceLake.Google's classifier, registered with the Google Cloud plumbing,
/// with <see cref="OfHttpStatus"/>. Anything else is left to the inner exception, and finally to
/// <see cref="FailureKind.Internal"/>.
/// </summary>
public sealed class CommonFailureClassifier : IFailureClassifier
{
    private static readonly HashSet<string> TransientSqlStates = ["57P01", "57P02", "57P03", "40001", "40P01"];
    private static readonly HashSet<string> GoogleRateLimitReasons =
        ["rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded", "backendError"];

    /// <inheritdoc />
    public FailureKind? Classify(Exception exception) => exception switch
    {
        LakeConfigurationException or OptionsValidationException or UnauthorizedAccessException
            => FailureKind.Configuration,
        LakeObjectExistsException => null,
        InvalidDataException => FailureKind.SourceData,
        PostgresException postgres => OfSqlState(postgres.SqlState),
        NpgsqlException npgsql => npgsql.IsTransient ? FailureKind.Transient : null,
        TimeoutException or SocketException or HttpIOException or TimeoutRejectedException
            or BrokenCircuitException => FailureKind.Transient,
        HttpRequestException http
            => http.StatusCode is { } status ? OfHttpStatus(status, null) : FailureKind.Transient,
        OperationCanceledException => FailureKind.Transient,
        _ => null,
    };

    /// <summary>The kind of a PostgreSQL error code (SQLSTATE), or null when it says nothing about retrying.</summary>
    public static FailureKind? OfSqlState(string sqlState) => sqlState switch
    {
        _ when sqlState.StartsWith("08", StringComparison.Ordinal) => FailureKind.Transient,
        _ when sqlState.StartsWith("53", StringComparison.Ordinal) => FailureKind.Transient,
        _ when TransientSqlStates.Contains(sqlState) => FailureKind.Transient,
        _ when sqlState.StartsWith("28", StringComparison.Ordinal) => FailureKind.Configuration,
        "3D000" or "42501" => FailureKind.Configuration,
        _ when sqlState.StartsWith("22", StringComparison.Ordinal) => FailureKind.SourceData,
        _ when sqlState.StartsWith("23", StringComparison.Ordinal) => FailureKind.SourceData,
        _ => null,
    };

    /// <summary>
    /// The kind of an HTTP error status: 408, 429 and 5xx are transient, and so is a 403 whose Google reason is a
    /// rate limit; 401 and other 403s are configuration (credentials, permissions); anything else is null.
    /// </summary>
    public static FailureKind? OfHttpStatus(HttpStatusCode status, string? reason)
    {
        var code = (int)status;
        if (code is 408 or 429 or >= 500) return FailureKind.Transient;
        if (code == 403 && reason is not null && GoogleRateLimitReasons.Contains(reason)) return FailureKind.Transient;
        return code is 401 or 403 ? FailureKind.Configuration : null;
    }
}
