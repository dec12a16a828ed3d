using EcommerceLake.Testing.Fakes.BigQuery;
using EcommerceLake.Warehouse.BigQuery;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Warehouse.Tests.BigQuery;

public sealed class When_a_bigquery_job_fails
{
    [Fact]
    public async Task Should_throw_naming_the_job_id_the_reason_and_the_message()
    {
        await using var bed = await BigQueryTestBed.CreateAsync();
        await bed.Engine.InitializeAsync(CancellationToken.None);
        bed.Fake.Answer = job => job.IsQuery
            ? FakeJobAnswer.Error("invalidQuery",
                "Query error: The rows loaded from the raw batch differ from its manifest row count. at [42:1]")
            : FakeJobAnswer.Empty;
        var request = await bed.OrdersBatchAsync(count: 5);

        var act = () => bed.Engine.LoadAsync(request, CancellationToken.None);

        var failure = (await act.Should().ThrowAsync<BigQueryJobException>()).Which;
        var jobId = bed.Fake.Jobs.Single(j => j.IsQuery).JobId;
        failure.JobId.Should().Be(jobId);
        failure.Message.Should().Contain(jobId).And.Contain("invalidQuery")
            .And.Contain("differ from its manifest row count");
        bed.Fake.Table("land", $"stage_marketplace_orders_{request.RunId:N}").Should()
            .NotBeNull("a failed load keeps its staging table for the retry");
    }

    [Fact]
    public async Task Should_fail_a_load_job_with_its_error()
    {
        await using var bed = await BigQueryTestBed.CreateAsync();
        await bed.Engine.InitializeAsync(CancellationToken.None);
        bed.Fake.Answer = job => job.IsLoad
            ? FakeJobAnswer.Error("invalid",
                "Error while reading data, error message: CSV table references column position 9")
            : FakeJobAnswer.Empty;

        var act = async () => await bed.Engine.LoadAsync(await bed.OrdersBatchAsync(count: 5), CancellationToken.None);

        (await act.Should().ThrowAsync<BigQueryJobException>())
            .WithMessage("*_load_*(invalid)*CSV table references column position 9*");
        bed.Fake.Jobs.Should().OnlyContain(j => j.IsLoad, "no script runs after a failed load job");
    }
}
