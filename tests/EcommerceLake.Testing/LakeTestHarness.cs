using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace EcommerceLake.Testing;

/// <summary>MassTransit's in-memory test harness as the service consumer tests set it up.</summary>
public static class LakeTestHarness
{
    /// <summary>
    /// Adds the test harness with <paramref name="consumers"/> registered, and generous time limits: on a loaded 2-core
    /// CI machine a consumer may be idle on the bus for seconds (inactivity 10 s, whole test 2 min).
    /// </summary>
    public static IServiceCollection AddLakeTestHarness(this IServiceCollection services, Action<IBusRegistrationConfigurator> consumers) =>
        services.AddMassTransitTestHarness(x =>
        {
            x.SetTestTimeouts(testTimeout: TimeSpan.FromMinutes(2), testInactivityTimeout: TimeSpan.FromSeconds(10));
            consumers(x);
        });
}
