using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EcommerceLake.Testing.Fakes.PubSub;

/// <summary>
/// The proto3 JSON mapping of the fields Pub/Sub uses (https://protobuf.dev/programming-guides/json/): a Duration is
/// seconds with an optional fraction and the suffix <c>s</c> (<c>"600s"</c>, <c>"3.5s"</c>); a Timestamp is RFC 3339
/// in UTC (<c>"2026-12-02T05:13:36.123456Z"</c>); an int32 may come as a number or a string. Malformed values throw
/// <see cref="FakePubSubException"/> INVALID_ARGUMENT naming the field.
/// </summary>
internal static class FakePubSubJson
{
    /// <summary>
    /// Rejects a field <paramref name="json"/> has beyond <paramref name="known"/> as Google's JSON front end does:
    /// <c>Invalid JSON payload received. Unknown name "x" at 'path': Cannot find field.</c> (so a misspelt field never
    /// passes silently).
    /// </summary>
    public static void KnownFields(JsonObject? json, string path, params string[] known)
    {
        if (json is null) return;
        foreach (var (key, _) in json)
        {
            if (Array.IndexOf(known, key) >= 0) continue;
            var at = path.Length == 0 ? "" : $" at '{path}'";
            throw FakePubSubException.InvalidArgument(
                $"Invalid JSON payload received. Unknown name \"{key}\"{at}: Cannot find field.");
        }
    }

    public static TimeSpan? Duration(JsonObject? parent, string field)
    {
        if (parent?[field] is not { } node) return null;
        var text = node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
        if (text is null || !text.EndsWith('s')
            || !decimal.TryParse(text[..^1], NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign,
                CultureInfo.InvariantCulture, out var seconds))
            throw FakePubSubException.InvalidArgument(
                $"Invalid value at '{field}' (type.googleapis.com/google.protobuf.Duration), {node.ToJsonString()}");
        return TimeSpan.FromTicks((long)(seconds * TimeSpan.TicksPerSecond));
    }

    public static string Duration(TimeSpan value) =>
        (value.Ticks / (decimal)TimeSpan.TicksPerSecond).ToString("0.#########", CultureInfo.InvariantCulture) + "s";

    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static int? Int32(JsonObject? parent, string field)
    {
        if (parent?[field] is not { } node) return null;
        var kind = node.GetValueKind();
        if (kind == JsonValueKind.Number && node.AsValue().TryGetValue<int>(out var number)) return number;
        if (kind == JsonValueKind.String && int.TryParse(node.GetValue<string>(), NumberStyles.AllowLeadingSign,
                CultureInfo.InvariantCulture, out var parsed))
            return parsed;
        throw FakePubSubException.InvalidArgument($"Invalid value at '{field}' (TYPE_INT32), {node.ToJsonString()}");
    }

    public static bool Bool(JsonObject? parent, string field)
    {
        if (parent?[field] is not { } node) return false;
        return node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw FakePubSubException.InvalidArgument(
                $"Invalid value at '{field}' (TYPE_BOOL), {node.ToJsonString()}"),
        };
    }

    public static string? String(JsonObject? parent, string field)
    {
        if (parent?[field] is not { } node) return null;
        if (node.GetValueKind() != JsonValueKind.String)
            throw FakePubSubException.InvalidArgument(
                $"Invalid value at '{field}' (TYPE_STRING), {node.ToJsonString()}");
        return node.GetValue<string>();
    }

    public static JsonObject? Object(JsonObject? parent, string field)
    {
        if (parent?[field] is not { } node) return null;
        return node as JsonObject
            ?? throw FakePubSubException.InvalidArgument(
                $"Invalid value at '{field}', {node.ToJsonString()}: an object was expected.");
    }

    public static JsonObject Map(IEnumerable<KeyValuePair<string, string>> map) =>
        new(map.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value))));

    public static Dictionary<string, string> StringMap(JsonObject? parent, string field)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Object(parent, field) is not { } o) return map;
        foreach (var (key, value) in o)
        {
            if (value is null || value.GetValueKind() != JsonValueKind.String)
                throw FakePubSubException.InvalidArgument($"Invalid value at '{field}[{key}]' (TYPE_STRING).");
            map[key] = value.GetValue<string>();
        }
        return map;
    }
}
