using System.Text.Json.Serialization;

namespace EcommerceLake.Contracts;

/// <summary>
/// How urgent an <see cref="AlertRaised"/> is. Serialized by its lower-case wire name (<c>error</c>, <c>warning</c>)
/// by every serializer, and stored under that name in <c>orchestrator.alerts.severity</c>.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertSeverity>))]
public enum AlertSeverity
{
    /// <summary>Something failed (logged at Error).</summary>
    [JsonStringEnumMemberName("error")]
    Error,

    /// <summary>Something takes too long (logged at Warning).</summary>
    [JsonStringEnumMemberName("warning")]
    Warning,
}
