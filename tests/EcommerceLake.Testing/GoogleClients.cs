using EcommerceLake.Google;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Testing;

/// <summary>Builds <see cref="GoogleApiClient"/>s for tests the way the hosts do, each in its own container.</summary>
public static class GoogleClients
{
    /// <summary>A client with <paramref name="options"/> and its retry pipeline on <paramref name="time"/> (default:
    /// the system clock).</summary>
    public static GoogleApiClient Create(IOptions<GoogleCloudOptions> options, TimeProvider? time = null)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton(options)
            .AddSingleton(time ?? TimeProvider.System);
        // The container is not disposed: the client outlives this call, and tests never dispose their clients.
        return services.AddGoogleApiClient().BuildServiceProvider().GetRequiredService<GoogleApiClient>();
    }
}
