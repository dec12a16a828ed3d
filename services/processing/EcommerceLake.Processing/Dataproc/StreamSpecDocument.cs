using System.Text.Json;
using System.Text.Json.Nodes;
using EcommerceLake.Streams;

namespace EcommerceLake.Processing.Dataproc;

/// <summary>
/// Writes a <see cref="StreamSpec"/> in the shape of the shipped spec files
/// (<c>shared/EcommerceLake.Streams/Specs/*.json</c>: camelCase names, column types in lower case such as
/// <c>bigint</c>), which the PySpark driver reads. Serialized from the catalog the service actually uses, so the driver
/// types with exactly the spec of the in-process engine.
/// </summary>
public static class StreamSpecDocument
{
    /// <summary>The spec as indented UTF-8 JSON; the same spec always gives the same bytes.</summary>
    public static byte[] Serialize(StreamSpec spec)
    {
        var document = new JsonObject
        {
            ["source"] = spec.Source,
            ["stream"] = spec.Stream,
            ["table"] = spec.Table,
            ["origin"] = spec.Origin,
            ["primaryKey"] = new JsonArray(spec.PrimaryKey.Select(k => (JsonNode)JsonValue.Create(k)).ToArray()),
            ["columns"] = new JsonArray(spec.Columns.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["type"] = c.Type.ToString().ToLowerInvariant(),
                ["nullable"] = c.Nullable,
                ["measure"] = c.Measure,
            }).ToArray()),
            ["cleaning"] = new JsonObject
            {
                ["trimStrings"] = spec.Cleaning.TrimStrings,
                ["emptyStringAsNull"] = spec.Cleaning.EmptyStringAsNull,
                ["emptyMeasureAsZero"] = spec.Cleaning.EmptyMeasureAsZero,
            },
        };
        return JsonSerializer.SerializeToUtf8Bytes(document, new JsonSerializerOptions { WriteIndented = true });
    }
}
