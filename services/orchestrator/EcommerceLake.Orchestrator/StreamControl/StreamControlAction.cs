using System.Text.Json.Serialization;

namespace EcommerceLake.Orchestrator.StreamControl;

/// <summary>What an operator did to a stream's switches; stored and served as its name (<c>Pause</c>, <c>Resume</c>,
/// <c>ForceFull</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StreamControlAction>))]
public enum StreamControlAction
{
    /// <summary>Runs skip the stream from now on.</summary>
    Pause,

    /// <summary>Runs take the stream again.</summary>
    Resume,

    /// <summary>The next run that loads the stream reads it whole, whatever its offset.</summary>
    ForceFull,
}
