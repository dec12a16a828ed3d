using System.Net;
using EcommerceLake.Google;
using EcommerceLake.Processing.Dataproc;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Processing.Tests.Dataproc;

public sealed class When_the_run_cluster_is_provisioned
{
    private readonly Guid _runId = Guid.NewGuid();

    [Fact]
    public async Task Should_create_one_cluster_per_run_with_labels_lifecycle_ttls_and_a_request_id()
    {
        await using var bed = await DataprocTestBed.StartAsync(o =>
        {
            o.ServiceAccount = "lake-dataproc@lake-test.iam.gserviceaccount.com";
            o.InternalIpOnly = true;
        });
        var orders = StreamCatalog.Default.Get("marketplace", "orders");
        var landCustomers = await bed.WriteCustomersAsync(_runId);
        var landOrders = await LandBatches.WriteAsync(bed.Lake, _runId, orders, []);

        var provisioned = await bed.ClusterManager.ProvisionAsync(_runId, CancellationToken.None);
        await Task.WhenAll(
            bed.ProcessAsync(_runId, DataprocTestBed.Customers, landCustomers),
            bed.ProcessAsync(_runId, orders, landOrders));
        await bed.ClusterManager.ProvisionAsync(_runId, CancellationToken.None);

        provisioned!.ClusterName.Should().Be($"lake-{_runId:N}");
        var cluster = bed.Fake.ClustersCreated.Should().ContainSingle().Subject;
        cluster.Name.Should().Be($"lake-{_runId:N}");
        cluster.RequestId.Should().Be($"create-{_runId:N}").And.MatchRegex("^[a-zA-Z0-9_-]{1,40}$");
        cluster.Labels.Should().Equal(new Dictionary<string, string>
        {
            ["lake-run-id"] = _runId.ToString("N"), ["managed-by"] = "ecommercelake"
        });
        var config = cluster.Config;
        config.GetProperty("lifecycleConfig").GetProperty("idleDeleteTtl").GetString().Should().Be("1800s");
        config.GetProperty("lifecycleConfig").GetProperty("autoDeleteTtl").GetString().Should().Be("14400s");
        config.GetProperty("softwareConfig").GetProperty("imageVersion").GetString().Should().Be("2.2-debian12");
        config.GetProperty("workerConfig").GetProperty("numInstances").GetInt32().Should().Be(2);
        config.GetProperty("gceClusterConfig").GetProperty("serviceAccount").GetString().Should()
            .Be("lake-dataproc@lake-test.iam.gserviceaccount.com");
        config.GetProperty("gceClusterConfig").GetProperty("internalIpOnly").GetBoolean().Should().BeTrue();
        bed.Fake.Jobs.Should().HaveCount(2).And.OnlyContain(j => j.ClusterName == cluster.Name);
    }

    [Fact]
    public async Task Should_create_the_cluster_itself_when_no_ProvisionCluster_came_first()
    {
        await using var bed = await DataprocTestBed.StartAsync();
        var land = await bed.WriteCustomersAsync(_runId);

        await bed.ProcessAsync(_runId, DataprocTestBed.Customers, land);

        bed.Fake.ClustersCreated.Should().ContainSingle().Which.State.Should().Be("RUNNING");
        bed.Fake.Requests.Should().Contain(r => r.Method == "POST" && r.Path.EndsWith("/clusters")
            && r.Query == $"?requestId=create-{_runId:N}");
    }

    [Fact]
    public async Task Should_fail_the_stream_with_the_cluster_detail_when_the_cluster_ends_in_ERROR()
    {
        await using var bed = await DataprocTestBed.StartAsync();
        bed.Fake.ClusterCreationFailure = "Insufficient 'CPUS' quota. Requested 12.0, available 8.0.";
        var land = await bed.WriteCustomersAsync(_runId);

        var act = () => bed.ProcessAsync(_runId, DataprocTestBed.Customers, land);

        var error = (await act.Should().ThrowAsync<DataprocException>()).Which;
        error.State.Should().Be("ERROR");
        error.Message.Should().Contain("Insufficient 'CPUS' quota");
        bed.Fake.Jobs.Should().BeEmpty();
    }

    [Fact]
    public async Task Should_fail_the_stream_with_Google_message_when_the_creation_is_refused()
    {
        await using var bed = await DataprocTestBed.StartAsync();
        bed.Fake.CreateClusterError =
            (HttpStatusCode.Forbidden, "PERMISSION_DENIED", "Required 'dataproc.clusters.create' permission");
        var land = await bed.WriteCustomersAsync(_runId);

        var act = () => bed.ProcessAsync(_runId, DataprocTestBed.Customers, land);

        (await act.Should().ThrowAsync<GoogleApiException>()).Which.Message.Should()
            .Contain("dataproc.clusters.create");
    }

    [Fact]
    public async Task Should_time_out_when_the_cluster_never_becomes_ready()
    {
        await using var bed = await DataprocTestBed.StartAsync(o => o.ClusterReadyTimeoutMinutes = 1,
            new WaitSkippingTimeProvider(DateTimeOffset.UtcNow));
        bed.Fake.CreatingPolls = int.MaxValue;

        var act = () => bed.ClusterManager.ProvisionAsync(_runId, CancellationToken.None);

        (await act.Should().ThrowAsync<TimeoutException>()).Which.Message.Should().Contain($"lake-{_runId:N}");
    }

    [Fact]
    public void Should_derive_names_and_ids_within_Dataproc_limits()
    {
        var runId = Guid.NewGuid();
        var name = new DataprocOptions { ClusterNamePrefix = "lake-prod-eu-west-" }.ClusterName(runId);

        name.Length.Should().BeLessThanOrEqualTo(51);
        name.Should().MatchRegex("^[a-z][a-z0-9-]*[a-z0-9]$");
        DataprocNames.CreateClusterRequestId(runId).Should().MatchRegex("^[a-zA-Z0-9_-]{1,40}$");
        DataprocNames.DeleteClusterRequestId(runId).Should().MatchRegex("^[a-zA-Z0-9_-]{1,40}$");
        DataprocNames.SubmitJobRequestId(runId, "marketplace", "order_items").Should()
            .MatchRegex("^[a-zA-Z0-9_-]{1,40}$")
            .And.Be(DataprocNames.SubmitJobRequestId(runId, "marketplace", "order_items"))
            .And.NotBe(DataprocNames.SubmitJobRequestId(runId, "marketplace", "orders"));
        DataprocNames.JobId(runId, new string('s', 80), new string('t', 80)).Should()
            .MatchRegex("^[a-zA-Z0-9_-]{1,100}$");
    }
}
