using System.Text.Json;

namespace EcommerceLake.Streams;

/// <summary>A stream's offset (the connector's JSON, as committed and as the operations API returns it) for
/// people: the dashboard's tables and the CLI's show it this way.</summary>
public static class OffsetText
{
    /// <summary>
    /// Each top-level property of the JSON object <paramref name="json"/> as <c>name: value</c>, joined by
    /// <c> · </c>: a string as its text, a number or boolean as written, null as <c>none</c>, an array as its number
    /// of entries (<c>1 entry</c>, <c>3 entries</c>), a nested object as <c>{…}</c>. For example
    /// <c>changeVersion: 42</c>, <c>lastDate: 2024-12-31</c>, <c>files: 3 entries · lastSequence: 3</c>,
    /// <c>answeredAt: 2018-07-31T23:55:26Z · reviewId: … · orderId: …</c>. <c>none</c> for null; text that is not
    /// a JSON object is returned as it is. Never throws.
    /// </summary>
    public static string Describe(string? json)
    {
        if (json is null) return "none";
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return json;
            return string.Join(" · ",
                document.RootElement.EnumerateObject().Select(p => $"{p.Name}: " + Value(p.Value)));
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private static string? Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Array => value.GetArrayLength() is var n && n == 1 ? "1 entry" : $"{n} entries",
        JsonValueKind.Object => "{…}",
        JsonValueKind.Null => "none",
        _ => value.GetRawText(),
    };
}
