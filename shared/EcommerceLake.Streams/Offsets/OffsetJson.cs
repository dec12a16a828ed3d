using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace EcommerceLake.Streams.Offsets;

/// <summary>
/// The one codec of connector offsets. An offset is a JSON object that a connector reads and writes through a private
/// DTO record: <see cref="Read{TDto}"/> turns the committed text into the DTO (null or blank text: no offset), the
/// connector checks the values, and <see cref="Write{TDto}"/> turns the next offset into text. Names are camelCase,
/// matched case-insensitively; numbers must be JSON numbers. A DTO whose shape leaves no room for other properties
/// says so with <c>[JsonUnmappedMemberHandling(Disallow)]</c>, and marks what every offset must have
/// <c>[JsonRequired]</c>. Every failure is a <see cref="FormatException"/> that quotes the text and the expected
/// shape, which the ingestion failure classifier reports as <c>SourceData</c>.
/// </summary>
public static partial class OffsetJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>The DTO of <paramref name="text"/>, or null when there is no offset (null or blank text).</summary>
    /// <param name="text">The committed offset.</param>
    /// <param name="expected">The offset's shape for the error message, for example
    /// <c>a change-tracking offset {"changeVersion": N}</c>.</param>
    /// <exception cref="FormatException">The text is not JSON of the DTO's shape.</exception>
    public static TDto? Read<TDto>(string? text, string expected) where TDto : class
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            return JsonSerializer.Deserialize<TDto>(text, Options) ?? throw Invalid(text, expected);
        }
        catch (JsonException ex)
        {
            throw Invalid(text, expected, ex);
        }
    }

    /// <summary>The offset text of <paramref name="dto"/> (compact JSON, camelCase names).</summary>
    public static string Write<TDto>(TDto dto) => JsonSerializer.Serialize(dto, Options);

    /// <summary>The error for an offset <paramref name="text"/> that does not have the <paramref name="expected"/>
    /// shape or values.</summary>
    public static FormatException Invalid(string text, string expected, Exception? inner = null) =>
        new($"Offset '{text}' is not {expected}" + (inner is null ? "." : $": {Reason(inner)}."), inner);

    /// <summary>What a <see cref="JsonException"/> says, in the offset's terms rather than the DTO's .NET type
    /// names: a property the shape does not have, a required one missing, a value of another type, or the parser's
    /// own message (invalid JSON) without its position suffix.</summary>
    private static string Reason(Exception exception)
    {
        var message = exception.Message;
        if (UnmappedProperty().Match(message) is { Success: true } unmapped)
            return $"it has no property '{unmapped.Groups[1].Value}'";
        if (MissingProperties().Match(message) is { Success: true } missing)
            return $"it lacks {missing.Groups[1].Value}";
        if (exception is JsonException { Path: { } path } && message.Contains("could not be converted"))
            return $"the value at {path} is not of the expected type";
        var position = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (position > 0 ? message[..position] : message).TrimEnd('.');
    }

    [GeneratedRegex("^The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnmappedProperty();

    [GeneratedRegex("missing required properties including: (.*?)\\.?$")]
    private static partial Regex MissingProperties();
}
