namespace EcommerceLake.Streams;

/// <summary>
/// Reads, digit by digit, the text of a timestamp or a date that is already in the canonical form of
/// <see cref="ValueNormalizer"/>: <c>yyyy-MM-dd</c>, <c>yyyy-MM-dd HH:mm:ss</c>, or <c>yyyy-MM-dd HH:mm:ss.f</c> with 1
/// to 7 fraction digits, the last one not 0 (ASCII digits, fields in their ranges: year 1 to 9999, the month's days,
/// hours 0 to 23, minutes and seconds 0 to 59). Anything else, a valid timestamp in another form included, is not
/// read: the caller's general parser decides. This spares the culture-aware parser and a new string for the values
/// the lake's own connectors land, almost all of them.
/// </summary>
internal static class CanonicalTimestamp
{
    /// <summary>Which canonical form a text has.</summary>
    public enum Form
    {
        /// <summary><c>yyyy-MM-dd</c>: the canonical text of a date (midnight as a timestamp).</summary>
        Date,

        /// <summary><c>yyyy-MM-dd HH:mm:ss[.f…]</c>: the canonical text of a timestamp.</summary>
        DateAndTime,
    }

    /// <summary>Reads <paramref name="text"/> when it has one of the canonical forms.</summary>
    /// <param name="text">Trimmed text.</param>
    /// <param name="value">The instant, of unspecified kind, as the general parser would give it.</param>
    /// <param name="form">The form the text has.</param>
    /// <returns>False when the text has no canonical form or a field is out of range.</returns>
    public static bool TryRead(string text, out DateTime value, out Form form)
    {
        value = default;
        form = Form.Date;
        if (text.Length != 10 && (text.Length < 19 || text.Length == 20 || text.Length > 27)) return false;
        if (!Digits(text, 0, 4, out var year) || text[4] != '-' || !Digits(text, 5, 2, out var month)
            || text[7] != '-' || !Digits(text, 8, 2, out var day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            return false;
        if (text.Length == 10)
        {
            value = new DateTime(year, month, day);
            return true;
        }
        if (text[10] != ' ' || !Digits(text, 11, 2, out var hour) || text[13] != ':'
            || !Digits(text, 14, 2, out var minute) || text[16] != ':' || !Digits(text, 17, 2, out var second)
            || hour > 23 || minute > 59 || second > 59)
            return false;
        var ticks = 0;
        if (text.Length > 19)
        {
            var digits = text.Length - 20;
            if (text[19] != '.' || !Digits(text, 20, digits, out ticks) || text[^1] == '0') return false;
            for (var i = digits; i < 7; i++) ticks *= 10;
        }
        value = new DateTime(year, month, day, hour, minute, second).AddTicks(ticks);
        form = Form.DateAndTime;
        return true;
    }

    private static bool Digits(string text, int start, int count, out int number)
    {
        number = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = text[i] - '0';
            if (digit is < 0 or > 9) return false;
            number = number * 10 + digit;
        }
        return true;
    }
}
