using System.Reflection;
using System.Text.Json;
using EcommerceLake.Contracts;
using EcommerceLake.Hosting;
using EcommerceLake.Orchestrator.Infrastructure;
using EcommerceLake.Orchestrator.Outbox;
using EcommerceLake.Testing;
using FluentAssertions;
using MassTransit;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Xunit;

namespace EcommerceLake.Orchestrator.Tests.Outbox;

/// <summary>
/// The outbox relay against a bus whose first publish is never confirmed — what MassTransit's RabbitMQ transport does
/// when the broker drops the connection between a publish and its publisher confirm: the publish waits on its
/// cancellation token alone. The relay must give it up after <c>Bus:PublishTimeout</c>, keep the row, and publish it
/// on its next pass, instead of holding every run's next command forever.
/// </summary>
public sealed class When_the_broker_never_confirms_a_publish(PostgresDatabase database)
    : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Should_give_the_publish_up_keep_the_row_and_publish_it_on_the_next_pass()
    {
        var connectionString = await database.CreateDatabaseAsync("orch");
        await OrchestratorSchema.ApplyAsync(connectionString, NullLogger.Instance, CancellationToken.None);
        var command = new ExtractStream
        {
            RunId = Guid.NewGuid(), Source = "files", Stream = "sellers", Offset = null, ForceFull = false,
        };
        await ExecuteAsync(connectionString,
            "INSERT INTO orchestrator.outbox_messages (run_id, message_type, body, created_at) "
            + "VALUES (@run, @type, @body::jsonb, now())",
            ("run", command.RunId), ("type", $"{typeof(ExtractStream).FullName}, EcommerceLake.Contracts"),
            ("body", JsonSerializer.Serialize(command, PostgresRunOutbox.Json)));
        var bus = UnconfirmedBus.Create(unconfirmed: 1);
        var relay = new OutboxRelay(
            Options.Create(new OrchestratorConnectionOptions { Orchestrator = connectionString }),
            new OrchestratorSchema(), new OutboxSignal(), bus,
            new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance),
            Options.Create(new BusOptions { PublishTimeout = TimeSpan.FromSeconds(1) }),
            NullLogger<OutboxRelay>.Instance);

        var stuck = () => relay.RelayOnceAsync(CancellationToken.None);

        (await stuck.Should().ThrowAsync<TimeoutException>())
            .WithMessage("Publishing ExtractStream was not confirmed within 00:00:01 (Bus:PublishTimeout).");
        (await CountAsync(connectionString)).Should().Be(1, "the unconfirmed message stays in the outbox");
        (await relay.RelayOnceAsync(CancellationToken.None)).Should().Be(1);
        ((UnconfirmedBus)(object)bus).Confirmed.Should().Equal(command);
        (await CountAsync(connectionString)).Should().Be(0);
    }

    private static async Task<long> CountAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM orchestrator.outbox_messages", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string connectionString, string sql,
        params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// An <see cref="IBus"/> that only publishes (<c>Publish(object, Type, CancellationToken)</c>, what the relay
    /// calls):
    /// its first <c>unconfirmed</c> publishes never complete and end only when their token is cancelled, like a
    /// publisher confirm lost with its channel; the others are confirmed at once and recorded.
    /// </summary>
    public class UnconfirmedBus : DispatchProxy
    {
        private int _unconfirmed;

        /// <summary>The messages whose publish completed.</summary>
        public List<object> Confirmed { get; } = [];

        public static IBus Create(int unconfirmed)
        {
            var bus = Create<IBus, UnconfirmedBus>();
            ((UnconfirmedBus)(object)bus)._unconfirmed = unconfirmed;
            return bus;
        }

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            if (method?.Name != nameof(IBus.Publish) || args is not [{ } message, Type, CancellationToken token])
                throw new NotSupportedException($"{method?.Name} is not part of this fake.");
            if (Interlocked.Decrement(ref _unconfirmed) >= 0)
                return Task.Delay(Timeout.Infinite, token);
            lock (Confirmed) Confirmed.Add(message);
            return Task.CompletedTask;
        }
    }
}
