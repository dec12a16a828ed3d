using System.Text.Json;
using System.Text.Json.Serialization;

namespace EcommerceLake.Google;

/// <summary>JSON settings of Google's REST APIs: camelCase names, nulls omitted, enums as strings.</summary>
public static class GoogleJson
{
    /// <summary>The serializer options.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };
}
