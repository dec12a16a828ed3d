using System.Text.Json.Serialization;

namespace EcommerceLake.Orchestrator.Lineage;

/// <summary>What a node of the lineage is (<see cref="LineageNode.Kind"/>). Serialized as its name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LineageNodeKind>))]
public enum LineageNodeKind
{
    /// <summary>A source system (<c>marketplace</c>): its streams' worst health.</summary>
    Source,

    /// <summary>A stream, landed, made raw and merged into its trusted table (<c>trusted.{source}_{stream}</c>).
    /// </summary>
    Stream,

    /// <summary>A fact table of <c>marts</c>.</summary>
    Fact,

    /// <summary>A mart.</summary>
    Mart,
}
