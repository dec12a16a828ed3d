namespace EcommerceLake.PubSub.Topology;

/// <summary>
/// Addresses on the Pub/Sub transport: host <c>pubsub://{project}/</c>; a receive endpoint
/// <c>pubsub://{project}/{name}</c>; a topic with no endpoint behind it (a published message type)
/// <c>pubsub://{project}/{name}?kind=topic</c>. MassTransit's short forms <c>queue:{name}</c> (an endpoint) and
/// <c>topic:{name}</c> / <c>exchange:{name}</c> (a topic) are accepted. Names are logical (no prefix).
/// </summary>
public static class PubSubAddress
{
    /// <summary>The URI scheme.</summary>
    public const string Scheme = "pubsub";

    /// <summary>The host address of <paramref name="projectId"/>.</summary>
    public static Uri Host(string projectId) => new($"{Scheme}://{projectId}/");

    /// <summary>The address of endpoint <paramref name="name"/>.</summary>
    public static Uri Endpoint(Uri hostAddress, string name) => new(hostAddress, Uri.EscapeDataString(name));

    /// <summary>The address of topic <paramref name="name"/>.</summary>
    public static Uri Topic(Uri hostAddress, string name) =>
        new(hostAddress, Uri.EscapeDataString(name) + "?kind=topic");

    /// <summary>The logical name an address points at and whether it is a bare topic.</summary>
    /// <exception cref="ArgumentException">Neither a <c>pubsub:</c> address nor one of the short forms.</exception>
    public static (string Name, bool IsTopic) Parse(Uri address)
    {
        switch (address.Scheme)
        {
            case "queue":
                return (address.AbsolutePath.Trim('/'), false);
            case "topic":
            case "exchange":
                return (address.AbsolutePath.Trim('/'), true);
            case Scheme:
                var name = Uri.UnescapeDataString(address.AbsolutePath.Trim('/'));
                return (name, address.Query.Contains("kind=topic", StringComparison.Ordinal));
            default:
                throw new ArgumentException(
                    $"'{address}' is not a Pub/Sub address (pubsub://project/name, queue:name or topic:name).",
                    nameof(address));
        }
    }

    /// <summary><paramref name="address"/> in its full form under <paramref name="hostAddress"/>.</summary>
    public static Uri Normalize(Uri hostAddress, Uri address)
    {
        var (name, isTopic) = Parse(address);
        return isTopic ? Topic(hostAddress, name) : Endpoint(hostAddress, name);
    }
}
