using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace EcommerceLake.Lake;

/// <summary>
/// Newline-delimited JSON (one object per line, <see href="https://github.com/ndjson/ndjson-spec"/>), gzip-compressed:
/// the land zone's format. Values are JSON strings or null; on reading, a non-string JSON value (a number, a nested
/// array or object) is kept as its raw JSON text, so nested vendor payloads survive intact.
/// </summary>
public sealed class NdjsonRecordFormat : IRecordFormat
{
    private static readonly JsonWriterOptions WriterOptions =
        new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <inheritdoc />
    public string Extension => "ndjson.gz";

    /// <inheritdoc />
    public void Write(TextWriter output, IReadOnlyList<string> columns, IEnumerable<string?[]> records)
    {
        using var buffer = new MemoryStream();
        using (var writer = OpenWriter(buffer, columns))
            foreach (var record in records) writer.Write(record);
        output.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    /// <inheritdoc />
    public IRecordWriter OpenWriter(Stream output, IReadOnlyList<string> columns) => new Writer(output, columns);

    /// <inheritdoc />
    public IEnumerable<string?[]> Read(TextReader input, IReadOnlyList<string> columns)
    {
        var index = columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var lineNumber = 0;
        while (input.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var record = new string?[columns.Count];
            using var doc = JsonDocument.Parse(line);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (!index.TryGetValue(property.Name, out var i))
                    throw new InvalidDataException(
                        $"Line {lineNumber}: field '{property.Name}' is not a column of this batch.");
                record[i] = property.Value.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.String => property.Value.GetString(),
                    _ => property.Value.GetRawText(),
                };
            }
            yield return record;
        }
    }

    /// <summary>One <see cref="Utf8JsonWriter"/> for the whole part, reset after each line (no allocation per
    /// record).</summary>
    private sealed class Writer : IRecordWriter
    {
        private static readonly byte[] NewLine = "\n"u8.ToArray();
        private readonly Stream _output;
        private readonly JsonEncodedText[] _names;
        private readonly Utf8JsonWriter _json;

        public Writer(Stream output, IReadOnlyList<string> columns)
        {
            _output = output;
            _names = columns.Select(c => JsonEncodedText.Encode(c, WriterOptions.Encoder)).ToArray();
            _json = new Utf8JsonWriter(output, WriterOptions);
        }

        public void Write(string?[] record)
        {
            _json.WriteStartObject();
            for (var i = 0; i < _names.Length; i++)
            {
                if (record[i] is { } value) _json.WriteString(_names[i], value);
                else _json.WriteNull(_names[i]);
            }
            _json.WriteEndObject();
            _json.Flush();
            _json.Reset();
            _output.Write(NewLine);
        }

        public void Dispose() => _json.Dispose();
    }
}
