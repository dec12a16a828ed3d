using System.Text.Json.Serialization;

namespace EcommerceLake.Contracts;

/// <summary>
/// How a run ended, as told to <see cref="DeleteCluster"/>. Serialized by name, lower case (<c>completed</c>,
/// <c>failed</c>), by every serializer (the attribute travels with the type), so the wire is what the string was.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunOutcome>))]
public enum RunOutcome
{
    /// <summary>Every stream reached trusted and the marts were built.</summary>
    [JsonStringEnumMemberName("completed")]
    Completed,

    /// <summary>The run failed (a failed step, failed marts, a deadline, a cancellation, a run that could not
    /// start).</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
}
