namespace EcommerceLake.DemoSources.Olist;

/// <summary>
/// One Olist CSV as read: its header and every record, each value the exact text of the file (quotes removed,
/// doubled quotes unescaped, nothing trimmed) or null where the field was empty.
/// </summary>
/// <param name="Name">Table name (<see cref="OlistDataset.Orders"/>, <see cref="OlistDataset.OrderItems"/>,
/// …).</param>
/// <param name="Path">The <c>.csv.gz</c> file the table was read from.</param>
/// <param name="Header">Column names in file order (the UTF-8 BOM is not part of the first name).</param>
/// <param name="Rows">Records in file order; every array has <c>Header.Count</c> values.</param>
public sealed record OlistTable(string Name, string Path, IReadOnlyList<string> Header, IReadOnlyList<string?[]> Rows)
{
    /// <summary>Position of <paramref name="column"/> in <see cref="Header"/>.</summary>
    /// <exception cref="KeyNotFoundException">The table has no such column; the message lists the header.</exception>
    public int ColumnIndex(string column)
    {
        for (var i = 0; i < Header.Count; i++)
            if (string.Equals(Header[i], column, StringComparison.Ordinal)) return i;
        throw new KeyNotFoundException(
            $"Olist table '{Name}' has no column '{column}' (columns: {string.Join(", ", Header)}).");
    }
}
