using FluentAssertions;
using Xunit;

namespace EcommerceLake.Processing.Tests.Dataproc;

public sealed class When_a_ProcessStream_is_redelivered_to_dataproc
{
    private readonly Guid _runId = Guid.NewGuid();

    [Fact]
    public async Task Should_return_the_finished_raw_batch_without_a_second_job()
    {
        await using var bed = await DataprocTestBed.StartAsync();
        var land = await bed.WriteCustomersAsync(_runId);
        var first = await bed.ProcessAsync(_runId, DataprocTestBed.Customers, land);
        var requests = bed.Fake.Requests.Count;

        var second = await bed.ProcessAsync(_runId, DataprocTestBed.Customers, land);

        second.Should().Be(first with { AlreadyFinished = true });
        bed.Fake.Jobs.Should().ContainSingle();
        bed.Fake.Requests.Count.Should().Be(requests, "a finished raw batch needs no Dataproc call");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Should_reattach_to_the_job_an_interrupted_delivery_submitted(bool requestIdForgotten)
    {
        await using var bed = await DataprocTestBed.StartAsync();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var typing = Testing.Fakes.Dataproc.FakeJobRunners.InProcess(bed.Lake);
        bed.Fake.JobRunner = async (job, ct) =>
        {
            started.TrySetResult();
            await release.Task.WaitAsync(ct);
            return await typing(job, ct);
        };
        var land = await bed.WriteCustomersAsync(_runId);
        using var interrupted = new CancellationTokenSource();
        var first = bed.ProcessAsync(_runId, DataprocTestBed.Customers, land, interrupted.Token);
        // A delivery that failed before submitting ends the wait too, and the assertion below reports it.
        await Task.WhenAny(started.Task, first).WaitAsync(TimeSpan.FromSeconds(60));
        interrupted.Cancel();
        await first.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>();
        bed.Fake.ForgetRequestIds = requestIdForgotten;
        // The job finishes only once the second delivery has submitted it too; released earlier, it could finish first
        // and the second delivery would find the raw batch done without submitting (another behaviour, tested
        // elsewhere).
        bed.Fake.OnRequest = r =>
        {
            if (r.Path.EndsWith("/jobs:submit", StringComparison.Ordinal)) release.TrySetResult();
        };

        var second = await bed.ProcessAsync(_runId, DataprocTestBed.Customers, land);

        second.RowCount.Should().Be(2);
        second.AlreadyFinished.Should().BeFalse();
        bed.Fake.Jobs.Should().ContainSingle().Which.State.Should().Be("DONE");
        bed.Fake.Requests.Count(r => r.Path.EndsWith("/jobs:submit")).Should()
            .Be(2, "the second delivery submitted again and was re-attached");
        bed.Fake.ClustersCreated.Should().ContainSingle();
    }
}
