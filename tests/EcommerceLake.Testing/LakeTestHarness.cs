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
    public static IServiceCollection AddLakeTestHarness(this IServiceCollection services,
        Action<IBusRegistrationConfigurator> consumers) =>
        services.AddMassTransitTestHarness(x =>
        {
            x.SetTestTimeouts(testTimeout: TimeSpan.FromMinutes(2), testInactivityTimeout: TimeSpan.FromSeconds(10));
            consumers(x);
        });

    /// <summary>
    /// Like <see cref="AddLakeTestHarness"/>, but the in-memory bus gets the production receive pipeline of
    /// <see cref="EcommerceLake.Hosting.BusRegistration.ConfigureLakeEndpoints{TEndpoint}"/> (run scopes, the
    /// bus-wide retry around the step consumers' own retry), so that retries and faults behave as in a host.
    /// </summary>
    public static IServiceCollection AddLakeBusTestHarness(
        this IServiceCollection services, Action<IBusRegistrationConfigurator> consumers) =>
        services.AddMassTransitTestHarness(x =>
        {
            x.SetTestTimeouts(testTimeout: TimeSpan.FromMinutes(2), testInactivityTimeout: TimeSpan.FromSeconds(10));
            consumers(x);
            x.UsingInMemory((context, cfg) =>
                EcommerceLake.Hosting.BusRegistration.ConfigureLakeEndpoints(context, cfg));
        });
}
