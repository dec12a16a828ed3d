using System.Globalization;
using EcommerceLake.Streams;

namespace EcommerceLake.Ingestion.Connectors.Marketplace;

/// <summary>
/// The land text of a value read from SQL Server by Microsoft.Data.SqlClient, culture-invariant: <c>datetime</c>,
/// <c>datetime2</c> and <c>smalldatetime</c> as <c>yyyy-MM-dd HH:mm:ss[.fffffff]</c> (trailing zero digits dropped),
/// or <c>yyyy-MM-dd</c> for a spec column of type <see cref="ColumnType.Date"/>; <c>datetimeoffset</c> converted to UTC
/// first; <c>decimal</c>/<c>money</c> with '.' and no grouping (its scale kept); <c>float</c>/<c>real</c> as the
/// shortest round-trip text; <c>bit</c> as <c>true</c>/<c>false</c>; <c>uniqueidentifier</c> as 36-character lower-case
/// text; <c>time</c> as <c>HH:mm:ss[.fffffff]</c>; binary as lower-case hex; text as it is.
/// </summary>
public static class SqlServerValues
{
    /// <summary>The text of <paramref name="value"/> (null for null or <see cref="DBNull"/>), as the column's type
    /// asks.</summary>
    public static string? ToText(object? value, ColumnType type) => value switch
    {
        null or DBNull => null,
        string s => s,
        DateTime d when type == ColumnType.Date => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        DateTimeOffset o => ToText(o.UtcDateTime, type),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeSpan t => t.ToString(@"hh\:mm\:ss\.FFFFFFF", CultureInfo.InvariantCulture).TrimEnd('.'),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        double f => f.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        Guid g => g.ToString("D"),
        byte[] bytes => Convert.ToHexStringLower(bytes),
        char c => c.ToString(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
