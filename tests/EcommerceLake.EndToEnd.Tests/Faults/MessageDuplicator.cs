using EcommerceLake.Contracts;
using MassTransit;

namespace EcommerceLake.EndToEnd.Tests.Faults;

/// <summary>
/// Delivers every step message of a run twice: bound to the same exchanges as the services (its own queue,
/// <see cref="QueueName"/>), it re-publishes each command and event it sees once more, with the same message id,
/// as a broker redelivery would. A message id already copied is not copied again (so the copy itself is not). No
/// marker header is used: MassTransit carries a consumed message's headers over to what its consumer publishes,
/// so a marker would spread to the next step's messages and stop them from being copied.
/// </summary>
internal sealed class MessageDuplicator(DuplicateCount count) :
    IConsumer<RunAccepted>,
    IConsumer<ExtractStream>, IConsumer<StreamExtracted>,
    IConsumer<ProcessStream>, IConsumer<StreamProcessed>,
    IConsumer<LoadStream>, IConsumer<StreamLoaded>,
    IConsumer<BuildMarts>, IConsumer<MartsBuilt>
{
    /// <summary>The queue of the duplicator.</summary>
    public const string QueueName = "fault-duplicator";

    public Task Consume(ConsumeContext<RunAccepted> context) => DuplicateAsync(context);

    public Task Consume(ConsumeContext<ExtractStream> context) => DuplicateAsync(context);

    public Task Consume(ConsumeContext<StreamExtracted> context) => DuplicateAsync(context);

    public Task Consume(ConsumeContext<ProcessStream> context) => DuplicateAsync(context);

    public Task Consume(ConsumeContext<StreamProcessed> context) => DuplicateAsync(context);

    public Task Consume(ConsumeContext<LoadStream> context) => DuplicateAsync(context);

    public Task Consume(ConsumeContext<StreamLoaded> context) => DuplicateAsync(context);

    public Task Consume(ConsumeContext<BuildMarts> context) => DuplicateAsync(context);

    public Task Consume(ConsumeContext<MartsBuilt> context) => DuplicateAsync(context);

    private async Task DuplicateAsync<T>(ConsumeContext<T> context)
        where T : class
    {
        if (context.MessageId is not { } id || !count.TryClaim(id)) return;
        await context.Publish(context.Message, send => send.MessageId = id);
        count.Add(typeof(T).Name);
    }
}

/// <summary>How many messages <see cref="MessageDuplicator"/> delivered a second time, per message type.</summary>
internal sealed class DuplicateCount
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly HashSet<Guid> _copied = [];

    /// <summary>True the first time <paramref name="messageId"/> is seen: that message is to be copied.</summary>
    public bool TryClaim(Guid messageId)
    {
        lock (_copied) return _copied.Add(messageId);
    }

    /// <summary>Counts one copy of a <paramref name="messageType"/>.</summary>
    public void Add(string messageType)
    {
        lock (_counts) _counts[messageType] = _counts.GetValueOrDefault(messageType) + 1;
    }

    /// <summary>The copies of <paramref name="messageType"/> so far.</summary>
    public int Of(string messageType)
    {
        lock (_counts) return _counts.GetValueOrDefault(messageType);
    }

    /// <summary>For example <c>ExtractStream×3, LoadStream×3</c>.</summary>
    public override string ToString()
    {
        lock (_counts) return string.Join(", ", _counts.OrderBy(c => c.Key).Select(c => $"{c.Key}×{c.Value}"));
    }
}
