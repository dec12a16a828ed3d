namespace EcommerceLake.Processing.Dataproc;

/// <summary>
/// A Dataproc cluster or job reached a failed state: the cluster is in <c>ERROR</c>, or the job ended in <c>ERROR</c>,
/// <c>CANCELLED</c> or a non-restartable <c>ATTEMPT_FAILURE</c>. The message carries Dataproc's own detail
/// (<c>status.detail</c> / <c>status.details</c>) and, for a job, where its driver output is.
/// </summary>
/// <param name="message">What failed and Dataproc's detail.</param>
/// <param name="resource">The cluster name or job id.</param>
/// <param name="state">Dataproc's state, for example <c>ERROR</c>.</param>
/// <param name="detail">Dataproc's detail text, when given.</param>
public sealed class DataprocException(string message, string resource, string state, string? detail)
    : Exception(message)
{
    /// <summary>The cluster name or job id.</summary>
    public string Resource { get; } = resource;

    /// <summary>Dataproc's state, for example <c>ERROR</c>.</summary>
    public string State { get; } = state;

    /// <summary>Dataproc's detail text, when given.</summary>
    public string? Detail { get; } = detail;
}
