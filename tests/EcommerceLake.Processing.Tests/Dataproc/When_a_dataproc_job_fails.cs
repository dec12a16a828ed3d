using EcommerceLake.Processing.Dataproc;
using EcommerceLake.Testing;
using EcommerceLake.Testing.Fakes.Dataproc;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Processing.Tests.Dataproc;

public sealed class When_a_dataproc_job_fails
{
    private readonly Guid _runId = Guid.NewGuid();

    [Fact]
    public async Task Should_fail_the_stream_with_the_job_details_and_driver_output_on_ERROR()
    {
        await using var bed = await DataprocTestBed.StartAsync();
        bed.Fake.JobRunner = FakeJobRunners.Returns(
            FakeJobOutcome.Error("Traceback: ValueError: column order_id is missing"));
        var land = await bed.WriteCustomersAsync(_runId);

        var act = () => bed.ProcessAsync(_runId, DataprocTestBed.Customers, land);

        var error = (await act.Should().ThrowAsync<DataprocException>()).Which;
        error.State.Should().Be("ERROR");
        error.Message.Should().Contain("ValueError: column order_id is missing").And.Contain("driveroutput");
        bed.Fake.Jobs.Single().States.Should().ContainInOrder("PENDING", "SETUP_DONE", "RUNNING", "ERROR");
    }

    [Fact]
    public async Task Should_succeed_when_a_failed_attempt_is_restarted_and_then_done()
    {
        await using var bed = await DataprocTestBed.StartAsync();
        bed.Fake.JobRunner = FakeJobRunners.ByAttempt(
            FakeJobRunners.Returns(FakeJobOutcome.AttemptFailure("Executor lost: node preempted")),
            FakeJobRunners.InProcess(bed.Lake));
        var land = await bed.WriteCustomersAsync(_runId);

        var result = await bed.ProcessAsync(_runId, DataprocTestBed.Customers, land);

        result.RowCount.Should().Be(2);
        var job = bed.Fake.Jobs.Single();
        job.Attempt.Should().Be(2);
        job.States.Should().ContainInOrder("RUNNING", "ATTEMPT_FAILURE", "RUNNING", "DONE");
    }

    [Fact]
    public async Task Should_fail_on_an_attempt_failure_when_the_job_is_not_restartable()
    {
        await using var bed = await DataprocTestBed.StartAsync(o => o.MaxJobFailuresPerHour = 0);
        bed.Fake.JobRunner = FakeJobRunners.ByAttempt(
            FakeJobRunners.Returns(FakeJobOutcome.AttemptFailure("Executor lost")), FakeJobRunners.InProcess(bed.Lake));
        var land = await bed.WriteCustomersAsync(_runId);

        var act = () => bed.ProcessAsync(_runId, DataprocTestBed.Customers, land);

        (await act.Should().ThrowAsync<DataprocException>()).Which.Message.Should().Contain("not restartable")
            .And.Contain("Executor lost");
        bed.Fake.Jobs.Single().MaxFailuresPerHour.Should().Be(0);
        bed.Fake.Jobs.Single().Attempt.Should().Be(1, "no later attempt was awaited");
    }

    [Fact]
    public async Task Should_fail_when_an_attempt_failure_is_followed_by_ERROR()
    {
        await using var bed = await DataprocTestBed.StartAsync();
        bed.Fake.JobRunner = FakeJobRunners.ByAttempt(
            FakeJobRunners.Returns(FakeJobOutcome.AttemptFailure("first attempt lost")),
            FakeJobRunners.Returns(FakeJobOutcome.Error("second attempt: disk full")));
        var land = await bed.WriteCustomersAsync(_runId);

        var act = () => bed.ProcessAsync(_runId, DataprocTestBed.Customers, land);

        (await act.Should().ThrowAsync<DataprocException>()).Which.Message.Should()
            .Contain("second attempt: disk full");
        bed.Fake.Jobs.Single().States.Should().ContainInOrder("ATTEMPT_FAILURE", "RUNNING", "ERROR");
    }

    [Fact]
    public async Task Should_cancel_a_job_that_runs_past_the_job_timeout()
    {
        // The clock runs 600 times faster: the 1-minute job time-out elapses in about 100 ms.
        await using var bed = await DataprocTestBed.StartAsync(o => o.JobTimeoutMinutes = 1,
            new WaitSkippingTimeProvider(DateTimeOffset.UtcNow));
        bed.Fake.JobRunner = FakeJobRunners.Never;
        var land = await bed.WriteCustomersAsync(_runId);

        var act = () => bed.ProcessAsync(_runId, DataprocTestBed.Customers, land);

        (await act.Should().ThrowAsync<TimeoutException>()).Which.Message.Should().Contain("was cancelled");
        var job = bed.Fake.Jobs.Single();
        job.CancelRequested.Should().BeTrue();
        bed.Fake.Requests.Should().Contain(r => r.Method == "POST" && r.Path.EndsWith($"/jobs/{job.JobId}:cancel"));
    }

    [Fact]
    public async Task Should_fail_when_the_job_is_cancelled_by_someone_else()
    {
        await using var bed = await DataprocTestBed.StartAsync();
        bed.Fake.JobRunner = async (job, ct) =>
        {
            await bed.Jobs.CancelAsync(job.JobId, CancellationToken.None);
            await Task.Delay(Timeout.Infinite, ct);
            return FakeJobOutcome.Done;
        };
        var land = await bed.WriteCustomersAsync(_runId);

        var act = () => bed.ProcessAsync(_runId, DataprocTestBed.Customers, land);

        (await act.Should().ThrowAsync<DataprocException>()).Which.State.Should().Be("CANCELLED");
        bed.Fake.Jobs.Single().States.Should().ContainInOrder("CANCEL_PENDING", "CANCEL_STARTED", "CANCELLED");
    }

    [Fact]
    public async Task Should_fail_when_a_done_job_left_no_raw_manifest()
    {
        await using var bed = await DataprocTestBed.StartAsync();
        bed.Fake.JobRunner = FakeJobRunners.Returns(FakeJobOutcome.Done);
        var land = await bed.WriteCustomersAsync(_runId);

        var act = () => bed.ProcessAsync(_runId, DataprocTestBed.Customers, land);

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*DONE*_manifest.json*");
    }
}
