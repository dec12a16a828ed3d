using System.Text.Json;

namespace EcommerceLake.Warehouse.BigQuery;

/// <summary>
/// A BigQuery job resource as <c>jobs.insert</c> and <c>jobs.get</c> answer it
/// (https://cloud.google.com/bigquery/docs/reference/rest/v2/Job): its id, <c>status.state</c> (<c>PENDING</c>,
/// <c>RUNNING</c>, <c>DONE</c>) and, for a failed job, <c>status.errorResult</c> and the first of <c>status.errors</c>.
/// </summary>
/// <param name="JobId">The job id (<c>jobReference.jobId</c>).</param>
/// <param name="State"><c>status.state</c>.</param>
/// <param name="Resource">The whole job resource.</param>
public sealed record BigQueryJob(string JobId, string State, JsonElement Resource)
{
    /// <summary>True when <see cref="State"/> is <c>DONE</c> (successful or not).</summary>
    public bool IsDone => State == "DONE";

    /// <summary><c>status.errorResult</c>, present when the job failed.</summary>
    public JsonElement? ErrorResult =>
        Resource.TryGetProperty("status", out var status) && status.TryGetProperty("errorResult", out var error)
            && error.ValueKind == JsonValueKind.Object
            ? error : null;

    /// <summary>True when the job is done and failed.</summary>
    public bool Failed => IsDone && ErrorResult is not null;

    /// <summary>Reads a job resource.</summary>
    /// <exception cref="InvalidDataException">The resource has no <c>jobReference.jobId</c> or
    /// <c>status.state</c>.</exception>
    public static BigQueryJob From(JsonElement resource)
    {
        var id = resource.TryGetProperty("jobReference", out var reference)
            && reference.TryGetProperty("jobId", out var j) ? j.GetString() : null;
        var state = resource.TryGetProperty("status", out var status) && status.TryGetProperty("state", out var s)
            ? s.GetString() : null;
        if (id is null || state is null)
            throw new InvalidDataException("A BigQuery job resource without jobReference.jobId or status.state.");
        return new BigQueryJob(id, state, resource);
    }

    /// <summary>The exception describing the failure of this job (call when <see cref="Failed"/>).</summary>
    public BigQueryJobException ToException()
    {
        var error = ErrorResult ?? default;
        string? Text(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object
            && e.TryGetProperty(name, out var v) ? v.GetString() : null;
        JsonElement first = default;
        if (Resource.TryGetProperty("status", out var status) && status.TryGetProperty("errors", out var errors)
            && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
            first = errors[0];
        return new BigQueryJobException(JobId, Text(error, "reason"), Text(error, "message") ?? "no message",
            Text(first, "reason"), Text(first, "message"), Text(first, "location"));
    }
}
