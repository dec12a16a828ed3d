using System.Security.Cryptography;
using System.Text;
using EcommerceLake.Google;

namespace EcommerceLake.Processing.Dataproc;

/// <summary>
/// Deterministic identifiers of a run's Dataproc requests, so that a retried or redelivered request is recognised by
/// Dataproc instead of acting twice. Request ids: at most 40 of <c>[a-zA-Z0-9_-]</c>
/// (https://cloud.google.com/dataproc/docs/reference/rest/v1/projects.regions.clusters/create); job ids: at most 100 of
/// <c>[a-zA-Z0-9_-]</c> (https://cloud.google.com/dataproc/docs/reference/rest/v1/JobReference); label values: at most
/// 63 lower-case letters, digits, <c>_</c> or <c>-</c>.
/// </summary>
public static class DataprocNames
{
    /// <summary>Label carrying the run id (<c>N</c> format) on clusters and jobs.</summary>
    public const string RunLabel = "lake-run-id";

    /// <summary>Label <c>managed-by</c> = <see cref="ManagedByValue"/> on clusters and jobs.</summary>
    public const string ManagedByLabel = "managed-by";

    /// <summary>Value of <see cref="ManagedByLabel"/>.</summary>
    public const string ManagedByValue = "ecommercelake";

    /// <summary>
    /// A regional Dataproc resource: <c>{DataprocBaseUri}v1/projects/{project}/regions/{region}/{relative}</c>
    /// (https://cloud.google.com/dataproc/docs/reference/rest#rest-resource:-v1.projects.regions.clusters).
    /// </summary>
    public static Uri RegionUri(GoogleCloudOptions google, string relative) =>
        new(google.DataprocBaseUri, $"v1/projects/{google.ProjectId}/regions/{google.Region}/{relative}");

    /// <summary>Request id of the creation of the run's cluster: <c>create-{run:N}</c> (39 characters).</summary>
    public static string CreateClusterRequestId(Guid runId) => $"create-{runId:N}";

    /// <summary>Request id of the deletion of the run's cluster: <c>delete-{run:N}</c> (39 characters).</summary>
    public static string DeleteClusterRequestId(Guid runId) => $"delete-{runId:N}";

    /// <summary>
    /// Job id of a stream's job in a run: <c>lake-{source}-{stream}-{run:N}</c> (letters, digits, <c>_</c>, <c>-</c>);
    /// when longer than 100 characters, the source and stream part is replaced by the first 16 hex digits of its
    /// SHA-256.
    /// </summary>
    public static string JobId(Guid runId, string source, string stream)
    {
        var name = Clean($"{source}-{stream}");
        var id = $"lake-{name}-{runId:N}";
        return id.Length <= 100 ? id : $"lake-{Hash(name)[..16]}-{runId:N}";
    }

    /// <summary>Request id of the submission of a stream's job: <c>submit-</c> + the first 32 hex digits of the SHA-256
    /// of its job id (39 characters).</summary>
    public static string SubmitJobRequestId(Guid runId, string source, string stream)
        => $"submit-{Hash(JobId(runId, source, stream))[..32]}";

    /// <summary>A label value: lower-cased, characters outside <c>[a-z0-9_-]</c> replaced by <c>_</c>, cut to
    /// 63.</summary>
    public static string LabelValue(string value)
    {
        var clean = new string(value.ToLowerInvariant()
            .Select(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' or '-' ? c : '_').ToArray());
        return clean.Length <= 63 ? clean : clean[..63];
    }

    private static string Clean(string value) =>
        new(value.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_').ToArray());

    private static string Hash(string value)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
