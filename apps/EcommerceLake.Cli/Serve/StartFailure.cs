using MassTransit;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Cli.Serve;

/// <summary>
/// What stopped a host from starting, for an operator: the messages of a configuration or environment failure
/// (<see cref="OptionsValidationException"/>, <see cref="InvalidOperationException"/>, <see cref="IOException"/>,
/// <see cref="System.Net.Sockets.SocketException"/>, and MassTransit's <see cref="ConnectionException"/>: a broker
/// that stayed unreachable while the bus started), one per line. A host that validates several options classes at
/// start throws an <see cref="AggregateException"/> of their failures; each failure of each is listed.
/// </summary>
internal static class StartFailure
{
    /// <summary>
    /// The lines to print for <paramref name="exception"/>: each failure of an options validation, or the message of
    /// another handled exception, in order and without repeats; empty when <paramref name="exception"/> (or any
    /// exception inside an <see cref="AggregateException"/>) is of another kind, which is then a bug to surface with
    /// its stack trace rather than a start failure.
    /// </summary>
    public static IReadOnlyList<string> Describe(Exception exception)
    {
        var inner = exception is AggregateException aggregate ? aggregate.Flatten().InnerExceptions : [exception];
        if (inner.Count == 0 || !inner.All(IsStartFailure)) return [];
        return inner
            .SelectMany(e => e is OptionsValidationException options ? options.Failures : [e.Message])
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    private static bool IsStartFailure(Exception e) => e is OptionsValidationException or InvalidOperationException
        or IOException or System.Net.Sockets.SocketException or ConnectionException;
}
