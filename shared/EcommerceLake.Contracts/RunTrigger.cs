using System.Text.Json.Serialization;

namespace EcommerceLake.Contracts;

/// <summary>
/// What asked for a run (<see cref="RequestRun.Trigger"/>, <see cref="RunAccepted.Trigger"/>). Serialized by its wire
/// name by every serializer and stored under it in <c>orchestrator.pipeline_runs.trigger</c>. <see cref="Api"/> and
/// <see cref="Cli"/> are manual: a busy source refuses them. The others are automatic: a busy source coalesces them
/// into one follow-up run that starts when its active run ends.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunTrigger>))]
public enum RunTrigger
{
    /// <summary><c>api</c>: <c>POST /runs</c> on the orchestrator.</summary>
    [JsonStringEnumMemberName("api")]
    Api,

    /// <summary><c>cli</c>: the <c>lake</c> command's main job.</summary>
    [JsonStringEnumMemberName("cli")]
    Cli,

    /// <summary><c>schedule</c>: <c>Orchestrator:Schedules:{source}</c>.</summary>
    [JsonStringEnumMemberName("schedule")]
    Schedule,

    /// <summary><c>event:file-arrived</c>: the ingestion service saw a file in the drop that the committed ledger
    /// lacks (<see cref="SourceChangeKind.FileArrived"/>).</summary>
    [JsonStringEnumMemberName("event:file-arrived")]
    FileArrived,

    /// <summary><c>event:change-version</c>: the source's change-tracking version is past the committed offset
    /// (<see cref="SourceChangeKind.ChangeVersion"/>).</summary>
    [JsonStringEnumMemberName("event:change-version")]
    ChangeVersion,

    /// <summary><c>event:webhook</c>: a signed <c>POST /webhooks/reviews</c>.</summary>
    [JsonStringEnumMemberName("event:webhook")]
    Webhook,

    /// <summary><c>follow-up</c>: started when a run ended with coalesced automatic requests pending; its
    /// <c>RequestedBy</c> is the first coalesced request's.</summary>
    [JsonStringEnumMemberName("follow-up")]
    FollowUp,

    /// <summary><c>dashboard</c>: the operations console's "Start a run" button, by the signed-in principal.</summary>
    [JsonStringEnumMemberName("dashboard")]
    Dashboard,
}
