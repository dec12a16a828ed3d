using EcommerceLake.Testing.Fakes.BigQuery;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Warehouse.Tests.BigQuery;

public sealed class When_a_bigquery_load_is_delivered_again
{
    [Fact]
    public async Task Should_use_the_same_job_ids_and_run_each_job_once()
    {
        await using var bed = await BigQueryTestBed.CreateAsync();
        await bed.Engine.InitializeAsync(CancellationToken.None);
        bed.AnswerLoads(5, 5, 0, 0, 5);
        var request = await bed.OrdersBatchAsync(count: 5);

        var first = await bed.Engine.LoadAsync(request, CancellationToken.None);
        var second = await bed.Engine.LoadAsync(request, CancellationToken.None);

        second.Should().BeEquivalentTo(first);
        first.Checks.Should().NotBeEmpty("marketplace.orders declares checks");
        bed.Fake.Jobs.Should()
            .HaveCount(2, "the second delivery re-attaches to the script job of the first and reads its result");
        foreach (var job in bed.Fake.Jobs)
        {
            job.JobId.Should().MatchRegex("^[A-Za-z0-9_-]{1,1024}$")
                .And.StartWith($"lake_{request.RunId:N}_marketplace_orders_");
            bed.Fake.InsertsOf(job.JobId).Should().Be(1);
        }
        var merge = bed.Fake.Jobs.Single(j => j.IsQuery).JobId;
        bed.Fake.Requests.Count(r => r == $"GET /bigquery/v2/projects/lake-test/queries/{merge}").Should()
            .Be(2, "each delivery read the same job's result");
    }

    [Fact]
    public async Task Should_re_attach_when_bigquery_answers_409_and_then_the_job()
    {
        await using var bed = await BigQueryTestBed.CreateAsync();
        await bed.Engine.InitializeAsync(CancellationToken.None);
        bed.AnswerLoads(5, 4, 1, 0, 9);
        bed.Fake.ConflictOnFirstInsert = true;

        var result = await bed.Engine.LoadAsync(await bed.OrdersBatchAsync(count: 5), CancellationToken.None);

        result.Should().BeEquivalentTo(new LoadResult(5, 4, 1, 0, 9), o => o.Excluding(r => r.Checks));
        bed.Fake.Jobs.Should().HaveCount(2);
        bed.Fake.Jobs.Should().OnlyContain(j => bed.Fake.InsertsOf(j.JobId) == 1 && j.StatesServed.Last() == "DONE");
    }

    [Fact]
    public async Task Should_re_attach_to_a_job_that_is_still_running()
    {
        await using var bed = await BigQueryTestBed.CreateAsync();
        await bed.Engine.InitializeAsync(CancellationToken.None);
        bed.AnswerLoads(5, 5, 0, 0, 5);
        var request = await bed.OrdersBatchAsync(count: 5);
        var first = await bed.Engine.LoadAsync(request, CancellationToken.None);
        var merge = bed.Fake.Jobs.Single(j => j.IsQuery);
        var configuration = merge.Configuration;

        var again = await bed.Jobs.RunAsync(merge.JobId, configuration, null, CancellationToken.None);

        again.JobId.Should().Be(merge.JobId, "409 duplicate re-attaches to the job of that id");
        bed.Fake.InsertsOf(merge.JobId).Should().Be(2);
        bed.Fake.Jobs.Should().HaveCount(2, "the fake counts one job per id");
        first.Inserted.Should().Be(5);
    }

    [Fact]
    public async Task Should_retry_a_request_answered_503()
    {
        await using var bed = await BigQueryTestBed.CreateAsync();
        await bed.Engine.InitializeAsync(CancellationToken.None);
        bed.AnswerLoads(5, 5, 0, 0, 5);
        var request = await bed.OrdersBatchAsync(count: 5);
        bed.Fake.FailNextRequests(1);

        var result = await bed.Engine.LoadAsync(request, CancellationToken.None);

        result.Inserted.Should().Be(5);
        bed.Fake.Jobs.Should().HaveCount(2);
    }

    [Fact]
    public async Task Should_run_a_failed_script_again_under_the_next_id()
    {
        await using var bed = await BigQueryTestBed.CreateAsync();
        await bed.Engine.InitializeAsync(CancellationToken.None);
        var fail = true;
        bed.Fake.Answer = job => !job.IsQuery ? Testing.Fakes.BigQuery.FakeJobAnswer.Empty
            : fail ? Testing.Fakes.BigQuery.FakeJobAnswer.Error("invalidQuery",
                "Transaction is aborted due to concurrent update")
            : LoadScriptAnswer.Of(job, 5, 5, 0, 0, 5);
        var request = await bed.OrdersBatchAsync(count: 5);
        await FluentActions.Awaiting(() => bed.Engine.LoadAsync(request, CancellationToken.None)).Should()
            .ThrowAsync<Exception>();
        fail = false;

        var result = await bed.Engine.LoadAsync(request, CancellationToken.None);

        result.Inserted.Should().Be(5);
        var queries = bed.Fake.Jobs.Where(j => j.IsQuery).Select(j => j.JobId).ToList();
        queries.Should().HaveCount(2);
        queries[1].Should().Be(queries[0] + "_r1");
        bed.Fake.Jobs.Count(j => j.IsLoad).Should()
            .Be(1, "the load job's staging table was still there, so it was reused");
    }
}
