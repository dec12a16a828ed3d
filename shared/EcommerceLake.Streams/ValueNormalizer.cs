using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EcommerceLake.Streams;

/// <summary>
/// Turns a land value (text as the source gave it) into the canonical text of its logical type, the form raw
/// batches carry and every engine loads: integers and decimals in invariant culture ('.' separator, scale kept),
/// timestamps as <c>yyyy-MM-dd HH:mm:ss[.fffffff]</c> (ISO 8601 with 'T' and an optional 'Z' or offset, converted
/// to UTC, is accepted too), dates as <c>yyyy-MM-dd</c>, JSON as the text given (not trimmed, not reformatted) once it
/// is checked to be one well-formed JSON value (RFC 8259).
/// </summary>
public static class ValueNormalizer
{
    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd",
    ];

    /// <summary>
    /// Normalizes <paramref name="raw"/> for <paramref name="column"/> under <paramref name="rules"/>.
    /// </summary>
    /// <param name="column">The column's spec.</param>
    /// <param name="rules">The stream's cleaning rules.</param>
    /// <param name="raw">The land value; null means missing.</param>
    /// <param name="value">The canonical text, or null for a missing value.</param>
    /// <param name="error">Why the value was rejected (names the column and the value), when the result is
    /// false.</param>
    /// <returns>False when the value cannot be read as the column's type, or a non-nullable column has no
    /// value.</returns>
    public static bool TryNormalize(ColumnSpec column, CleaningRules rules, string? raw, out string? value,
        out string? error)
    {
        error = null;
        value = raw;
        if (value is not null && (rules.TrimStrings || column.Type != ColumnType.String)
            && column.Type != ColumnType.Json)
            value = value.Trim();
        if (value is not null && value.Length == 0 && (rules.EmptyStringAsNull || column.Type != ColumnType.String))
            value = null;
        if (value is null)
        {
            if (column.Nullable) return true;
            error = $"column '{column.Name}' is required but has no value";
            return false;
        }

        switch (column.Type)
        {
            case ColumnType.String:
                return true;
            // Numbers already in their canonical form (the common case) are kept as they are, without a new string.
            case ColumnType.Int or ColumnType.BigInt or ColumnType.Decimal when CanonicalNumber.Is(value, column.Type):
                return true;
            case ColumnType.Int when int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture,
                out var i):
                value = i.ToString(CultureInfo.InvariantCulture);
                return true;
            case ColumnType.BigInt when long.TryParse(value, NumberStyles.AllowLeadingSign,
                CultureInfo.InvariantCulture, out var l):
                value = l.ToString(CultureInfo.InvariantCulture);
                return true;
            case ColumnType.Decimal when decimal.TryParse(value, NumberStyles.Number & ~NumberStyles.AllowThousands,
                CultureInfo.InvariantCulture, out var d):
                value = d.ToString(CultureInfo.InvariantCulture);
                return true;
            // Text already in the canonical form (the common case) is kept as it is, without a new string.
            case ColumnType.Timestamp when TryParseTimestamp(value, out var ts, out var form):
                if (form is not CanonicalTimestamp.Form.DateAndTime)
                    value = ts.ToString(ts.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd HH:mm:ss"
                        : "yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
                return true;
            case ColumnType.Date when TryParseTimestamp(value, out var date, out var form)
                && date.TimeOfDay == TimeSpan.Zero:
                if (form is not CanonicalTimestamp.Form.Date)
                    value = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                return true;
            case ColumnType.Json when IsWellFormedJson(value):
                return true;
            default:
                error = $"column '{column.Name}': '{Truncate(value)}' is not a " +
                    $"valid {column.Type.ToString().ToLowerInvariant()}";
                value = null;
                return false;
        }
    }

    /// <summary>Reads a timestamp; <paramref name="form"/> is the canonical form the text already has, or null when
    /// the general parser read it.</summary>
    private static bool TryParseTimestamp(string value, out DateTime result, out CanonicalTimestamp.Form? form)
    {
        form = null;
        if (CanonicalTimestamp.TryRead(value, out result, out var canonical))
        {
            form = canonical;
            return true;
        }
        if (DateTime.TryParseExact(value, TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.None,
            out result))
            return true;
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dto)
            && value.Contains('T'))
        {
            result = dto.UtcDateTime;
            return true;
        }
        return false;
    }

    /// <summary>True when <paramref name="value"/> is exactly one JSON value (white space around it allowed, no
    /// comments or trailing commas).</summary>
    /// <remarks>
    /// Read with <see cref="Utf8JsonReader"/> over the value's UTF-8 bytes (a stack or pooled buffer), which checks the
    /// grammar (RFC 8259 §2) without building a document: its defaults refuse comments, trailing commas and a second
    /// top-level value, as <see cref="JsonDocument.Parse(string, JsonDocumentOptions)"/> does. Text that is not valid
    /// UTF-16 (a lone surrogate) is not well-formed.
    /// </remarks>
    private static bool IsWellFormedJson(string value)
    {
        byte[]? rented = null;
        var max = StrictUtf8.GetMaxByteCount(value.Length);
        var buffer = max <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var reader = new Utf8JsonReader(buffer[..StrictUtf8.GetBytes(value, buffer)]);
            var tokens = 0;
            while (reader.Read()) tokens++;
            return tokens > 0;
        }
        catch (Exception ex) when (ex is JsonException or EncoderFallbackException)
        {
            return false;
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false,
        throwOnInvalidBytes: true);

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
