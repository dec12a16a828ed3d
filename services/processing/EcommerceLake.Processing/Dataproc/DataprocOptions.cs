using System.ComponentModel.DataAnnotations;

namespace EcommerceLake.Processing.Dataproc;

/// <summary>
/// Configuration section <c>Processing:Dataproc</c>: the ephemeral cluster of a run and its PySpark jobs, used when
/// <c>Processing:Engine</c> is <c>Dataproc</c>. The project, region, credentials and endpoint come from the
/// <c>GoogleCloud</c> section. Cluster fields follow
/// https://cloud.google.com/dataproc/docs/reference/rest/v1/ClusterConfig.
/// </summary>
public sealed class DataprocOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Processing:Dataproc";

    /// <summary>
    /// <c>Processing:Dataproc:ClusterNamePrefix</c>: the cluster of a run is named this prefix followed by the run id
    /// in <c>N</c> format (32 lower-case hex digits), so at most 19 characters keep the name within Dataproc's 51. A
    /// lower-case letter, then lower-case letters, digits or hyphens. Default <c>lake-</c>.
    /// </summary>
    [Required]
    [RegularExpression("^[a-z][a-z0-9-]{0,18}$", ErrorMessage = "must start with a lower-case letter and hold at " +
        "most 19 lower-case letters, digits or hyphens (the run id's 32 characters follow; Dataproc allows 51).")]
    public string ClusterNamePrefix { get; set; } = "lake-";

    /// <summary><c>Processing:Dataproc:ImageVersion</c>: the Dataproc image (<c>softwareConfig.imageVersion</c>).
    /// Default <c>2.2-debian12</c> (Spark 3.5, Python 3.11).</summary>
    [Required]
    public string ImageVersion { get; set; } = "2.2-debian12";

    /// <summary><c>Processing:Dataproc:MasterMachineType</c>: machine type of the master node
    /// (<c>masterConfig.machineTypeUri</c>). Default <c>n2-standard-4</c>.</summary>
    [Required]
    public string MasterMachineType { get; set; } = "n2-standard-4";

    /// <summary><c>Processing:Dataproc:WorkerMachineType</c>: machine type of the worker nodes
    /// (<c>workerConfig.machineTypeUri</c>). Default <c>n2-standard-4</c>.</summary>
    [Required]
    public string WorkerMachineType { get; set; } = "n2-standard-4";

    /// <summary><c>Processing:Dataproc:WorkerCount</c>: primary workers, 2 to 500 (Dataproc's standard clusters need at
    /// least 2). Default 2.</summary>
    [Range(2, 500)]
    public int WorkerCount { get; set; } = 2;

    /// <summary>
    /// <c>Processing:Dataproc:ServiceAccount</c>: e-mail of the service account the cluster's VMs run as
    /// (<c>gceClusterConfig.serviceAccount</c>); it needs <c>roles/dataproc.worker</c> and read/write access to the
    /// lake bucket. Default: the Compute Engine default service account.
    /// </summary>
    public string? ServiceAccount { get; set; }

    /// <summary><c>Processing:Dataproc:Subnetwork</c>: subnetwork URI or name of the cluster
    /// (<c>gceClusterConfig.subnetworkUri</c>). Default: the project's default network.</summary>
    public string? Subnetwork { get; set; }

    /// <summary><c>Processing:Dataproc:InternalIpOnly</c>: give the cluster's VMs internal IP addresses only
    /// (<c>gceClusterConfig.internalIpOnly</c>; the subnetwork then needs Private Google Access). Default
    /// false.</summary>
    public bool InternalIpOnly { get; set; }

    /// <summary>
    /// <c>Processing:Dataproc:IdleDeleteTtlMinutes</c>: Dataproc deletes the cluster after this long without a running
    /// job (<c>lifecycleConfig.idleDeleteTtl</c>), 10 to 1 440. The safety net when a <c>DeleteCluster</c> is lost; it
    /// must exceed the longest extraction, since the cluster is requested when the run starts. Default 30.
    /// </summary>
    [Range(10, 1_440)]
    public int IdleDeleteTtlMinutes { get; set; } = 30;

    /// <summary><c>Processing:Dataproc:MaxClusterAgeMinutes</c>: Dataproc deletes the cluster this long after creation
    /// whatever it is doing (<c>lifecycleConfig.autoDeleteTtl</c>), 10 to 20 160. Default 240.</summary>
    [Range(10, 20_160)]
    public int MaxClusterAgeMinutes { get; set; } = 240;

    /// <summary><c>Processing:Dataproc:ClusterReadyTimeoutMinutes</c>: how long to wait for a cluster to reach RUNNING,
    /// or to be gone after a delete, 1 to 120. Default 20.</summary>
    [Range(1, 120)]
    public int ClusterReadyTimeoutMinutes { get; set; } = 20;

    /// <summary><c>Processing:Dataproc:JobTimeoutMinutes</c>: how long one stream's PySpark job may take before it is
    /// cancelled, 1 to 1 440. Default 120.</summary>
    [Range(1, 1_440)]
    public int JobTimeoutMinutes { get; set; } = 120;

    /// <summary>
    /// <c>Processing:Dataproc:MaxJobFailuresPerHour</c>: driver restarts allowed per hour
    /// (<c>scheduling.maxFailuresPerHour</c>), 0 to 10. Above 0 the job is restartable: an <c>ATTEMPT_FAILURE</c> is
    /// logged and the job runs again; at 0 the first failed attempt fails the stream. Default 1.
    /// </summary>
    [Range(0, 10)]
    public int MaxJobFailuresPerHour { get; set; } = 1;

    /// <summary>
    /// <c>Processing:Dataproc:StagingPrefix</c>: lake folder where the PySpark driver and the stream specs are staged,
    /// at <c>{StagingPrefix}/{sha256 of the content}/{file}</c> (content-addressed: never overwritten). Default
    /// <c>_staging/pyspark</c>.
    /// </summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.=-]+(/[A-Za-z0-9_.=-]+)*$",
        ErrorMessage = "must be '/'-separated names without a leading or trailing '/'.")]
    public string StagingPrefix { get; set; } = "_staging/pyspark";

    /// <summary>The name of the cluster of <paramref name="runId"/>: <see cref="ClusterNamePrefix"/> + the run id
    /// (<c>N</c> format).</summary>
    public string ClusterName(Guid runId) => $"{ClusterNamePrefix}{runId:N}";
}
