using System.Diagnostics;
using System.Text.Json;
using EcommerceLake.Orchestrator.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace EcommerceLake.Orchestrator.Outbox;

/// <summary>
/// <see cref="IRunOutbox"/> on table <c>orchestrator.outbox_messages</c>, written through the saga attempt's
/// DbContext (so inside its transaction). A row holds the message's type (<c>Namespace.Type, Assembly</c>), its JSON
/// (<see cref="JsonSerializerDefaults.Web"/>) and the W3C <c>traceparent</c> of the current activity, so the relay
/// publishes it in the run's trace. <see cref="OutboxSignal"/> wakes the relay.
/// </summary>
public sealed class PostgresRunOutbox(TimeProvider time) : IRunOutbox
{
    /// <summary>The JSON options of stored message bodies.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>How a row names its message's type (<c>Namespace.Type, Assembly</c>), which
    /// <see cref="OutboxRelay"/> resolves with <see cref="Type.GetType(string, bool)"/>.</summary>
    public static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    /// <inheritdoc />
    public async Task AddAsync(PipeContext context, Guid runId, object message, CancellationToken cancellationToken)
    {
        var type = message.GetType();
        var typeName = TypeName(type);
        var body = JsonSerializer.Serialize(message, type, Json);
        var traceParent = Activity.Current?.Id;
        var now = time.GetUtcNow();
        await context.GetOrchestratorDbContext().Database.ExecuteSqlAsync(
            $"""
             INSERT INTO orchestrator.outbox_messages (run_id, message_type, body, trace_parent, created_at)
             VALUES ({runId}, {typeName}, {body}::jsonb, {traceParent}, {now})
             """,
            cancellationToken);
    }
}
