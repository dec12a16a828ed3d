using System.Text.Json;

namespace EcommerceLake.Orchestrator.Api;

/// <summary>Body of <c>POST /offsets/{source}/{stream}/reset</c>; who resets is the authenticated principal.</summary>
public sealed class ResetOffsetRequest
{
    /// <summary>
    /// The new offset: a JSON value in the connector's offset format (for example <c>{"changeVersion": 0}</c>, or a
    /// string holding that JSON text), or null / absent to delete the offset so the next run reads the stream from
    /// scratch (a full snapshot).
    /// </summary>
    public JsonElement? Offset { get; set; }

    /// <summary>Why (required), for the audit.</summary>
    public string? Reason { get; set; }
}
