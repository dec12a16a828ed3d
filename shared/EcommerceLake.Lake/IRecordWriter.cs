namespace EcommerceLake.Lake;

/// <summary>
/// Writes the records of one part, one at a time, as UTF-8 into the stream it was opened on
/// (<see cref="IRecordFormat.OpenWriter"/>), reusing its buffers from record to record. Disposing flushes what is
/// buffered and leaves the stream open.
/// </summary>
public interface IRecordWriter : IDisposable
{
    /// <summary>Writes one record; its values align with the columns the writer was opened with.</summary>
    void Write(string?[] record);
}
