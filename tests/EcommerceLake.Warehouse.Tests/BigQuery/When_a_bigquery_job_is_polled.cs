using EcommerceLake.Testing.Fakes.BigQuery;
using EcommerceLake.Warehouse.BigQuery;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Warehouse.Tests.BigQuery;

public sealed class When_a_bigquery_job_is_polled
{
    [Fact]
    public async Task Should_wait_through_pending_and_running_until_done()
    {
        await using var bed = await BigQueryTestBed.CreateAsync();
        bed.Fake.PollsUntilDone = 4;
        bed.Fake.RunTime = Timeout.InfiniteTimeSpan; // only the polls finish it
        bed.Fake.Answer = _ => FakeJobAnswer.Row(("n", 7L));

        var job = await bed.Jobs.RunAsync("lake_poll_test", BigQueryJobs.QueryConfiguration("SELECT 7 AS n", []), null,
            CancellationToken.None);

        job.IsDone.Should().BeTrue();
        var recorded = bed.Fake.Jobs.Single();
        recorded.StatesServed.Should().Equal("RUNNING", "RUNNING", "RUNNING", "DONE");
        (await bed.Jobs.GetQueryResultsAsync(job.JobId, CancellationToken.None)).Int64(0, "n").Should().Be(7);
    }

    [Fact]
    public async Task Should_read_every_page_of_the_results()
    {
        await using var bed = await BigQueryTestBed.CreateAsync();
        bed.Fake.PageSize = 2;
        bed.Fake.Answer = _ => new FakeJobAnswer
        {
            Fields = ["word", "n"], Rows = [["a", 1L], ["b", null], ["c", 3L], ["d", 4L], ["e", 5L]],
        };

        var job = await bed.Jobs.RunAsync("lake_page_test", BigQueryJobs.QueryConfiguration("SELECT 1", []), null,
            CancellationToken.None);
        var result = await bed.Jobs.GetQueryResultsAsync(job.JobId, CancellationToken.None);

        result.Fields.Should().Equal("word", "n");
        result.Rows.Select(r => r[0]).Should().Equal("a", "b", "c", "d", "e");
        result.Rows[1][1].Should().BeNull();
        bed.Fake.Requests.Count(r => r.Contains("/queries/", StringComparison.Ordinal)).Should().Be(3);
    }

    [Fact]
    public void Should_make_job_ids_deterministic_and_distinct_per_input()
    {
        var run = Guid.NewGuid();

        var a = BigQueryJobs.JobId(run, "marketplace_orders", "load", "batch-1");
        var again = BigQueryJobs.JobId(run, "marketplace_orders", "load", "batch-1");
        var other = BigQueryJobs.JobId(run, "marketplace_orders", "load", "batch-2");

        again.Should().Be(a);
        other.Should().NotBe(a);
        a.Should().MatchRegex("^[A-Za-z0-9_-]+$").And.HaveLength($"lake_{run:N}_marketplace_orders_load_".Length + 12);
    }
}
