using System.Text.Json;

namespace EcommerceLake.Testing.Fakes.Dataproc;

/// <summary>A job in the fake Dataproc
/// (https://cloud.google.com/dataproc/docs/reference/rest/v1/projects.regions.jobs#Job).</summary>
public sealed class FakeDataprocJob
{
    internal FakeDataprocJob(string jobId, string requestId, string clusterName, string clusterUuid, JsonElement job)
    {
        JobId = jobId;
        RequestId = requestId;
        ClusterName = clusterName;
        ClusterUuid = clusterUuid;
        Body = job;
        var pyspark = job.TryGetProperty("pysparkJob", out var p) ? p : default;
        MainPythonFileUri = pyspark.ValueKind == JsonValueKind.Object
            && pyspark.TryGetProperty("mainPythonFileUri", out var m)
            ? m.GetString() ?? ""
            : "";
        PythonFileUris = Strings(pyspark, "pythonFileUris");
        Args = Strings(pyspark, "args");
        Labels = job.TryGetProperty("labels", out var l) && l.ValueKind == JsonValueKind.Object
            ? l.EnumerateObject().ToDictionary(x => x.Name, x => x.Value.GetString() ?? "")
            : new Dictionary<string, string>();
        MaxFailuresPerHour = job.TryGetProperty("scheduling", out var s)
            && s.TryGetProperty("maxFailuresPerHour", out var f)
            ? f.GetInt32()
            : 0;
    }

    /// <summary><c>reference.jobId</c>.</summary>
    public string JobId { get; }

    /// <summary>The submit request's <c>requestId</c>.</summary>
    public string RequestId { get; }

    /// <summary><c>placement.clusterName</c>.</summary>
    public string ClusterName { get; }

    /// <summary>The cluster's uuid.</summary>
    public string ClusterUuid { get; }

    /// <summary>The submitted <c>job</c> object.</summary>
    public JsonElement Body { get; }

    /// <summary><c>pysparkJob.mainPythonFileUri</c>.</summary>
    public string MainPythonFileUri { get; }

    /// <summary><c>pysparkJob.pythonFileUris</c>.</summary>
    public IReadOnlyList<string> PythonFileUris { get; }

    /// <summary><c>pysparkJob.args</c>.</summary>
    public IReadOnlyList<string> Args { get; }

    /// <summary><c>labels</c>.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary><c>scheduling.maxFailuresPerHour</c>.</summary>
    public int MaxFailuresPerHour { get; }

    /// <summary>The current attempt, from 1 (the runner's attempt number).</summary>
    public int Attempt { get; internal set; }

    /// <summary><c>status.state</c>.</summary>
    public string State { get; internal set; } = "PENDING";

    /// <summary><c>status.details</c>.</summary>
    public string? Details { get; internal set; }

    /// <summary>Every state the job went through, in order.</summary>
    public IReadOnlyList<string> States => StateLog;

    /// <summary>True once <c>:cancel</c> was accepted.</summary>
    public bool CancelRequested { get; internal set; }

    /// <summary>The value after <c>--{name}</c> in <see cref="Args"/>, or null.</summary>
    public string? Arg(string name)
    {
        for (var i = 0; i + 1 < Args.Count; i++)
            if (Args[i] == $"--{name}") return Args[i + 1];
        return null;
    }

    internal List<string> StateLog { get; } = ["PENDING"];

    internal DateTimeOffset StateStart { get; set; } = DateTimeOffset.UtcNow;

    internal Task<FakeJobOutcome>? Running { get; set; }

    internal CancellationTokenSource Cancellation { get; } = new();

    private static IReadOnlyList<string> Strings(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var a)
            && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray().Select(x => x.GetString() ?? "").ToList()
            : [];
}
