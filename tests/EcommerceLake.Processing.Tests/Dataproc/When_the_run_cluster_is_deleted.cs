using System.Net;
using EcommerceLake.Contracts;
using EcommerceLake.Testing;
using FluentAssertions;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace EcommerceLake.Processing.Tests.Dataproc;

/// <summary>
/// The cluster commands through the processing consumers with the Dataproc cluster manager against the fake.
/// <see cref="ClusterDeleted"/> is published whenever the run's cluster is confirmed gone, including when Dataproc
/// answers 404 (already gone): repeats are harmless for the orchestrator, and a lost first event must not leave the
/// cluster counted as running.
/// </summary>
public sealed class When_the_run_cluster_is_deleted : IAsyncLifetime
{
    private readonly Guid _runId = Guid.NewGuid();
    private DataprocTestBed _bed = null!;
    private ServiceProvider _provider = null!;
    private ITestHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _bed = await DataprocTestBed.StartAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<IClusterManager>(_bed.ClusterManager);
        services.AddSingleton<IProcessingEngine>(_bed.Engine);
        services.AddLakeTestHarness(x => x.AddProcessingConsumers());
        _provider = services.BuildServiceProvider(true);
        _harness = _provider.GetRequiredService<ITestHarness>();
        await _harness.Start();
    }

    public async Task DisposeAsync()
    {
        await _harness.Stop();
        await _provider.DisposeAsync();
        await _bed.DisposeAsync();
    }

    private string ClusterName => $"lake-{_runId:N}";

    [Fact]
    public async Task Should_provision_the_cluster_and_publish_ClusterProvisioned_once_it_runs()
    {
        await _harness.Bus.Publish(new ProvisionCluster { RunId = _runId });

        (await _harness.Published.Any<ClusterProvisioned>(m => m.Context.Message.RunId == _runId)).Should().BeTrue();
        _harness.Published.Select<ClusterProvisioned>().First().Context.Message.ClusterName.Should().Be(ClusterName);
        _bed.Fake.Cluster(ClusterName)!.State.Should().Be("RUNNING");
    }

    [Fact]
    public async Task Should_delete_the_cluster_and_publish_ClusterDeleted()
    {
        await _bed.ClusterManager.ProvisionAsync(_runId, CancellationToken.None);

        await _harness.Bus.Publish(new DeleteCluster { RunId = _runId, Outcome = RunOutcome.Completed });

        (await _harness.Published.Any<ClusterDeleted>(m => m.Context.Message.RunId == _runId)).Should().BeTrue();
        _harness.Published.Select<ClusterDeleted>().First().Context.Message.ClusterName.Should().Be(ClusterName);
        _bed.Fake.DeletedClusters.Should().Equal(ClusterName);
        _bed.Fake.Cluster(ClusterName).Should().BeNull();
        _bed.Fake.Requests.Should().Contain(r => r.Method == "DELETE" && r.Query == $"?requestId=delete-{_runId:N}");
    }

    [Fact]
    public async Task Should_count_a_second_DeleteCluster_as_success()
    {
        await _bed.ClusterManager.ProvisionAsync(_runId, CancellationToken.None);
        await _harness.Bus.Publish(new DeleteCluster { RunId = _runId, Outcome = RunOutcome.Completed });
        (await _harness.Published.Any<ClusterDeleted>()).Should().BeTrue();
        _bed.Fake.ForgetRequestIds = true; // the replay of the delete request is forgotten: Dataproc answers 404

        await _harness.Bus.Publish(new DeleteCluster { RunId = _runId, Outcome = RunOutcome.Failed });

        (await _harness.Consumed.Any<DeleteCluster>(m => m.Context.Message.Outcome == RunOutcome.Failed))
            .Should().BeTrue();
        _harness.Consumed.Select<DeleteCluster>().Should().HaveCount(2).And.OnlyContain(c => c.Exception == null);
        _harness.Published.Select<ClusterDeleted>().Should().HaveCount(2, "the cluster is confirmed gone both times");
        _bed.Fake.ClustersCreated.Should().ContainSingle();
        _bed.Fake.DeletedClusters.Should().Equal(ClusterName);
    }

    [Fact]
    public async Task Should_count_a_404_as_already_deleted()
    {
        _bed.Fake.DeleteAnswersNotFound = true;

        await _harness.Bus.Publish(new DeleteCluster { RunId = _runId, Outcome = RunOutcome.Failed });

        (await _harness.Published.Any<ClusterDeleted>(m => m.Context.Message.RunId == _runId)).Should().BeTrue();
        _harness.Consumed.Select<DeleteCluster>().First().Exception.Should().BeNull();
        _bed.Fake.DeletedClusters.Should().BeEmpty();
    }

    [Fact]
    public async Task Should_wait_until_a_creating_cluster_can_be_deleted()
    {
        _bed.Fake.CreatingPolls = 3;
        await _bed.Clusters.CreateAsync(_runId, CancellationToken.None);

        await _harness.Bus.Publish(new DeleteCluster { RunId = _runId, Outcome = RunOutcome.Failed });

        (await _harness.Published.Any<ClusterDeleted>(m => m.Context.Message.RunId == _runId)).Should().BeTrue();
        _bed.Fake.DeletedClusters.Should().Equal(ClusterName);
        _bed.Fake.Requests.Count(r => r.Method == "DELETE").Should()
            .BeGreaterThan(1, "the first delete met a CREATING cluster");
    }

    [Fact]
    public async Task Should_fault_the_command_when_the_delete_fails()
    {
        await _bed.ClusterManager.ProvisionAsync(_runId, CancellationToken.None);
        _bed.Fake.DeleteClusterError =
            (HttpStatusCode.Forbidden, "PERMISSION_DENIED", "Required 'dataproc.clusters.delete' permission");

        await _harness.Bus.Publish(new DeleteCluster { RunId = _runId, Outcome = RunOutcome.Failed });

        (await _harness.Consumed.Any<DeleteCluster>(c => c.Exception != null)).Should().BeTrue();
        _harness.Consumed.Select<DeleteCluster>().First().Exception!.Message.Should()
            .Contain("dataproc.clusters.delete");
        _harness.Published.Select<ClusterDeleted>().Should().BeEmpty();
        _bed.Fake.Cluster(ClusterName)!.State.Should().Be("RUNNING");
    }

    [Fact]
    public async Task Should_not_publish_ClusterProvisioned_when_the_cluster_fails()
    {
        _bed.Fake.ClusterCreationFailure = "Subnetwork 'default' has no Private Google Access.";

        await _harness.Bus.Publish(new ProvisionCluster { RunId = _runId });

        (await _harness.Consumed.Any<ProvisionCluster>()).Should().BeTrue();
        _harness.Consumed.Select<ProvisionCluster>().First().Exception.Should()
            .BeNull("the stream jobs report the cluster's failure");
        _harness.Published.Select<ClusterProvisioned>().Should().BeEmpty();
        _bed.Fake.ClustersCreated.Should().ContainSingle().Which.State.Should().Be("ERROR");
    }
}
