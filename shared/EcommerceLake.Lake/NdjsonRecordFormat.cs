using System.Buffers;
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

    /// <summary>
    /// Reads the lines as UTF-8 bytes with <see cref="Utf8JsonReader"/> (no decoded line string, no document per
    /// line); nested values keep their raw JSON text, as <see cref="Read(TextReader, IReadOnlyList{string})"/> does.
    /// A UTF-8 byte order mark at the start and a CR before a line feed are ignored.
    /// </summary>
    /// <exception cref="InvalidDataException">A line names a field that is not a column.</exception>
    /// <exception cref="JsonException">A line is not a JSON object.</exception>
    public IEnumerable<string?[]> Read(Stream input, IReadOnlyList<string> columns)
    {
        var names = columns.Select(c => Encoding.UTF8.GetBytes(c)).ToArray();
        var buffer = new byte[1 << 16];
        int start = 0, end = 0, lineNumber = 0;
        var atStart = true;
        while (true)
        {
            var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
            if (newline < 0)
            {
                // Move the partial line to the front, grow if it fills the buffer, read more.
                if (start > 0)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    (end, start) = (end - start, 0);
                }
                if (end == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                var read = input.Read(buffer, end, buffer.Length - end);
                if (read > 0)
                {
                    end += read;
                    if (atStart && end >= 3)
                    {
                        if (buffer.AsSpan(0, 3).SequenceEqual("\uFEFF"u8)) start = 3;
                        atStart = false;
                    }
                    continue;
                }
                if (end == start) yield break;
                newline = end - start; // a last line without a line feed
            }
            var line = buffer.AsSpan(start, newline);
            start += Math.Min(newline + 1, end - start);
            lineNumber++;
            if (line.Length > 0 && line[^1] == (byte)'\r') line = line[..^1];
            if (line.Length == 0) continue;
            yield return ParseLine(line, names, lineNumber);
        }
    }

    private static string?[] ParseLine(ReadOnlySpan<byte> line, byte[][] names, int lineNumber)
    {
        var record = new string?[names.Length];
        var json = new Utf8JsonReader(line);
        if (!json.Read() || json.TokenType != JsonTokenType.StartObject)
            throw new JsonException($"Line {lineNumber}: not a JSON object.");
        var next = 0;
        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            var i = ColumnOf(ref json, names, next) ?? throw new InvalidDataException(
                $"Line {lineNumber}: field '{json.GetString()}' is not a column of this batch.");
            next = i + 1;
            json.Read();
            switch (json.TokenType)
            {
                case JsonTokenType.Null:
                    record[i] = null;
                    break;
                case JsonTokenType.String:
                    record[i] = json.GetString();
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    var from = (int)json.TokenStartIndex;
                    json.Skip();
                    record[i] = Encoding.UTF8.GetString(line[from..(int)json.BytesConsumed]);
                    break;
                default:
                    record[i] = Encoding.UTF8.GetString(json.ValueSpan);
                    break;
            }
        }
        if (json.TokenType != JsonTokenType.EndObject || json.Read())
            throw new JsonException($"Line {lineNumber}: not a single JSON object.");
        return record;
    }

    // Fields come in column order when this format wrote them: try the expected one first.
    private static int? ColumnOf(ref Utf8JsonReader json, byte[][] names, int expected)
    {
        if (expected < names.Length && json.ValueTextEquals(names[expected])) return expected;
        for (var i = 0; i < names.Length; i++)
            if (i != expected && json.ValueTextEquals(names[i])) return i;
        return null;
    }

    /// <summary>One <see cref="Utf8JsonWriter"/> over one reused buffer for the whole part: each line is written to
    /// the buffer and copied to the output with one write, so the output (a buffered gzip stream) is never flushed
    /// per record; a flush would make gzip emit a sync block for every line.</summary>
    private sealed class Writer : IRecordWriter
    {
        private readonly Stream _output;
        private readonly JsonEncodedText[] _names;
        private readonly ArrayBufferWriter<byte> _line = new(1 << 12);
        private readonly Utf8JsonWriter _json;

        public Writer(Stream output, IReadOnlyList<string> columns)
        {
            _output = output;
            _names = columns.Select(c => JsonEncodedText.Encode(c, WriterOptions.Encoder)).ToArray();
            _json = new Utf8JsonWriter(_line, WriterOptions);
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
            _line.Write("\n"u8);
            _output.Write(_line.WrittenSpan);
            _line.ResetWrittenCount();
            _json.Reset();
        }

        public void Dispose() => _json.Dispose();
    }
}
