namespace EcommerceLake.Processing.Dataproc;

/// <summary>One stream's PySpark job in a run.</summary>
/// <param name="RunId">The run; with the stream it gives the job id and the submit request id.</param>
/// <param name="Source">Source name (label <c>source</c>).</param>
/// <param name="Stream">Stream name (label <c>stream</c>).</param>
/// <param name="ClusterName">The cluster to run on (<c>placement.clusterName</c>).</param>
/// <param name="MainPythonFileUri">URI of the driver (<c>pysparkJob.mainPythonFileUri</c>), <c>gs://…</c> in
/// production.</param>
/// <param name="PythonFileUris">URIs of the driver's modules (<c>pysparkJob.pythonFileUris</c>).</param>
/// <param name="Args">The driver's arguments (<c>pysparkJob.args</c>).</param>
public sealed record DataprocJobSubmission(
    Guid RunId,
    string Source,
    string Stream,
    string ClusterName,
    string MainPythonFileUri,
    IReadOnlyList<string> PythonFileUris,
    IReadOnlyList<string> Args)
{
    /// <summary>The job id: <see cref="DataprocNames.JobId"/>.</summary>
    public string JobId => DataprocNames.JobId(RunId, Source, Stream);
}
