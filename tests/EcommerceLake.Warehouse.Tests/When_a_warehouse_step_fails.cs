using EcommerceLake.Contracts;
using EcommerceLake.Google;
using EcommerceLake.Lake;
using EcommerceLake.Testing;
using EcommerceLake.Warehouse.Checks;
using FluentAssertions;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Xunit;

namespace EcommerceLake.Warehouse.Tests;

/// <summary>
/// The step consumers' failure handling on the production receive pipeline (bus-wide retry around the step retry),
/// with the retry intervals shortened: transient failures are retried and end in <c>Fault&lt;LoadStream&gt;</c>
/// when they never stop; other failures are published as <see cref="StreamLoadFailed"/> with their kind at once.
/// </summary>
public sealed class When_a_warehouse_step_fails(PostgresDatabase database)
    : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private const int RetryLimit = 3;
    private readonly TempDirectory _lake = new("warehouse-failures");
    private readonly ScriptedWarehouseEngine _scripted = new();
    private IHost _host = null!;
    private ITestHarness _harness = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_harness is not null) await _harness.Stop();
        _host?.Dispose();
        _lake.Dispose();
    }

    [Fact]
    public async Task Should_retry_a_dropped_connection_and_publish_only_StreamLoaded()
    {
        await StartAsync(scripted: true);
        _scripted.FailuresLeft = 2;
        _scripted.Failure = () =>
            new NpgsqlException("Exception while reading from stream", new EndOfStreamException());
        var runId = Guid.NewGuid();

        await PublishLoadAsync(runId, "sellers");

        (await _harness.Published.Any<StreamLoaded>(m => m.Context.Message.RunId == runId)).Should().BeTrue();
        _scripted.Attempts.Should().Be(3);
        _harness.Published.Select<StreamLoadFailed>(m => m.Context.Message.RunId == runId).Should().BeEmpty();
        _harness.Published.Select<Fault<LoadStream>>(m => m.Context.Message.Message.RunId == runId).Should().BeEmpty();
    }

    [Fact]
    public async Task Should_publish_a_Fault_of_the_command_when_a_transient_failure_outlasts_the_retries()
    {
        await StartAsync(scripted: true);
        _scripted.FailuresLeft = int.MaxValue;
        _scripted.Failure = () => new TimeoutException("The warehouse did not answer.");
        var runId = Guid.NewGuid();

        await PublishLoadAsync(runId, "sellers");

        (await _harness.Published.Any<Fault<LoadStream>>(m => m.Context.Message.Message.RunId == runId))
            .Should().BeTrue();
        _scripted.Attempts.Should().Be(RetryLimit + 1, "the bus-wide retry must not multiply the step retry");
        _harness.Published.Select<StreamLoadFailed>(m => m.Context.Message.RunId == runId).Should().BeEmpty();
    }

    [Fact]
    public async Task Should_publish_StreamLoadFailed_with_kind_Configuration_at_once_for_a_configuration_error()
    {
        await StartAsync(scripted: true);
        _scripted.FailuresLeft = int.MaxValue;
        _scripted.Failure = () => new OptionsValidationException(
            "Warehouse", typeof(WarehouseOptions), ["ConnectionStrings:Warehouse is required."]);
        var runId = Guid.NewGuid();

        await _harness.Bus.Publish(new BuildMarts { RunId = runId });

        (await _harness.Published.Any<MartsBuildFailed>(m => m.Context.Message.RunId == runId)).Should().BeTrue();
        var failed = _harness.Published.Select<MartsBuildFailed>(m => m.Context.Message.RunId == runId)
            .Single().Context.Message;
        failed.Kind.Should().Be(FailureKind.Configuration);
        failed.Error.Should().StartWith("OptionsValidationException: ").And.Contain("ConnectionStrings:Warehouse");
        _scripted.Attempts.Should().Be(1);
        _harness.Published.Select<Fault<BuildMarts>>(m => m.Context.Message.Message.RunId == runId)
            .Should().BeEmpty();
    }

    [Fact]
    public async Task Should_publish_StreamLoadFailed_with_every_check_outcome_when_an_error_check_fails()
    {
        await StartAsync(scripted: true);
        CheckOutcome[] outcomes =
        [
            new()
            {
                Name = "value_not_negative", Assertion = "payment_value ≥ 0", Severity = CheckSeverity.Error,
                CheckedRows = 2, FailingRows = 1, SampleKeys = ["o5|1"],
            },
            new()
            {
                Name = "known_type", Assertion = "payment_type in (boleto)", Severity = CheckSeverity.Warn,
                CheckedRows = 2, FailingRows = 0, SampleKeys = [],
            },
        ];
        _scripted.FailuresLeft = int.MaxValue;
        _scripted.Failure = () => new DataCheckFailedException("marketplace.order_payments", outcomes);
        var runId = Guid.NewGuid();

        await PublishLoadAsync(runId, "order_payments");

        (await _harness.Published.Any<StreamLoadFailed>(m => m.Context.Message.RunId == runId)).Should().BeTrue();
        var failed = _harness.Published.Select<StreamLoadFailed>(m => m.Context.Message.RunId == runId)
            .Single().Context.Message;
        failed.Kind.Should().Be(FailureKind.SourceData);
        failed.Error.Should().Contain("'value_not_negative' (payment_value ≥ 0): 1 of 2 rows, e.g. o5|1");
        failed.Checks.Should().BeEquivalentTo(outcomes, o => o.WithStrictOrdering(),
            "every outcome is reported, the passing warn check too");
        _scripted.Attempts.Should().Be(1, "a failed check is not retried");
    }

    [Fact]
    public async Task Should_retry_a_load_whose_postgres_session_is_terminated_and_leave_trusted_right()
    {
        await StartAsync(scripted: false);
        var bed = new LocalLakeStore(_lake.Path);
        var runId = Guid.NewGuid();
        var batch = LakePaths.RawBatch("marketplace_sellers", DateOnly.FromDateTime(DateTime.UtcNow), runId);
        var writer = await LakeBatchWriter.OpenAsync(bed, batch, new CsvRecordFormat(),
            ["_op", "_change_version", "seller_id", "seller_zip_code_prefix", "seller_city", "seller_state"], 1000,
            CancellationToken.None);
        await writer.WriteAsync(["I", "1", "s1", "01310", "sao paulo", "SP"], CancellationToken.None);
        await writer.WriteAsync(["I", "1", "s2", "20000", "rio de janeiro", "RJ"], CancellationToken.None);
        await writer.CompleteAsync("raw", "marketplace", "sellers", runId, null, null, false, CancellationToken.None);

        // Hold the trusted table so the load stops inside its transaction, then kill the loading session.
        await using var blocker = new NpgsqlConnection(database.ConnectionString);
        await blocker.OpenAsync();
        await using var hold = await blocker.BeginTransactionAsync();
        await Execute(blocker, "LOCK TABLE trusted.marketplace_sellers IN ACCESS EXCLUSIVE MODE");

        await PublishLoadAsync(runId, "sellers", batch);

        var loader = await WaitForSessionWaitingOnLockAsync(blocker);
        (await Scalar(blocker, $"SELECT pg_terminate_backend({loader})")).Should().Be(true);
        await hold.CommitAsync();

        (await _harness.Published.Any<StreamLoaded>(m => m.Context.Message.RunId == runId)).Should().BeTrue();
        var loaded = _harness.Published.Select<StreamLoaded>(m => m.Context.Message.RunId == runId)
            .Single().Context.Message;
        loaded.Should().BeEquivalentTo(new { RawRowCount = 2L, TrustedRowCount = 2L, Inserted = 2L, Updated = 0L });
        _harness.Published.Select<StreamLoadFailed>(m => m.Context.Message.RunId == runId).Should().BeEmpty();
        var sellers = await PostgresDatabase.QueryColumnAsync(database.ConnectionString,
            "SELECT seller_id || '/' || seller_city FROM trusted.marketplace_sellers ORDER BY seller_id");
        sellers.Should().Equal("s1/sao paulo", "s2/rio de janeiro");
        (await PostgresDatabase.QueryColumnAsync(database.ConnectionString,
            "SELECT count(*) FROM raw.marketplace_sellers")).Single().Should().Be(2L);
    }

    [Fact]
    public async Task Should_report_progress_while_a_long_load_runs()
    {
        await StartAsync(scripted: true);
        _scripted.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runId = Guid.NewGuid();

        await PublishLoadAsync(runId, "sellers");
        var reported = await _harness.Published.Any<StepProgressed>(m => m.Context.Message.RunId == runId);
        _scripted.Hold.SetResult();

        reported.Should().BeTrue("a step publishes StepProgressed every Bus:StepRetry:ProgressInterval");
        (await _harness.Published.Any<StreamLoaded>(m => m.Context.Message.RunId == runId)).Should().BeTrue();
        var progress = _harness.Published.Select<StepProgressed>(m => m.Context.Message.RunId == runId)
            .First().Context.Message;
        progress.Should().Match<StepProgressed>(p =>
            p.Source == "marketplace" && p.Stream == "sellers" && p.Step == "LoadStream" && p.ElapsedSeconds > 0.5);
    }

    /// <summary>Publishes a LoadStream of <paramref name="stream"/> (marketplace, incremental) for
    /// <paramref name="runId"/> from <paramref name="rawBatch"/>.</summary>
    private Task PublishLoadAsync(Guid runId, string stream, string rawBatch = "raw/any") =>
        _harness.Bus.Publish(new LoadStream
        {
            RunId = runId,
            Source = "marketplace",
            Stream = stream,
            RawBatchUri = rawBatch,
            IsFullSnapshot = false,
        });

    private async Task StartAsync(bool scripted)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lake:Root"] = _lake.Path,
            ["ConnectionStrings:Warehouse"] = database.ConnectionString,
            ["Bus:StepRetry:Limit"] = RetryLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Bus:StepRetry:MinInterval"] = "00:00:00.010",
            ["Bus:StepRetry:MaxInterval"] = "00:00:00.100",
            ["Bus:StepRetry:IntervalDelta"] = "00:00:00.010",
            ["Bus:StepRetry:ProgressInterval"] = "00:00:01",
        });
        builder.AddLakeStorage();
        if (scripted) builder.Services.TryAddSingleton<IWarehouseEngine>(_scripted);
        builder.AddWarehouse();
        builder.Services.AddLakeBusTestHarness(x => x.AddWarehouseConsumers());
        _host = builder.Build();
        await _host.Services.GetRequiredService<IWarehouseEngine>().InitializeAsync(CancellationToken.None);
        _harness = _host.Services.GetRequiredService<ITestHarness>();
        await _harness.Start();
    }

    private async Task<int> WaitForSessionWaitingOnLockAsync(NpgsqlConnection blocker)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        const string sql = "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            + "AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'";
        while (true)
        {
            timeout.Token.ThrowIfCancellationRequested();
            if (await Scalar(blocker, sql) is int pid) return pid;
            // pg_sleep on the server paces the poll without a client-side sleep.
            await Execute(blocker, "SELECT pg_sleep(0.02)");
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> Scalar(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>An engine that throws <see cref="Failure"/> for its first <see cref="FailuresLeft"/> calls.</summary>
    private sealed class ScriptedWarehouseEngine : IWarehouseEngine
    {
        private int _attempts;

        public int FailuresLeft { get; set; }

        public Func<Exception> Failure { get; set; } = () => new InvalidOperationException("scripted");

        public int Attempts => Volatile.Read(ref _attempts);

        /// <summary>When set, a load waits for it (a long step).</summary>
        public TaskCompletionSource? Hold { get; set; }

        public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task<LoadResult> LoadAsync(LoadRequest request, CancellationToken cancellationToken)
        {
            Attempt();
            if (Hold is { } hold) await hold.Task.WaitAsync(cancellationToken);
            return new LoadResult(2, 2, 0, 0, 2);
        }

        public Task<MartsResult> BuildMartsAsync(
            Guid runId, MartsChainName? chain, CancellationToken cancellationToken)
        {
            Attempt();
            return Task.FromResult(new MartsResult(new Dictionary<string, long>()));
        }

        private void Attempt()
        {
            Interlocked.Increment(ref _attempts);
            if (FailuresLeft-- > 0) throw Failure();
        }
    }
}
