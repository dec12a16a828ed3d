using System.Globalization;
using EcommerceLake.Streams;
using EcommerceLake.Testing.Fakes.BigQuery;
using EcommerceLake.Warehouse.BigQuery;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Warehouse.Tests.BigQuery;

/// <summary>
/// BigQuery aborts a transaction when another one mutates the same table at the same time; every stream's load writes
/// <c>land.batches</c>, and the warehouse loads up to eight streams at once.
/// </summary>
public sealed class When_streams_load_into_bigquery_at_once
{
    [Fact]
    public async Task Should_abort_the_later_of_two_concurrent_transactions_on_one_table()
    {
        await using var bed = await BigQueryTestBed.CreateAsync();
        bed.Fake.RunTime = TimeSpan.FromSeconds(30);
        bed.Fake.PollsUntilDone = 3;
        const string script = "BEGIN TRANSACTION;\nMERGE `land`.`batches` AS b USING (SELECT 1 AS x) AS n ON FALSE " +
            "WHEN NOT MATCHED THEN INSERT ROW;\nCOMMIT TRANSACTION;";

        var runs = new[] { "lake_tx_first", "lake_tx_second" }.Select(async id =>
        {
            try
            {
                await bed.Jobs.RunAsync(id, BigQueryJobs.QueryConfiguration(script, []), null, CancellationToken.None);
                return null;
            }
            catch (BigQueryJobException e)
            {
                return e.Message;
            }
        }).ToList();
        var errors = await Task.WhenAll(runs);

        errors.Count(e => e is null).Should().Be(1, "the transaction that started first commits");
        errors.Single(e => e is not null).Should()
            .Contain("Transaction is aborted due to concurrent update against table").And.Contain("land.batches");
    }

    [Fact]
    public async Task Should_load_every_stream_at_once_without_an_aborted_transaction()
    {
        await using var bed = await BigQueryTestBed.CreateAsync();
        await bed.Engine.InitializeAsync(CancellationToken.None);
        bed.Fake.RunTime = TimeSpan.FromMilliseconds(500);
        bed.Fake.PollsUntilDone = int.MaxValue;
        bed.Fake.Answer = job => job.Parameters.TryGetValue("row_count", out var rows)
            ? LoadScriptAnswer.Of(job, long.Parse(rows!, CultureInfo.InvariantCulture), 1, 0, 0, 1)
            : FakeJobAnswer.Empty;
        var requests = new List<LoadRequest>();
        foreach (var spec in StreamCatalog.Default.All.Take(8))
        {
            var runId = Guid.NewGuid();
            var row = BigQueryTestBed.Columns(spec).Select(c => c == StreamSpec.OperationColumn ? "I" : "1")
                .ToArray<string?>();
            var batch = await BigQueryTestBed.WriteRawAsync(bed.Lake, spec.Source, spec.Stream, runId, [row],
                new DateOnly(2024, 5, 17));
            requests.Add(new LoadRequest(runId, spec.Source, spec.Stream, batch, IsFullSnapshot: false));
        }

        var results = await Task.WhenAll(requests.Select(r => bed.Engine.LoadAsync(r, CancellationToken.None)));

        results.Should().OnlyContain(r => r.RawRowCount == 1);
        var scripts = bed.Fake.Jobs.Where(j => j.IsQuery).ToList();
        scripts.Should().HaveCount(requests.Count).And.OnlyContain(j => j.Answer.ErrorReason == null);
        scripts.Should().OnlyContain(j => !j.TransactionTables.Contains("land.batches"),
            "the shared batch registry is written outside the load's transaction");
        scripts.Should().OnlyContain(j => j.Query!.Contains("MERGE `land`.`batches`"));
        var starts = scripts.Select(j => j.InsertedAt).Order().ToList();
        starts.Zip(starts.Skip(1)).Should().Contain(p => p.Second - p.First < bed.Fake.RunTime,
            "some loads ran at the same time");
    }
}
