using System.Text.Json.Serialization;

namespace EcommerceLake.Contracts;

/// <summary>What a table of the <c>marts</c> dataset holds (<see cref="MartTable.Kind"/>). Serialized by name, lower
/// case (<c>fact</c>, <c>mart</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MartTableKind>))]
public enum MartTableKind
{
    /// <summary>A fact table: one row per order line or review word, what each source row contributes; the marts are
    /// aggregated from it.</summary>
    [JsonStringEnumMemberName("fact")]
    Fact,

    /// <summary>A mart: an aggregate read by dashboards and applications.</summary>
    [JsonStringEnumMemberName("mart")]
    Mart,
}
