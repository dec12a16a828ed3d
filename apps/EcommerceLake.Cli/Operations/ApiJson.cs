using System.Text.Json;

namespace EcommerceLake.Cli.Operations;

/// <summary>Fields of the operations API's JSON answers, as the CLI's tables print them.</summary>
internal static class ApiJson
{
    /// <summary>Field <paramref name="name"/> of <paramref name="e"/> as text: a string as it is, a number or a
    /// boolean as written; empty when the field is absent or null.</summary>
    public static string Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : "";

    /// <summary>Time field <paramref name="name"/> (ISO 8601 with an offset) in UTC as <c>yyyy-MM-dd
    /// HH:mm:ssZ</c>; empty when the field is absent or null.</summary>
    /// <exception cref="FormatException">The field is a string but not a time.</exception>
    public static string UtcTime(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetDateTimeOffset().UtcDateTime.ToString("u") : "";
}
