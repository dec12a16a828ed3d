namespace EcommerceLake.Warehouse.BigQuery;

/// <summary>
/// A BigQuery job ended with <c>status.errorResult</c> (https://cloud.google.com/bigquery/docs/error-messages). The
/// message names the job id, BigQuery's reason and message, and the first entry of <c>status.errors</c> when it says
/// more. A failed script job rolled its transaction back: the warehouse is as it was before the job.
/// </summary>
public sealed class BigQueryJobException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="jobId">The failed job.</param>
    /// <param name="reason"><c>errorResult.reason</c> (<c>invalidQuery</c>, <c>invalid</c>, <c>stopped</c>,
    /// …).</param>
    /// <param name="googleMessage"><c>errorResult.message</c>.</param>
    /// <param name="firstReason"><c>errors[0].reason</c>, when given.</param>
    /// <param name="firstMessage"><c>errors[0].message</c>, when given.</param>
    /// <param name="firstLocation"><c>errors[0].location</c> (a file or a position), when given.</param>
    public BigQueryJobException(string jobId, string? reason, string googleMessage, string? firstReason,
        string? firstMessage, string? firstLocation)
        : base($"BigQuery job {jobId} failed ({reason ?? "no reason"}): {googleMessage}" +
               (firstMessage is not null && firstMessage != googleMessage
                   ? " First error " +
                   $"({firstReason ?? "no reason"}" +
                   $"{(firstLocation is null ? "" : " at " + firstLocation)}): {firstMessage}"
                   : ""))
    {
        JobId = jobId;
        Reason = reason;
        GoogleMessage = googleMessage;
    }

    /// <summary>The failed job's id.</summary>
    public string JobId { get; }

    /// <summary><c>errorResult.reason</c>.</summary>
    public string? Reason { get; }

    /// <summary><c>errorResult.message</c>.</summary>
    public string GoogleMessage { get; }
}
