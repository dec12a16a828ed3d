using EcommerceLake.Contracts;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EcommerceLake.Ingestion.Detectors;

/// <summary>
/// Base of the polling detectors. Each poll asks the orchestrator for the source's committed offsets
/// (<see cref="GetCommittedOffsets"/> → <see cref="CommittedOffsetsReported"/>, request/response on the bus: the
/// orchestrator stays the only owner of offsets and the detector keeps no state that could drift), compares them with
/// the source (<see cref="ObserveAsync"/>) and publishes <see cref="SourceChangeDetected"/> when the source is ahead.
/// The same observation (same signature) is published once, so a file waiting for a run does not raise an event per
/// poll; when the source is caught up the memory is cleared. The loop is a <see cref="PeriodicTimer"/> on the
/// registered <see cref="TimeProvider"/>; a failed poll is logged and the next one tries again.
/// </summary>
public abstract class SourceDetector(IBus bus, TimeProvider time, TimeSpan offsetsTimeout, ILogger logger)
    : BackgroundService
{
    private string? _lastSignature;

    /// <summary>Source name.</summary>
    public abstract string Source { get; }

    /// <summary>The <see cref="SourceChangeDetected.Kind"/> this detector publishes.</summary>
    public abstract SourceChangeKind Kind { get; }

    /// <summary>True when the detector polls.</summary>
    protected abstract bool Enabled { get; }

    /// <summary>Time between polls.</summary>
    protected abstract TimeSpan PollInterval { get; }

    /// <summary>Compares the source with its committed offsets; null when the source holds nothing new.</summary>
    protected abstract Task<SourceObservation?> ObserveAsync(IReadOnlyDictionary<string, string> committedOffsets,
        CancellationToken cancellationToken);

    /// <summary>One poll: reads the committed offsets, looks at the source, publishes a new observation.</summary>
    /// <returns>The event published, or null when nothing new was seen (or the same as last time).</returns>
    /// <exception cref="RequestTimeoutException">The orchestrator did not answer within
    /// <c>Detectors:OffsetsTimeout</c>.</exception>
    public async Task<SourceChangeDetected?> PollOnceAsync(CancellationToken cancellationToken)
    {
        var client = bus.CreateRequestClient<GetCommittedOffsets>(
            RequestTimeout.After(ms: (int)offsetsTimeout.TotalMilliseconds));
        var response = await client.GetResponse<CommittedOffsetsReported>(new GetCommittedOffsets { Source = Source },
            cancellationToken);
        var observation = await ObserveAsync(response.Message.Offsets, cancellationToken);
        if (observation is null)
        {
            _lastSignature = null;
            return null;
        }
        if (observation.Signature == _lastSignature) return null;
        var change = new SourceChangeDetected
        {
            Source = Source,
            Kind = Kind,
            Detail = observation.Detail,
            DetectedAt = time.GetUtcNow(),
        };
        await bus.Publish(change, cancellationToken);
        _lastSignature = observation.Signature;
        logger.LogInformation("{Source}: {Kind} — {Detail}", Source, WireName.Of(Kind), observation.Detail);
        return change;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled) return;
        logger.LogInformation("Watching {Source} for {Kind} every {Interval}", Source, WireName.Of(Kind), PollInterval);
        using var timer = new PeriodicTimer(PollInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await PollOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException
                    || !stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("Watching {Source} failed ({Error}); the next poll tries again", Source,
                        ex.GetType().Name + ": " + ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
