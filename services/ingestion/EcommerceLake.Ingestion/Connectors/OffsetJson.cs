using System.Text.Json;
using System.Text.Json.Serialization;

namespace EcommerceLake.Ingestion.Connectors;

/// <summary>
/// The one codec of connector offsets. An offset is a JSON object that a connector reads and writes through a private
/// DTO record: <see cref="Read{TDto}"/> turns the committed text into the DTO (null or blank text: no offset), the
/// connector checks the values, and <see cref="Write{TDto}"/> turns the next offset into text. Names are camelCase,
/// matched case-insensitively; numbers must be JSON numbers. A DTO whose shape leaves no room for other properties
/// says so with <c>[JsonUnmappedMemberHandling(Disallow)]</c>, and marks what every offset must have
/// <c>[JsonRequired]</c>. Every failure is a <see cref="FormatException"/> that quotes the text and the expected
/// shape, which the ingestion failure classifier reports as <c>SourceData</c>.
/// </summary>
public static class OffsetJson
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
        new($"Offset '{text}' is not {expected}" + (inner is null ? "." : $": {inner.Message}"), inner);
}
