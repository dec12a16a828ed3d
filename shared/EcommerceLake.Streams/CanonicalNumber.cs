namespace EcommerceLake.Streams;

/// <summary>
/// Recognizes, character by character, a number already written as <see cref="ValueNormalizer"/> would write it
/// (invariant culture): an optional <c>-</c>, then <c>0</c> or digits not starting with <c>0</c>, and for a decimal
/// an optional <c>.</c> with at least one digit (the scale is kept, so <c>58.90</c> stays as it is). Only numbers that
/// cannot overflow their type are recognized: up to 9 digits for <c>int</c>, 18 for <c>bigint</c> and
/// <c>decimal</c>. A negative zero, a <c>+</c>, white space, leading zeros or any longer number is not recognized: the
/// caller's parser decides.
/// </summary>
internal static class CanonicalNumber
{
    /// <summary>True when <paramref name="text"/> is the canonical text of a <paramref name="type"/> value.</summary>
    public static bool Is(string text, ColumnType type)
    {
        var i = text.Length > 0 && text[0] == '-' ? 1 : 0;
        var integerStart = i;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        var integerDigits = i - integerStart;
        if (integerDigits == 0 || (integerDigits > 1 && text[integerStart] == '0')) return false;
        var fractionDigits = 0;
        if (i < text.Length && text[i] == '.' && type == ColumnType.Decimal)
        {
            var fractionStart = ++i;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            fractionDigits = i - fractionStart;
            if (fractionDigits == 0) return false;
        }
        if (i != text.Length) return false;
        var digits = integerDigits + fractionDigits;
        if (digits > (type == ColumnType.Int ? 9 : 18)) return false;
        // "-0" and "-0.00" are written without their sign.
        return integerStart == 0 || text.AsSpan(1).IndexOfAnyExcept("0.") >= 0;
    }
}
