using System.ComponentModel.DataAnnotations;

namespace EcommerceLake.Ingestion;

/// <summary>Configuration section <c>Ingestion</c>: how the ingestion service takes its work.</summary>
public sealed class IngestionOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Ingestion";

    /// <summary>
    /// <c>Ingestion:ConcurrentExtractions</c>: <c>ExtractStream</c> commands one ingestion instance runs at once (its
    /// endpoint's concurrency and prefetch), 1 to 256. Default 16, more than the 13 streams of the default catalog:
    /// an extraction mostly waits on its source (a database, an HTTP API, an SFTP server, a file's stability
    /// interval), so a run's streams start together instead of the longest one queueing behind short ones that wait.
    /// The CPU-bound steps keep <c>Bus:PrefetchCount</c> unless <c>Processing:ConcurrentStreams</c> or
    /// <c>Warehouse:ConcurrentLoads</c> set theirs. On Pub/Sub, <c>Bus:PubSub:MaxOutstandingMessages</c> also bounds
    /// it.
    /// </summary>
    [Range(1, 256, ErrorMessage = "Ingestion:ConcurrentExtractions must be between 1 and 256.")]
    public int ConcurrentExtractions { get; set; } = DefaultConcurrentExtractions;

    /// <summary>The default of <see cref="ConcurrentExtractions"/>.</summary>
    public const int DefaultConcurrentExtractions = 16;
}
