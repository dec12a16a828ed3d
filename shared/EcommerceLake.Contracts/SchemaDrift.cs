using System.Text.Json.Serialization;

namespace EcommerceLake.Contracts;

/// <summary>
/// How the columns a source offered in one extraction differ from its stream's spec (Airbyte's "schema changes"):
/// columns, CSV headers or JSON fields the spec does not read, whose values are not landed, and spec columns the source
/// no longer offers. Names compare ordinally, case ignored. Carried by <see cref="StreamExtracted.SchemaDrift"/>.
/// </summary>
public sealed record SchemaDrift
{
    /// <summary>What the source offers that the spec does not read, sorted (ordinal, case ignored); their values are
    /// not landed until the spec names them.</summary>
    public required IReadOnlyList<string> Added { get; init; }

    /// <summary>Spec columns the source did not offer, in spec order: a table or file header without them, or JSON
    /// fields absent from every record read. A marketplace table without one fails its extraction instead; a file
    /// without one is quarantined whole.</summary>
    public required IReadOnlyList<string> Missing { get; init; }

    /// <summary>True when the source offered exactly the spec's columns.</summary>
    [JsonIgnore]
    public bool IsEmpty => Added.Count == 0 && Missing.Count == 0;

    /// <summary>The drift in words, for logs and alerts: <c>offers a, b that the spec does not read; lacks c</c>
    /// (either part alone when the other is empty), or <c>matches the spec</c>.</summary>
    public string Describe() =>
        IsEmpty ? "matches the spec"
        : string.Join("; ", new[]
        {
            Added.Count == 0 ? null : $"offers {string.Join(", ", Added)} that the spec does not read",
            Missing.Count == 0 ? null : $"lacks {string.Join(", ", Missing)} of the spec",
        }.Where(p => p is not null));
}
