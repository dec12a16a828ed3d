using System.Text.Json.Serialization;

namespace EcommerceLake.Contracts;

/// <summary>
/// What a detector saw (<see cref="SourceChangeDetected.Kind"/>), serialized by its wire name (<c>file-arrived</c>,
/// <c>change-version</c>) by every serializer. A kind outside the set fails deserialization, so the event lands in
/// the consumer's error queue instead of starting a run.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<SourceChangeKind>))]
public enum SourceChangeKind
{
    /// <summary>A new or changed file in the file drop, absent from the stream's committed ledger.</summary>
    [JsonStringEnumMemberName("file-arrived")]
    FileArrived,

    /// <summary>The source's current change-tracking version is past a stream's committed offset.</summary>
    [JsonStringEnumMemberName("change-version")]
    ChangeVersion,
}
