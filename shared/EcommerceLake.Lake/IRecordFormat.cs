namespace EcommerceLake.Lake;

/// <summary>How a batch's records are stored in its part files. Records are arrays of nullable text aligned with the
/// batch's columns.</summary>
public interface IRecordFormat
{
    /// <summary>Part file extension without the dot, for example <c>ndjson.gz</c>.</summary>
    string Extension { get; }

    /// <summary>Writes the records of one part to <paramref name="output"/> (which the caller compresses and
    /// closes).</summary>
    void Write(TextWriter output, IReadOnlyList<string> columns, IEnumerable<string?[]> records);

    /// <summary>
    /// Opens a writer of one part's records as UTF-8 bytes on <paramref name="output"/> (which the caller compresses
    /// and closes; it stays open when the writer is disposed). The format's header, if any, is written first. The
    /// bytes are the same as <see cref="Write"/>'s.
    /// </summary>
    IRecordWriter OpenWriter(Stream output, IReadOnlyList<string> columns);

    /// <summary>Reads the records of one part from <paramref name="input"/> (already decompressed).</summary>
    /// <exception cref="InvalidDataException">The part is not in this format or its columns differ from
    /// <paramref name="columns"/>.</exception>
    IEnumerable<string?[]> Read(TextReader input, IReadOnlyList<string> columns);
}
