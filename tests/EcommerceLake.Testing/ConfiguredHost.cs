using EcommerceLake.Google;
using EcommerceLake.Hosting.Steps;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Testing;

/// <summary>A host of one service built from in-memory settings only (no appsettings, no environment), for tests
/// of how a service reads its configuration.</summary>
public static class ConfiguredHost
{
    /// <summary>Builds (does not start) a host with <paramref name="settings"/>, the local lake under
    /// <paramref name="lakeRoot"/> and what <paramref name="addService"/> registers (an <c>Add…</c> extension).
    /// </summary>
    public static IHost Build(string lakeRoot, Dictionary<string, string?> settings,
        Action<IHostApplicationBuilder> addService)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings)
        {
            ["Lake:Root"] = lakeRoot,
        });
        builder.AddLakeStorage();
        addService(builder);
        return builder.Build();
    }

    /// <summary>The concurrency the host's settings give the endpoint of step consumer
    /// <paramref name="consumerName"/> (its <see cref="StepEndpointOptions"/>); null for the bus's own.</summary>
    public static int? StepEndpointLimit(this IHost host, string consumerName) =>
        host.Services.GetRequiredService<IOptionsMonitor<StepEndpointOptions>>().Get(consumerName)
            .ConcurrentMessageLimit;
}
