using System.Text.Json;

namespace EcommerceLake.Processing.Dataproc;

/// <summary>
/// What this service reads of a Dataproc cluster
/// (https://cloud.google.com/dataproc/docs/reference/rest/v1/projects.regions.clusters#Cluster).
/// </summary>
/// <param name="Name">The cluster name.</param>
/// <param name="State"><c>status.state</c>: CREATING, RUNNING, ERROR, ERROR_DUE_TO_UPDATE, DELETING, UPDATING,
/// STOPPING, STOPPED, STARTING, REPAIRING or UNKNOWN.</param>
/// <param name="Detail"><c>status.detail</c>, when given (the reason of an ERROR).</param>
/// <param name="Uuid"><c>clusterUuid</c>.</param>
/// <param name="Labels">The cluster's labels.</param>
public sealed record DataprocCluster(string Name, string State, string? Detail, string? Uuid,
    IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>True for RUNNING.</summary>
    public bool IsRunning => State == "RUNNING";

    /// <summary>True for ERROR and ERROR_DUE_TO_UPDATE.</summary>
    public bool IsFailed => State is "ERROR" or "ERROR_DUE_TO_UPDATE";

    /// <summary>Reads a Cluster resource.</summary>
    public static DataprocCluster Parse(JsonElement json)
    {
        var status = json.TryGetProperty("status", out var s) ? s : default;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (json.TryGetProperty("labels", out var l) && l.ValueKind == JsonValueKind.Object)
            foreach (var p in l.EnumerateObject()) labels[p.Name] = p.Value.GetString() ?? "";
        return new DataprocCluster(
            json.TryGetProperty("clusterName", out var n) ? n.GetString() ?? "" : "",
            status.ValueKind == JsonValueKind.Object && status.TryGetProperty("state", out var st) ? st.GetString()
            ?? "UNKNOWN" : "UNKNOWN",
            status.ValueKind == JsonValueKind.Object && status.TryGetProperty("detail", out var d) ? d.GetString()
            : null,
            json.TryGetProperty("clusterUuid", out var u) ? u.GetString() : null,
            labels);
    }
}
