using EcommerceLake.PubSub.Configuration;
using EcommerceLake.PubSub.Rest;
using MassTransit;

namespace EcommerceLake.PubSub;

/// <summary>Selects the Google Cloud Pub/Sub transport for a MassTransit bus.</summary>
public static class PubSubConfigurationExtensions
{
    /// <summary>
    /// Uses Pub/Sub as the bus's transport, with <paramref name="options"/> (<c>Bus:PubSub</c>), and registers the
    /// transport's HTTP client (<see cref="PubSubHttp"/>). The options are checked when the bus is created: a missing
    /// project id, a missing key file or inconsistent back-offs fail with a <see cref="ConfigurationException"/>
    /// naming the key.
    /// </summary>
    public static void UsingPubSub(this IBusRegistrationConfigurator configurator, PubSubOptions options,
        Action<IBusRegistrationContext, IPubSubBusFactoryConfigurator>? configure = null)
    {
        configurator.AddPubSubHttpClient(options);
        configurator.SetBusFactory(new PubSubRegistrationBusFactory(options, configure));
    }
}
