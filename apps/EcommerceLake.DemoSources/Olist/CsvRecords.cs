using CsvHelper;

namespace EcommerceLake.DemoSources.Olist;

/// <summary>
/// Strict RFC 4180 reading with CsvHelper 34: separator ',' (never guessed), a UTF-8 BOM is dropped, quoted fields may
/// hold separators, doubled quotes and line breaks (CRLF kept as is), values are never trimmed, an empty field
/// (quoted or not) becomes null. Malformed quoting and a record whose field count differs from the header's are
/// errors that name the file and line.
/// </summary>
internal static class CsvRecords
{
    private static readonly CsvReaderOptions Options = CsvReaderOptions.Default with
    {
        Separator = ',',
        HasHeader = true,
        Mode = CsvMode.Rfc4180,
        TrimWhitespace = false,
        TrimInsideQuotes = false,
        AllowLineBreaksInQuotes = true,
        DetectSeparatorHint = false,
        MalformedData = CsvMalformedDataHandling.Throw,
        FieldCountMismatch = CsvFieldCountHandling.Throw,
        TrackLineNumbers = true,
    };

    /// <summary>Reads the header and every record of <paramref name="stream"/> (left open).</summary>
    /// <param name="stream">UTF-8 CSV, with or without BOM.</param>
    /// <param name="origin">Names the input in error messages (a path).</param>
    /// <exception cref="InvalidDataException">The input has no header or is not well-formed CSV; the message names
    /// <paramref name="origin"/> and the line.</exception>
    public static (string[] Header, List<string?[]> Rows) Read(Stream stream, string origin)
    {
        using var reader = CsvReader.Create(stream, Options, leaveOpen: true);
        try
        {
            var header = reader.Headers.ToArray();
            if (header.Length == 0)
                throw new InvalidDataException($"{origin}: the file is empty (no header).");
            var rows = new List<string?[]>();
            while (reader.Read())
            {
                var row = new string?[header.Length];
                for (var i = 0; i < row.Length; i++)
                    row[i] = reader.IsEmpty(i) ? null : reader.GetString(i);
                rows.Add(row);
            }
            return (header, rows);
        }
        catch (CsvFormatException e)
        {
            throw new InvalidDataException($"{origin}: {e.Message}", e);
        }
    }
}
