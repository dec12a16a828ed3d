using System.Text.Json;

namespace EcommerceLake.Processing.Dataproc;

/// <summary>
/// What this service reads of a Dataproc job
/// (https://cloud.google.com/dataproc/docs/reference/rest/v1/projects.regions.jobs#Job).
/// </summary>
/// <param name="JobId"><c>reference.jobId</c>.</param>
/// <param name="State">
/// <c>status.state</c>: STATE_UNSPECIFIED, PENDING, SETUP_DONE, RUNNING, CANCEL_PENDING, CANCEL_STARTED, CANCELLED,
/// DONE, ERROR or ATTEMPT_FAILURE
/// (https://cloud.google.com/dataproc/docs/reference/rest/v1/projects.regions.jobs#State).
/// </param>
/// <param name="Details"><c>status.details</c>: the failure of an ERROR or ATTEMPT_FAILURE, when given.</param>
/// <param name="StateStartTime"><c>status.stateStartTime</c> (RFC 3339), when given.</param>
/// <param name="DriverOutputResourceUri"><c>driverOutputResourceUri</c>: the Cloud Storage prefix of the driver's
/// output, when given.</param>
public sealed record DataprocJob(string JobId, string State, string? Details, string? StateStartTime,
    string? DriverOutputResourceUri)
{
    /// <summary>Reads a Job resource.</summary>
    public static DataprocJob Parse(JsonElement json)
    {
        var status = json.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Object ? s : default;
        string? Status(string name) => status.ValueKind == JsonValueKind.Object
            && status.TryGetProperty(name, out var v) ? v.GetString() : null;
        var jobId = json.TryGetProperty("reference", out var r) && r.TryGetProperty("jobId", out var id)
            ? id.GetString() ?? "" : "";
        return new DataprocJob(jobId, Status("state") ?? "STATE_UNSPECIFIED", Status("details"),
            Status("stateStartTime"),
            json.TryGetProperty("driverOutputResourceUri", out var d) ? d.GetString() : null);
    }
}
