using System.Text;

namespace EcommerceLake.Lake;

/// <summary>
/// RFC 4180 CSV with a header line, gzip-compressed: the raw zone's format, readable as is by PostgreSQL's
/// <c>COPY … (FORMAT csv, HEADER true)</c> and BigQuery's CSV load. A null is an empty unquoted field; an empty
/// string is <c>""</c> (PostgreSQL's CSV convention); fields with a quote, comma, CR or LF are quoted.
/// </summary>
public sealed class CsvRecordFormat : IRecordFormat
{
    /// <inheritdoc />
    public string Extension => "csv.gz";

    /// <inheritdoc />
    public void Write(TextWriter output, IReadOnlyList<string> columns, IEnumerable<string?[]> records)
    {
        WriteHeader(output, columns);
        foreach (var record in records) WriteRecord(output, record);
    }

    /// <inheritdoc />
    public IRecordWriter OpenWriter(Stream output, IReadOnlyList<string> columns)
    {
        var text = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        WriteHeader(text, columns);
        return new Writer(text);
    }

    private static void WriteHeader(TextWriter output, IReadOnlyList<string> columns)
    {
        output.Write(string.Join(',', columns));
        output.Write('\n');
    }

    private static void WriteRecord(TextWriter output, string?[] record)
    {
        for (var i = 0; i < record.Length; i++)
        {
            if (i > 0) output.Write(',');
            WriteField(output, record[i]);
        }
        output.Write('\n');
    }

    /// <inheritdoc />
    public IEnumerable<string?[]> Read(TextReader input, IReadOnlyList<string> columns)
    {
        var header = ReadRecord(input);
        if (header is null) yield break;
        if (!header.SequenceEqual(columns))
            throw new InvalidDataException($"CSV header '{string.Join(',', header)}' does not match the batch " +
                $"columns '{string.Join(',', columns)}'.");
        while (ReadRecord(input) is { } record)
        {
            if (record.Length != columns.Count)
                throw new InvalidDataException($"CSV record has {record.Length} fields, expected {columns.Count}.");
            yield return record;
        }
    }

    private sealed class Writer(StreamWriter text) : IRecordWriter
    {
        public void Write(string?[] record) => WriteRecord(text, record);

        public void Dispose() => text.Dispose();
    }

    private static void WriteField(TextWriter output, string? value)
    {
        if (value is null) return;
        if (value.Length > 0 && value.AsSpan().IndexOfAny("\",\r\n") < 0)
        {
            output.Write(value);
            return;
        }
        // Quoted, each quote doubled (RFC 4180 §2.7), written piece by piece rather than through a replaced copy.
        output.Write('"');
        var rest = value.AsSpan();
        for (var quote = rest.IndexOf('"'); quote >= 0; quote = rest.IndexOf('"'))
        {
            output.Write(rest[..(quote + 1)]);
            output.Write('"');
            rest = rest[(quote + 1)..];
        }
        output.Write(rest);
        output.Write('"');
    }

    private static string?[]? ReadRecord(TextReader input)
    {
        var fields = new List<string?>();
        var field = new StringBuilder();
        bool quoted = false, wasQuoted = false, any = false;
        while (true)
        {
            var c = input.Read();
            if (c < 0)
            {
                if (!any) return null;
                fields.Add(wasQuoted || field.Length > 0 ? field.ToString() : null);
                return fields.ToArray();
            }
            any = true;
            var ch = (char)c;
            if (quoted)
            {
                if (ch != '"') field.Append(ch);
                else if (input.Peek() == '"') { input.Read(); field.Append('"'); }
                else quoted = false;
            }
            else if (ch == '"') { quoted = true; wasQuoted = true; }
            else if (ch == ',')
            {
                fields.Add(wasQuoted || field.Length > 0 ? field.ToString() : null);
                field.Clear();
                wasQuoted = false;
            }
            else if (ch == '\n')
            {
                fields.Add(wasQuoted || field.Length > 0 ? field.ToString() : null);
                return fields.ToArray();
            }
            else if (ch != '\r') field.Append(ch);
        }
    }
}
