using System.Text.Json.Serialization;

namespace EcommerceLake.Orchestrator.Sagas;

/// <summary>Where one stream of a run is. Serialized as its name (in <c>jsonb</c> and in the HTTP API).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StreamRunStatus>))]
public enum StreamRunStatus
{
    /// <summary>Not started yet.</summary>
    Pending,
    /// <summary><c>ExtractStream</c> sent; waiting for <c>StreamExtracted</c>.</summary>
    Extracting,
    /// <summary><c>ProcessStream</c> sent; waiting for <c>StreamProcessed</c>.</summary>
    Processing,
    /// <summary><c>LoadStream</c> sent; waiting for <c>StreamLoaded</c>.</summary>
    Loading,
    /// <summary>The batch is in trusted and the stream's offset is committed.</summary>
    Loaded,
    /// <summary>A step failed; the stream's committed offset is unchanged.</summary>
    Failed,
    /// <summary>
    /// An operator had paused the stream when the run started: the run sent it nothing and left its offset as it was.
    /// </summary>
    Paused,
}
