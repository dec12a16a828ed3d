using MassTransit;

namespace EcommerceLake.PubSub.Topology;

/// <summary>A message type's entity (topic) name before prefixing: its MassTransit URN without <c>urn:message:</c>,
/// <c>:</c> as <c>.</c> (<c>EcommerceLake.Contracts.ExtractStream</c>); <see cref="PubSubNames"/> makes it a valid
/// resource name.</summary>
public sealed class PubSubEntityNameFormatter : IEntityNameFormatter
{
    /// <inheritdoc />
    public string FormatEntityName<T>() => PubSubNames.MessageTopic(MessageUrn.ForTypeString<T>());
}
