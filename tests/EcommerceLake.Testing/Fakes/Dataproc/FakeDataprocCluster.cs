using System.Text.Json;

namespace EcommerceLake.Testing.Fakes.Dataproc;

/// <summary>A cluster in the fake Dataproc
/// (https://cloud.google.com/dataproc/docs/reference/rest/v1/projects.regions.clusters#Cluster).</summary>
public sealed class FakeDataprocCluster
{
    internal FakeDataprocCluster(string name, string requestId, IReadOnlyDictionary<string, string> labels,
        JsonElement config, string createOperation)
    {
        Name = name;
        RequestId = requestId;
        Labels = labels;
        Config = config;
        CreateOperation = createOperation;
    }

    /// <summary><c>clusterName</c>.</summary>
    public string Name { get; }

    /// <summary><c>clusterUuid</c>.</summary>
    public string Uuid { get; } = Guid.NewGuid().ToString();

    /// <summary>The create request's <c>requestId</c> (empty when none).</summary>
    public string RequestId { get; }

    /// <summary>The labels it was created with.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>The <c>config</c> it was created with (for example <c>lifecycleConfig.idleDeleteTtl</c>).</summary>
    public JsonElement Config { get; }

    /// <summary>Name of the create operation.</summary>
    public string CreateOperation { get; }

    /// <summary>Name of the delete operation, once a delete was accepted.</summary>
    public string? DeleteOperation { get; internal set; }

    /// <summary><c>status.state</c>: CREATING, RUNNING, ERROR, DELETING, or DELETED once gone (the fake's own
    /// marker).</summary>
    public string State { get; internal set; } = "CREATING";

    /// <summary><c>status.detail</c>.</summary>
    public string? Detail { get; internal set; }

    /// <summary>True once it is gone (deleted).</summary>
    public bool IsDeleted => State == "DELETED";

    internal int Polls { get; set; }

    internal string? FailureDetail { get; set; }
}
