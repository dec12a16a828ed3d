using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Orchestrator.Security;

/// <summary>
/// In <see cref="OperationsAuthOptions.LocalOnly"/> mode, stops the start when the server listens on an address
/// other than loopback (<c>127.0.0.0/8</c>, <c>::1</c>, <c>localhost</c>): <c>0.0.0.0</c>, <c>[::]</c>, <c>*</c>,
/// <c>+</c> or a public address would hand the API to the network without sign-in.
/// </summary>
internal sealed class LocalOnlyGuard(IServer server, IOptions<OperationsAuthOptions> auth) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (!auth.Value.LocalOnly || auth.Value.HasIssuer) return Task.CompletedTask;
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var open = addresses.Where(a => !IsLoopback(a)).ToList();
        if (open.Count > 0)
            throw new InvalidOperationException(
                $"{OperationsAuthOptions.Section}:LocalOnly is set without an issuer, so the service may listen on "
                + $"loopback only, but it listens on {string.Join(", ", open)}. Bind it to 127.0.0.1 (for example "
                + "--urls http://127.0.0.1:8080) or configure an issuer (Orchestrator:Auth:Authority).");
        return Task.CompletedTask;
    }

    /// <summary>Whether the server address <paramref name="address"/> (as Kestrel reports it) is loopback only.
    /// </summary>
    internal static bool IsLoopback(string address)
    {
        var hostStart = address.IndexOf("://", StringComparison.Ordinal) is var i and >= 0 ? i + 3 : 0;
        var rest = address[hostStart..];
        var host = rest.StartsWith('[') ? rest[1..rest.IndexOf(']')] : rest.Split(':', '/')[0];
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
