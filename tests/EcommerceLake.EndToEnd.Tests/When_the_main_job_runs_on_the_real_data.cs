using EcommerceLake.Cli.Demo;
using EcommerceLake.Cli.Embedded;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace EcommerceLake.EndToEnd.Tests;

/// <summary>
/// The README's main job on the real Olist data, against the real PostgreSQL test server: a full run, the change
/// batch, an incremental run, with trusted compared to every source row for row after each run.
/// </summary>
public sealed class When_the_main_job_runs_on_the_real_data
    : IClassFixture<When_the_main_job_runs_on_the_real_data.MainJob>
{
    private readonly MainJob _job;

    public When_the_main_job_runs_on_the_real_data(MainJob job) => _job = job;

    [Fact]
    public void Should_complete_both_runs()
    {
        _job.Report.Full!.Outcome.Should().Be("Completed", _job.Report.Full.Reason);
        _job.Report.Incremental!.Outcome.Should().Be("Completed", _job.Report.Incremental.Reason);
    }

    [Fact]
    public void Should_make_every_trusted_table_equal_its_source_after_the_full_run()
    {
        _job.Report.VerifiedAfterFull.Select(v => v.Stream).Should()
            .BeEquivalentTo(StreamCatalog.Default.All.Select(s => s.Key));
        _job.Report.VerifiedAfterFull.Should().OnlyContain(v => v.Matches && v.SourceRows > 0,
            string.Join("; ", _job.Report.VerifiedAfterFull.SelectMany(v => v.Examples)));
    }

    [Fact]
    public void Should_make_every_trusted_table_equal_its_source_after_the_incremental_run()
    {
        _job.Report.VerifiedAfterIncremental.Select(v => v.Stream).Should()
            .BeEquivalentTo(StreamCatalog.Default.All.Select(s => s.Key));
        _job.Report.VerifiedAfterIncremental.Should().OnlyContain(v => v.Matches && v.SourceRows > 0,
            string.Join("; ", _job.Report.VerifiedAfterIncremental.SelectMany(v => v.Examples)));
    }

    [Fact]
    public void Should_carry_deletes_to_trusted()
    {
        var items = _job.Report.Incremental!.Streams["marketplace.order_items"];
        items.Merge.Deleted.Should().BeGreaterThan(0);
        _job.Report.SourceRowsAfter["marketplace.order_items"].Should().Be(items.TrustedRows);
    }

    [Fact]
    public void Should_read_only_the_changes_in_the_incremental_run()
    {
        var full = _job.Report.Full!.Streams;
        var incremental = _job.Report.Incremental!.Streams;
        incremental["marketplace.orders"].LandRows.Should().BeGreaterThan(0)
            .And.BeLessThan(full["marketplace.orders"].LandRows / 4);
        incremental["marketplace.sellers"].LandRows.Should().Be(0);
        incremental["reviews.order_reviews"].LandRows.Should().BeGreaterThan(0)
            .And.BeLessThan(full["reviews.order_reviews"].LandRows / 4);
        incremental["files.sellers"].LandRows.Should().Be(0, "the sellers file was ingested by the full run");
        incremental["files.category_translation"].LandRows.Should()
            .BeGreaterThan(0, "a new translation file was dropped");
    }

    [Fact]
    public void Should_read_the_partner_files_over_sftp()
    {
        _job.Report.SftpEndpoint.Should().StartWith("sftp://").And.EndWith(_job.Report.DropDirectory);
        _job.Report.Full!.Streams["files.sellers"].LandRows.Should().BeGreaterThan(0);
        _job.Report.Full.Streams["files.products"].LandRows.Should().BeGreaterThan(0);
    }

    [Fact]
    public void Should_start_the_incremental_run_from_the_offsets_the_full_run_committed()
    {
        foreach (var (key, stream) in _job.Report.Incremental!.Streams)
        {
            stream.OffsetFrom.Should().NotBeNull(key);
            stream.OffsetFrom.Should().Be(_job.Report.Full!.Streams[key].OffsetTo, key);
        }
    }

    [Fact]
    public void Should_build_the_marts()
    {
        _job.Report.Incremental!.Marts.Should().NotBeNull();
        _job.Report.Incremental.Marts!.Values.Should().OnlyContain(rows => rows > 0);
        _job.Report.Incremental.MartsSeconds.Should().BePositive();
        _job.Report.Incremental.MartsBuiltAtSeconds.Should().BeGreaterThanOrEqualTo(
            _job.Report.Incremental.MartsSeconds!.Value, "the build started after the run was accepted");
    }

    /// <summary>Runs the main job once for the whole class and drops its databases afterwards.</summary>
    public sealed class MainJob : IAsyncLifetime
    {
        private readonly TempDirectory _work = new("lake-e2e");
        private readonly string _prefix = $"e2e_{Guid.NewGuid():N}"[..16];

        public DemoReport Report { get; private set; } = new();

        public async Task InitializeAsync()
        {
            var server = await PostgresDatabase.StartServerAsync();
            Report = await new DemoJob(NullLoggerFactory.Instance).RunAsync(
                new DemoOptions(WorkDirectory: _work.Path, ServerConnectionString: server, DatabasePrefix: _prefix),
                new NullProgress(), CancellationToken.None);
        }

        public async Task DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(PostgresDatabase.ServerConnectionString);
            await connection.OpenAsync();
            foreach (var db in new[] { $"{_prefix}_source", $"{_prefix}_warehouse" })
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }
            _work.Dispose();
        }
    }

    private sealed class NullProgress : IDemoProgress
    {
        public void Stage(string description) { }

        public void RunChanged(string runLabel, RunReport report) { }
    }
}
